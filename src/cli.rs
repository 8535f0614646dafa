//! Command-line interface (clap derive). Exit codes: 0 ok, 1 error, 2 usage.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "tanba",
    version,
    about = "Review and annotate named entities in news articles, in the terminal",
    long_about = "Review and annotate named entities in news articles, in the terminal.\n\n\
        Run `tanba PATH...` to open the annotator on a corpus (folders of .txt/.md, \
        .jsonl, CoNLL or brat files). Annotations are saved as RON files in a workspace \
        under your data directory, never next to the corpus.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub open: OpenArgs,
}

/// How to find the workspace and how to read the corpus; shared by every subcommand.
#[derive(Debug, Clone, Default, Args)]
pub struct WorkspaceArgs {
    /// Workspace folder (default: one per corpus under the user data dir)
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How corpus files are read; a new workspace remembers these.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct ReadArgs {
    /// Read every corpus file with this reader, whatever its name or content
    #[arg(long, value_enum, value_name = "READER")]
    pub from: Option<ReaderArg>,
    /// Cut CoNLL files without -DOCSTART- into articles of N sentences (file#1, file#2, ...)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub sentences_per_article: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReaderArg {
    Conll,
    Conllu,
    Text,
    Jsonl,
    Brat,
}

impl From<ReaderArg> for crate::corpus::Reader {
    fn from(arg: ReaderArg) -> Self {
        use crate::corpus::Reader;
        match arg {
            ReaderArg::Conll => Reader::Conll,
            ReaderArg::Conllu => Reader::Conllu,
            ReaderArg::Text => Reader::Text,
            ReaderArg::Jsonl => Reader::Jsonl,
            ReaderArg::Brat => Reader::Brat,
        }
    }
}

#[derive(Debug, Clone, Default, Args)]
pub struct OpenArgs {
    /// Corpus files or folders (default: the workspace's sources)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
    /// Who is annotating (default: config.ron, then $USER)
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Keymap: a shipped name (default, emacs) or a path to a RON file
    #[arg(long, value_name = "NAME|PATH")]
    pub keymap: Option<String>,
    /// Leave the mouse to the terminal, so its own copy and paste work
    #[arg(long)]
    pub no_mouse: bool,
    /// Ask a session of yours left open on this host to save and exit, then take over
    #[arg(long)]
    pub take_over: bool,
    /// The model that suggests (default: the workspace's own, model/tanba.model)
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the workspace of a corpus without opening the annotator
    Init(InitArgs),
    /// Read every input and report each problem as file:line: message
    Validate(CorpusArgs),
    /// Count articles, words and spans per label, annotator and status
    Stats(StatsArgs),
    /// Print the workspace's label set (key, name, tag, colour, description); `labels add`
    Labels(LabelsArgs),
    /// Fuzzy keyword search across articles (understands Kazakh, Russian keyboards, Latin)
    Search(SearchArgs),
    /// Export annotations as a dataset (jsonl, spaCy, CoNLL, brat, RON, CSV, Label Studio,
    /// WebAnno TSV, spaCy DocBin)
    Export(ExportArgs),
    /// Re-cut every stored span from its article text and report drift
    Verify(CorpusArgs),
    /// Agreement between annotators: span F1 and kappa per pair, alpha, disagreements
    Agree(AgreeArgs),
    /// Merge several annotators' spans into one annotator's files (a curator's)
    Merge(MergeArgs),
    /// Settle annotators' disagreements in the annotator, as a curator
    Curate(CurateArgs),
    /// Suggestions on articles not done from the built-in tagger (`--model`) or any command
    Suggest(SuggestArgs),
    /// Share the workspace through git: commit your files, pull the others', push
    Sync(SyncArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the manual (roff, one page per command): `tanba man | man -l -`
    Man,
    /// Train the built-in tagger on the spans `tanba export` would write; `--eval` scores it
    Train(TrainArgs),
    /// List your work: assigned articles not done (in progress first), or the model's doubt
    Queue(QueueArgs),
    /// Share the articles among annotators, K per article: balanced, stable as the corpus grows
    Assign(AssignArgs),
    /// Consistency across the corpus: label conflicts, missed names, span edges, duplicates
    Lint(LintArgs),
    /// Bring in another tool's annotations (Label Studio, doccano, Prodigy, INCEpTION, spaCy)
    /// as each annotator's own work
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// Corpus files or folders
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
    /// Draw the dashboard's charts (progress, labels, throughput, agreement)
    #[arg(long, conflicts_with = "json")]
    pub chart: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LabelsArgs {
    #[command(subcommand)]
    pub action: Option<LabelsAction>,
    /// Corpus files or folders, to find their workspace
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
    /// Print one JSON array of {"name","key","tag","color","description"}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum LabelsAction {
    /// Add labels at the end of the workspace's tanba.ron (its comments and order stay)
    Add(LabelsAddArgs),
    /// Remove a label no span in any annotator's files uses
    Remove(LabelsRemoveArgs),
    /// Give a label a key (any character), or take its key away with `none`
    Key(LabelsKeyArgs),
}

#[derive(Debug, Args)]
pub struct LabelsRemoveArgs {
    /// The label's name
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Workspace folder (default: the current folder, if it holds a tanba.ron)
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LabelsKeyArgs {
    /// The label's name
    #[arg(value_name = "NAME")]
    pub name: String,
    /// One character, or `none`
    #[arg(value_name = "KEY")]
    pub key: String,
    /// Workspace folder (default: the current folder, if it holds a tanba.ron)
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Corpus files or folders
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
    /// Start with these labels: one per line, `NAME` or `NAME KEY` (`#` comments)
    #[arg(long, value_name = "FILE", conflicts_with = "labels_from_data")]
    pub labels: Option<PathBuf>,
    /// Start with exactly the labels the data uses (an error if it uses none)
    #[arg(long)]
    pub labels_from_data: bool,
    /// Whether spans may nest or overlap (default: flat for CoNLL, nested otherwise)
    #[arg(long, value_enum, value_name = "SCHEME")]
    pub spans: Option<SpansArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpansArg {
    Flat,
    Nested,
}

impl From<SpansArg> for crate::annotation::SpanScheme {
    fn from(arg: SpansArg) -> Self {
        match arg {
            SpansArg::Flat => crate::annotation::SpanScheme::Flat,
            SpansArg::Nested => crate::annotation::SpanScheme::Nested,
        }
    }
}

#[derive(Debug, Args)]
pub struct LabelsAddArgs {
    /// Label names, as they appear in the data (PERSON, B-/I- left off)
    #[arg(value_name = "NAME", required = true)]
    pub names: Vec<String>,
    /// Workspace folder (default: the current folder, if it holds a tanba.ron)
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Corpus files or folders, then the query (quote it if it has spaces); options may
    /// come anywhere among them
    // one list, split in `split`: clap cannot end a list of paths at an option and give
    // the next word to a second positional
    #[arg(value_name = "PATH... QUERY", required = true, num_args = 1..)]
    pub args: Vec<String>,
    /// Show at most N hits
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// Print JSON lines instead of a table
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

impl SearchArgs {
    /// The paths and the query (the last word); fewer than two words is a usage error.
    pub fn split(&self) -> Result<(Vec<PathBuf>, &str), clap::Error> {
        match self.args.split_last() {
            Some((query, paths)) if !paths.is_empty() => {
                Ok((paths.iter().map(PathBuf::from).collect(), query))
            }
            _ => {
                use clap::CommandFactory;
                let mut cli = Cli::command();
                let search = cli
                    .find_subcommand_mut("search")
                    .expect("search is a subcommand");
                search.set_bin_name("tanba search");
                Err(search.error(
                    clap::error::ErrorKind::WrongNumberOfValues,
                    "give one or more corpus paths, then the query",
                ))
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Nested {
    #[default]
    Outermost,
    Innermost,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Output format
    #[arg(long, short, value_enum)]
    pub format: crate::export::Format,
    /// Output file (a folder for brat); `-` or nothing writes to stdout
    #[arg(long, short, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Export only this annotator's work (default: every annotator)
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Export only articles with these statuses (todo, in_progress, done, skipped, flagged)
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',')]
    pub status: Vec<String>,
    /// Export only these labels
    #[arg(long, value_name = "LABEL,...", value_delimiter = ',')]
    pub labels: Vec<String>,
    /// Export pending (not yet reviewed) spans too
    #[arg(long)]
    pub include_pending: bool,
    /// CoNLL: omit the `-DOCSTART- O` line between articles
    #[arg(long)]
    pub no_docstart: bool,
    /// Flat formats (CoNLL): which span to keep where spans nest or overlap
    #[arg(long, value_enum, default_value_t = Nested::Outermost)]
    pub nested: Nested,
    /// brat: write into a folder that holds files of someone else's (they are left as
    /// they are; files of the same name are replaced)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct AgreeArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Annotators to compare (default: every annotator in the workspace)
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub annotators: Vec<String>,
    /// Count only spans with these labels
    #[arg(long, value_name = "LABEL,...", value_delimiter = ',')]
    pub labels: Vec<String>,
    /// Count only files with these statuses (todo, in_progress, done, skipped, flagged)
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',')]
    pub status: Vec<String>,
    /// Print one JSON object instead of tables
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Annotators whose spans are merged
    #[arg(long, value_name = "NAME,...", value_delimiter = ',', required = true)]
    pub annotators: Vec<String>,
    /// The annotator whose files are written (a curator, for example)
    #[arg(long, value_name = "NAME")]
    pub into: String,
    /// Accept a span when at least K annotators have it (default: every one with a file)
    #[arg(long, value_name = "K")]
    pub min_agree: Option<usize>,
    /// Also bring into existing files what the annotators changed since the last merge,
    /// leaving every span the curator decided alone
    #[arg(long)]
    pub update: bool,
}

#[derive(Debug, Args)]
pub struct CurateArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Annotators whose disagreements are settled
    #[arg(long, value_name = "NAME,...", value_delimiter = ',', required = true)]
    pub annotators: Vec<String>,
    /// Who settles them: the annotator whose files hold the gold set
    #[arg(long = "as", value_name = "NAME", default_value = "curator")]
    pub curator: String,
    /// Keymap: a shipped name (default, emacs) or a path to a RON file
    #[arg(long, value_name = "NAME|PATH")]
    pub keymap: Option<String>,
    /// Leave the mouse to the terminal, so its own copy and paste work
    #[arg(long)]
    pub no_mouse: bool,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// The model: a shell command reading {"id","text"} lines on stdin and printing
    /// {"id","label":[[start,end,"LABEL"],...]} lines on stdout (code points)
    #[arg(long, value_name = "COMMAND", required_unless_present = "model")]
    pub cmd: Option<String>,
    /// The model's name, kept in each span's origin as model:NAME (default: `model` with
    /// --cmd, `tanba` with --model)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Only articles with these statuses (todo, in_progress, skipped, flagged; never done)
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',')]
    pub status: Vec<String>,
    /// Whose files receive the suggestions (default: config.ron, then $USER)
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Use the built-in tagger instead of a command: FILE, or the workspace's own model
    #[arg(long, value_name = "FILE", num_args = 0..=1, conflicts_with = "cmd")]
    pub model: Option<Option<PathBuf>>,
    /// Stop the model when it prints nothing for this many seconds
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Corpus files or folders, to find their workspace (or give --workspace)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
    /// Whose files to commit (default: config.ron, then $USER)
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// The shared repository, set as `origin` the first time (a URL or a path)
    #[arg(long, value_name = "URL")]
    pub remote: Option<String>,
    /// How long to keep trying while others' pushes hold the remote
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub timeout: u64,
    /// The first wait between pushes, doubling each try (tests shorten it)
    #[arg(long, value_name = "MS", default_value_t = 100, hide = true)]
    pub backoff_ms: u64,
}

/// The options of `tanba export` that choose articles and spans.
#[derive(Debug, Args)]
pub struct PickArgs {
    /// Only this annotator's work (default: every annotator)
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Only articles with these statuses (todo, in_progress, done, skipped, flagged)
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',')]
    pub status: Vec<String>,
    /// Only these labels
    #[arg(long, value_name = "LABEL,...", value_delimiter = ',')]
    pub labels: Vec<String>,
    /// Pending (not yet reviewed) spans too, such as a CoNLL dataset's tags
    #[arg(long)]
    pub include_pending: bool,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub picks: PickArgs,
    /// Where to write the model (default: model/tanba.model in the workspace)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Score the model on these corpora, whose pre-annotations are the gold
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub eval: Vec<PathBuf>,
    /// Print the scores of --eval as JSON
    #[arg(long, requires = "eval")]
    pub json: bool,
    /// Passes over the data
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub epochs: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueueOrder {
    /// Corpus order
    Corpus,
    /// The model's doubt, most doubtful first
    Doubt,
}

#[derive(Debug, Args)]
pub struct QueueArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// The order of the list
    #[arg(long, value_enum, default_value_t = QueueOrder::Corpus)]
    pub by: QueueOrder,
    /// The model for --by doubt (default: the workspace's own)
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Whose statuses count (default: config.ron, then $USER)
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Print JSON: {"annotator", "articles": [{"id", "title", "status", "doubt"}, ...]}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// The annotators to share the articles among (needed for the first assignment)
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub annotators: Vec<String>,
    /// How many annotators each article gets (default: 1, or what the assignment says)
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..))]
    pub overlap: Option<u32>,
    /// Move NAME's articles not started to the others; what NAME started stays theirs
    #[arg(long, value_name = "NAME", conflicts_with_all = ["annotators", "overlap", "add"])]
    pub release: Option<String>,
    /// Bring NAME in with a fair share of the articles not started
    #[arg(long, value_name = "NAME", conflicts_with_all = ["annotators", "overlap"])]
    pub add: Option<String>,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Only this annotator's work (default: every annotator, each against their own work)
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Only documents with these statuses (todo, in_progress, done, skipped, flagged)
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',', value_parser = parse_status)]
    pub status: Vec<crate::annotation::DocStatus>,
    /// Only these kinds (label_conflict, unlabeled, boundary, duplicate, unknown_label)
    #[arg(long, value_name = "KIND,...", value_delimiter = ',', value_parser = parse_kind)]
    pub kinds: Vec<crate::lint::Kind>,
    /// Print JSON: {"findings": [...], "counts": {"label_conflict": N, ...}}
    #[arg(long)]
    pub json: bool,
    /// Fix your own findings of these kinds: `unlabeled` as pending suggestions, `boundary`
    /// by trimming span edges (your files only: --annotator, else config.ron, else $USER)
    #[arg(long, value_enum, value_name = "KIND,...", value_delimiter = ',')]
    pub fix: Vec<LintFix>,
}

/// The kinds `tanba lint --fix` can fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFix {
    Unlabeled,
    Boundary,
}

fn parse_status(s: &str) -> Result<crate::annotation::DocStatus, String> {
    crate::annotation::DocStatus::parse(s)
        .ok_or_else(|| format!("unknown status {s:?} (todo, in_progress, done, skipped, flagged)"))
}

fn parse_kind(s: &str) -> Result<crate::lint::Kind, String> {
    use strum::VariantArray;
    s.parse().map_err(|_| {
        let kinds: Vec<&str> = crate::lint::Kind::VARIANTS
            .iter()
            .map(|k| k.name())
            .collect();
        format!("unknown kind {s:?} ({})", kinds.join(", "))
    })
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Exported files or folders: .json (Label Studio), .jsonl (doccano, Prodigy, spaCy
    /// JSON), .tsv (WebAnno TSV 3, or an INCEpTION project's annotation/ folder), .spacy
    /// (DocBin)
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The corpus the annotations are on (default: the workspace's sources)
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// No corpus yet: write the texts found as a new JSON lines corpus FILE and import onto it
    #[arg(long, value_name = "FILE", conflicts_with_all = ["corpus", "dry_run"])]
    pub new_corpus: Option<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
    /// NAME: the annotator of files that name none; OLD=NEW: rename an annotator (repeat)
    #[arg(long, value_name = "NAME|OLD=NEW")]
    pub annotator: Vec<String>,
    /// The status the imported articles get
    #[arg(long, value_enum, default_value_t = ImportStatus::Done)]
    pub status: ImportStatus,
    /// Say what would change and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite an annotator's existing file that differs (it is kept otherwise)
    #[arg(long)]
    pub replace: bool,
    /// Keep Prodigy's rejected answers as rejected spans (skipped otherwise)
    #[arg(long)]
    pub keep_rejected: bool,
    /// The unit offsets are counted in, for files that cannot say (doccano: utf16)
    #[arg(long, value_enum, value_name = "UNIT")]
    pub offsets: Option<OffsetsArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportStatus {
    Done,
    InProgress,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OffsetsArg {
    /// Unicode code points, as Python counts
    CodePoints,
    /// UTF-16 code units, as JavaScript and Java count
    Utf16,
}
