//! `tanba suggest PATH... --cmd COMMAND`: an external model's spans become pending
//! suggestions in the annotator's files, for articles not done.

use anyhow::{anyhow, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use super::{Access, Session};
use crate::annotation::{DocAnnotations, DocStatus, LabelSet, Op, Origin};
use crate::cli::SuggestArgs;
use crate::config::Config;
use crate::corpus::Article;
use crate::store::Workspace;
use crate::suggest::{Candidate, admit, model};

pub fn run(args: &SuggestArgs) -> anyhow::Result<ExitCode> {
    let Some(cmd) = &args.cmd else {
        bail!("give the model: --cmd COMMAND, or --model for the built-in one");
    };
    let name = args.name.as_deref().unwrap_or("model");
    let annotator = Config::load()?
        .annotator(args.annotator.as_deref())
        .map_err(|e| anyhow!(e))?;
    check_name(name)?;
    let statuses = parse_statuses(&args.status)?;
    let session = Session::open(&args.corpus.paths, &args.corpus.workspace, Access::Write)?;
    // the annotator's files are written: not while their own session has them open
    let _lock = session.workspace.lock(&annotator)?;
    let mut run = Run {
        workspace: &session.workspace,
        labels: &session.workspace.settings.labels,
        annotator: &annotator,
        origin: Origin::Model(name.to_string()),
        targets: Vec::new(),
        by_id: HashMap::new(),
        answered: HashSet::new(),
        added: 0,
        problems: Vec::new(),
        unknown_labels: BTreeMap::new(),
    };
    for article in &session.corpus.articles {
        run.consider(article, &statuses);
    }
    if run.targets.is_empty() {
        println!("no articles to suggest for (done ones are never touched)");
        return Ok(report_problems(&run.problems, ExitCode::SUCCESS));
    }
    let requests = run
        .targets
        .iter()
        .map(|(a, _)| model::request_line(&a.id, &a.text))
        .collect();
    let bar = progress_bar(run.targets.len());
    let silence = Duration::from_secs(args.timeout.max(1));
    let end = model::run(cmd, requests, silence, |number, line| {
        run.answer(number, line);
        bar.set_position(run.answered.len() as u64);
    })
    .map_err(|e| anyhow!("could not start `sh -c {cmd}`: {e}"))?;
    bar.finish_and_clear();
    run.note_unknown_labels();
    println!(
        "{}: {} sent, {} answered, {} added",
        run.origin,
        crate::text::count(run.targets.len(), "article", "articles"),
        run.answered.len(),
        crate::text::count(run.added, "suggestion", "suggestions")
    );
    let mut code = report_problems(&run.problems, ExitCode::SUCCESS);
    if let Some(why) = end.failure {
        eprintln!("tanba suggest: the model {why}; kept what it sent before");
        if !end.stderr.trim().is_empty() {
            eprintln!("its stderr:\n{}", end.stderr);
        }
        code = ExitCode::FAILURE;
    } else if run.answered.len() < run.targets.len() {
        eprintln!(
            "tanba suggest: no answer for {}",
            super::articles(run.targets.len() - run.answered.len())
        );
    }
    Ok(code)
}

/// The state of one run: which articles were sent and what came back.
struct Run<'a> {
    workspace: &'a Workspace,
    labels: &'a LabelSet,
    annotator: &'a str,
    origin: Origin,
    targets: Vec<(&'a Article, DocAnnotations)>,
    by_id: HashMap<&'a str, usize>,
    answered: HashSet<usize>,
    added: usize,
    problems: Vec<String>,
    /// Labels the workspace does not have: how many spans, and the first line with one.
    unknown_labels: BTreeMap<String, (usize, usize)>,
}

impl<'a> Run<'a> {
    /// Sends `article` when its document is not done and has one of `statuses`.
    fn consider(&mut self, article: &'a Article, statuses: &[DocStatus]) {
        match self.workspace.load_doc(self.annotator, article) {
            Ok(loaded) if wanted(loaded.doc.status, statuses) => {
                self.by_id.insert(&article.id, self.targets.len());
                self.targets.push((article, loaded.doc));
            }
            Ok(_) => {}
            Err(e) => self.problems.push(format!("{e} (article left out)")),
        }
    }

    /// Takes one answer line: its spans are checked, admitted and saved at once.
    fn answer(&mut self, number: usize, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        let answer = match model::parse_answer(line) {
            Ok(answer) => answer,
            Err(why) => return self.problem(number, &why),
        };
        let Some(&target) = self.by_id.get(answer.id.as_str()) else {
            return self.problem(number, &format!("unknown article id {:?}", answer.id));
        };
        self.answered.insert(target);
        let (article, _) = &self.targets[target];
        let len = article.text.chars().count();
        let mut candidates = Vec::new();
        for proposed in answer.spans {
            let note = proposed.note();
            let model::Proposed {
                start, end, label, ..
            } = proposed;
            if start >= end {
                let why = match start == end {
                    true => format!("span [{start}, {end}, {label:?}] is empty"),
                    false => format!("span [{start}, {end}, {label:?}] ends before it starts"),
                };
                self.problem(number, &why);
            } else if end > len {
                let why =
                    format!("span [{start}, {end}, {label:?}] is outside the text (0..{len})");
                self.problem(number, &why);
            } else if self.labels.get(&label).is_none() {
                let seen = self.unknown_labels.entry(label).or_insert((0, number));
                seen.0 += 1;
            } else {
                candidates.push(Candidate {
                    start,
                    end,
                    label,
                    note,
                });
            }
        }
        self.add(target, candidates, number);
    }

    fn add(&mut self, target: usize, candidates: Vec<Candidate>, number: usize) {
        let (article, doc) = &mut self.targets[target];
        let spans = admit(
            &article.text,
            doc,
            candidates,
            &self.origin,
            self.annotator,
            self.workspace.settings.spans(),
        );
        if spans.is_empty() {
            return;
        }
        let mut added = 0;
        for span in spans {
            added += usize::from(doc.apply(&Op::Add(span), self.annotator));
        }
        match self.workspace.save_doc(self.annotator, doc) {
            Ok(()) => self.added += added,
            Err(e) => self.problem(number, &format!("could not save: {e}")),
        }
    }

    fn problem(&mut self, number: usize, why: &str) {
        self.problems
            .push(format!("model output line {number}: {why}"));
    }

    fn note_unknown_labels(&mut self) {
        for (label, (count, first)) in std::mem::take(&mut self.unknown_labels) {
            self.problems.push(format!(
                "model output line {first}: {}: {} skipped",
                crate::annotation::unknown_label(&label, self.labels.names()),
                crate::text::count(count, "span", "spans")
            ));
        }
    }
}

pub(super) fn wanted(status: DocStatus, statuses: &[DocStatus]) -> bool {
    status != DocStatus::Done && (statuses.is_empty() || statuses.contains(&status))
}

pub(super) fn parse_statuses(given: &[String]) -> anyhow::Result<Vec<DocStatus>> {
    given
        .iter()
        .map(|s| match DocStatus::parse(s) {
            Some(DocStatus::Done) => bail!("done articles are never given suggestions"),
            Some(status) => Ok(status),
            None => bail!("unknown status {s:?} (todo, in_progress, skipped, flagged)"),
        })
        .collect()
}

pub(super) fn check_name(name: &str) -> anyhow::Result<()> {
    if name.trim().is_empty() || name.contains(char::is_control) {
        bail!("--name must be a plain name, found {name:?}");
    }
    Ok(())
}

fn report_problems(problems: &[String], code: ExitCode) -> ExitCode {
    for p in problems {
        eprintln!("tanba suggest: {}", crate::text::sanitize(p));
    }
    if problems.is_empty() {
        code
    } else {
        ExitCode::FAILURE
    }
}

fn progress_bar(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} articles answered") {
        bar.set_style(style);
    }
    bar
}
