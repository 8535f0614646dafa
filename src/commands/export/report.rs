//! What an export says on stderr: its progress, then what it wrote and left out.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

use crate::export::{FlatOptions, Format, Nested, PlanCounts, Skip, Tally};
use crate::text::count as plural;

/// Exports at least this big get a progress bar (when stderr is a terminal).
const PROGRESS_FROM: usize = 2000;

/// A progress line for an export whose length is not known before it ends (it is
/// written as the corpus is read): shown once it has taken a moment, so quick exports
/// never flash one.
pub(super) struct DelayedBar {
    bar: ProgressBar,
    shown_from: std::cell::Cell<Option<std::time::Instant>>,
}

/// How long an export runs before its progress line appears.
const SHOW_PROGRESS_AFTER: std::time::Duration = std::time::Duration::from_millis(700);

impl DelayedBar {
    pub(super) fn new() -> DelayedBar {
        let bar = ProgressBar::hidden();
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {human_pos} records written, {elapsed}")
        {
            bar.set_style(style);
        }
        let terminal = std::io::stderr().is_terminal();
        let shown_from = terminal.then(|| std::time::Instant::now() + SHOW_PROGRESS_AFTER);
        DelayedBar {
            bar,
            shown_from: std::cell::Cell::new(shown_from),
        }
    }

    pub(super) fn inc(&self) {
        self.bar.inc(1);
        let due = self.shown_from.get();
        if due.is_some_and(|at| std::time::Instant::now() >= at) {
            self.shown_from.set(None);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub(super) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for DelayedBar {
    fn drop(&mut self) {
        self.finish(); // an export that failed leaves no progress line behind either
    }
}

pub(super) fn progress_bar(len: usize) -> ProgressBar {
    if len < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {eta} left") {
        bar.set_style(style);
    }
    bar
}

/// Why spans were left out, worded for the summary.
fn skip_reason(why: Skip, format: Format, options: FlatOptions) -> String {
    match why {
        Skip::Rejected => "rejected".to_string(),
        Skip::Pending => "pending (add --include-pending)".into(),
        Skip::OtherLabel => "other labels".into(),
        Skip::Flagged => "flagged after the article changed (review them)".into(),
        Skip::Drifted => "not matching the article text (run tanba verify)".into(),
        Skip::Nested => match options.nested {
            Nested::Outermost => {
                "nested (kept the outermost; --nested innermost keeps the inner)".into()
            }
            Nested::Innermost => "nested (kept the innermost)".into(),
        },
        Skip::Overlap => "overlapping a kept span".into(),
        Skip::SameRange => "same range as a kept span with another label".into(),
        Skip::Outranked => {
            "giving way to a span of higher standing (accepted over pending, a person's or an import's over a model's)".into()
        }
        Skip::OnlyWhitespace => {
            format!("only whitespace (no {} token for them)", format.name())
        }
        Skip::LabelWithSpace => "with a space in the label".into(),
        Skip::NoToken => "on no original token".into(),
        Skip::LineBreakEdge => {
            "starting or ending on a line break or a tab (no WebAnno TSV token there)".into()
        }
    }
}

/// What the export wrote and left out, for stderr.
pub fn summary(
    format: Format,
    options: FlatOptions,
    plan: &PlanCounts,
    tally: &Tally,
    to: &str,
) -> String {
    let mut out = String::new();
    out += &format!(
        "exported {} ({}) as {} to {to}\n",
        plural(plan.articles, "article", "articles"),
        plural(tally.items, "record", "records"),
        format.name()
    );
    let per_label: Vec<String> = tally
        .spans_per_label
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    out += &format!(
        "spans: {}{}\n",
        tally.spans(),
        if per_label.is_empty() {
            String::new()
        } else {
            format!(" ({})", per_label.join(", "))
        }
    );
    let left: Vec<String> = tally
        .skipped
        .iter()
        .map(|(why, n)| format!("{n} {}", skip_reason(*why, format, options)))
        .collect();
    if !left.is_empty() {
        out += &format!("spans left out: {}\n", left.join(", "));
    }
    if tally.relations + tally.relations_left_out > 0 {
        out += &format!("relations: {}", tally.relations);
        if tally.relations_left_out > 0 {
            out += &format!(
                " ({} left out: an end was not exported)",
                tally.relations_left_out
            );
        }
        out += "\n";
    }
    if tally.overlapping_kept > 0 {
        out += &format!(
            "note: {} kept (fine for spaCy span groups; doc.ents needs them flat)\n",
            plural(
                tally.overlapping_kept,
                "overlapping span",
                "overlapping spans"
            )
        );
    }
    if tally.tokens_split > 0 {
        out += &format!(
            "note: {} split where a span starts or ends inside it\n",
            plural(tally.tokens_split, "original token", "original tokens")
        );
    }
    out += &articles_left_out(plan);
    if plan.multi_annotator_articles > 0 && format != Format::Ron && format != Format::Csv {
        let how = match format {
            Format::Brat => "one folder per annotator",
            Format::Conll => "one block each, annotators in name order",
            Format::WebannoTsv => "one file each, annotation/<article>/<annotator>.tsv",
            Format::LabelStudio => "one annotation each in the article's task",
            Format::SpacyBinary => "one doc each, the annotator in its user_data",
            _ => "one line each, the annotator in meta",
        };
        out += &format!(
            "note: {} exported once per annotator ({how}); --annotator NAME picks one\n",
            plural(plan.multi_annotator_articles, "article is", "articles are"),
        );
    }
    out
}

/// The summary's line on articles with nothing exported, if any.
fn articles_left_out(plan: &PlanCounts) -> String {
    let mut skipped = Vec::new();
    if plan.unannotated > 0 {
        skipped.push(format!(
            "{} not annotated (add --include-pending to export their pre-annotations)",
            plan.unannotated
        ));
    }
    if plan.other_status > 0 {
        skipped.push(format!(
            "{} with another status",
            plural(plan.other_status, "annotation file", "annotation files")
        ));
    }
    if skipped.is_empty() {
        return String::new();
    }
    format!("articles left out: {}\n", skipped.join(", "))
}
