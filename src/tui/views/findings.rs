//! The findings view (`L`): the annotator's consistency findings over the corpus grouped
//! by kind, `j`/`k` to move, `enter` to open the place, `f` to fix one, `F` every finding
//! of its kind over the same text (one undo step). The findings are the desk's, checked
//! in the background (`tui::checking`) when the view opens and after every edit, undo
//! or redo while it is open; `checking N articles…` shows meanwhile.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use strum::VariantArray;

use super::help::HelpView;
use crate::action::Action;
use crate::desk::{Desk, Outcome};
use crate::keymap::Mode;
use crate::lint::{Finding, Kind, counts};
use crate::text::sanitize;
use crate::tui::component::{Command, Component, Context, Flow, Shared};
use crate::tui::draw::Theme;
use crate::tui::screen::Focus;

/// Which of the desk's findings (grouped by kind, each group in corpus order) is selected.
pub struct FindingsView {
    selected: usize,
}

/// The desk's findings as last checked (none before the first check ends).
fn findings(desk: &Desk) -> &[Finding] {
    desk.lint.findings.as_deref().unwrap_or_default()
}

impl FindingsView {
    /// Opens over the findings, checked again if never checked or edited since.
    pub fn new(desk: &mut Desk) -> FindingsView {
        desk.open_findings();
        FindingsView { selected: 0 }
    }

    /// The selected row, kept inside the list as it changes under the view.
    fn selected(&self, desk: &Desk) -> usize {
        self.selected.min(findings(desk).len().saturating_sub(1))
    }

    /// Fixes the selected finding (or all of its text); the list is from before the last
    /// edit while a check runs, so fixes wait for it.
    fn fix(&mut self, action: Action, ctx: &mut Context) {
        if let Some(n) = ctx.desk.lint.checking {
            ctx.fail(format!(
                "checking {}… (the list is from before your last edit; fix once it is done)",
                crate::text::count(n, "article", "articles")
            ));
            return;
        }
        let all = findings(ctx.desk).to_vec();
        let Some(finding) = all.get(self.selected(ctx.desk)).cloned() else {
            return;
        };
        let outcome = match action {
            Action::FixSameText => ctx.desk.fix_same_text(&finding, &all),
            _ => ctx.desk.fix_finding(&finding),
        };
        ctx.heard(outcome);
    }

    /// The lines shown: a heading per kind, then its findings; the row of each finding.
    fn lines(&self, desk: &Desk, theme: &Theme, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
        let (mut lines, mut rows) = (Vec::new(), Vec::new());
        let (all, selected) = (findings(desk), self.selected(desk));
        for kind in Kind::VARIANTS {
            let first = all.iter().position(|f| f.kind == *kind);
            let Some(first) = first else { continue };
            let n = all.iter().filter(|f| f.kind == *kind).count();
            lines.push(Line::styled(format!("{} ({n})", kind.name()), theme.warn()));
            for (i, f) in all.iter().enumerate().skip(first).take(n) {
                rows.push(lines.len());
                let mark = if i == selected { '›' } else { ' ' };
                let row = format!(
                    "{mark} {} {}..{} {} \"{}\": {}",
                    sanitize(&f.article),
                    f.start,
                    f.end,
                    sanitize(&f.label),
                    sanitize(&f.text),
                    sanitize(&f.detail)
                );
                let row: String = row.chars().take(width).collect();
                let style = if i == selected {
                    theme.selected_row(true)
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::from(Span::styled(row, style)));
            }
        }
        (lines, rows)
    }
}

impl Component for FindingsView {
    fn mode(&self) -> Mode {
        Mode::Findings
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        let last = findings(ctx.desk).len().saturating_sub(1);
        self.selected = self.selected(ctx.desk);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Open | Action::Confirm => {
                let Some(f) = findings(ctx.desk).get(self.selected).cloned() else {
                    return Flow::Stay;
                };
                let Some(article) = ctx.desk.article_index(&f.article) else {
                    return Flow::Stay;
                };
                ctx.push(Command::Open(article));
                *ctx.focus = Focus::Text;
                let mut outcome = Outcome::say(format!("{}: {}", f.kind.name(), f.detail));
                outcome.cursor = Some(f.start);
                ctx.heard(outcome);
                return Flow::Close;
            }
            Action::FixFinding | Action::FixSameText => self.fix(action, ctx),
            Action::Undo | Action::Redo => return Flow::Pass,
            Action::Quit => ctx.push(Command::Quit),
            Action::Help => {
                ctx.push(Command::Layer(Box::new(HelpView::new(Mode::Findings))));
                return Flow::Close;
            }
            Action::Suspend => ctx.push(Command::Suspend),
            _ => return Flow::Close,
        }
        Flow::Stay
    }

    fn draw(&self, app: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        Clear.render(area, buf);
        let [top, main, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        Paragraph::new(Line::styled(title(app.desk), theme.dim())).render(top, buf);
        if app.desk.lint.findings.is_none() {
            let n = app.desk.lint.checking.unwrap_or_default();
            let checking = crate::text::count(n, "article", "articles");
            Paragraph::new(format!("checking {checking}…")).render(main, buf);
        } else if findings(app.desk).is_empty() {
            Paragraph::new("no findings: your work is consistent").render(main, buf);
        } else {
            let (lines, rows) = self.lines(app.desk, theme, main.width as usize);
            let height = main.height as usize;
            let at = rows.get(self.selected(app.desk)).copied().unwrap_or(0);
            let scroll = (at + 1).saturating_sub(height);
            let shown: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
            Paragraph::new(shown).render(main, buf);
        }
        // what a fix or an undo did, else the keys
        let line = match app.message {
            Some(m) if m.error => Span::styled(format!(" {}", sanitize(&m.text)), theme.warn()),
            Some(m) => Span::raw(format!(" {}", sanitize(&m.text))),
            None => {
                let hint = [
                    (Action::Open, "open"),
                    (Action::FixFinding, "fix"),
                    (Action::FixSameText, "fix all of its text"),
                    (Action::Cancel, "close"),
                ]
                .map(|(action, what)| format!("{} {what}", key_for(app, action)))
                .join(" · ");
                Span::styled(format!(" {hint}"), theme.dim())
            }
        };
        Paragraph::new(Line::from(line)).render(keys, buf);
    }
}

/// `5 findings in dana's work: label_conflict 2 · boundary 3`, after `checking N
/// articles…` while a check runs (said in the list's place before the first is done).
fn title(desk: &Desk) -> String {
    let all = findings(desk);
    let counts = counts(all);
    let tally: Vec<String> = Kind::VARIANTS
        .iter()
        .filter(|k| counts[k.name()] > 0)
        .map(|k| format!("{} {}", k.name(), counts[k.name()]))
        .collect();
    let checking = desk
        .lint
        .checking
        .map(|n| {
            format!(
                "checking {}… ",
                crate::text::count(n, "article", "articles")
            )
        })
        .unwrap_or_default();
    match &desk.lint.findings {
        None => format!("findings in {}'s work", sanitize(&desk.annotator)),
        Some(_) => format!(
            "{checking}{} in {}'s work: {}",
            crate::text::count(all.len(), "finding", "findings"),
            sanitize(&desk.annotator),
            tally.join(" · ")
        ),
    }
}

/// The first key bound to `action` in the findings, else everywhere.
fn key_for(app: &Shared, action: Action) -> String {
    [Mode::Findings, Mode::Global]
        .iter()
        .flat_map(|mode| app.keymap.bindings(*mode))
        .find(|(a, _)| *a == action)
        .and_then(|(_, keys)| keys.first().map(|k| k.to_string()))
        .unwrap_or_else(|| "?".to_string())
}
