//! The findings view (`L`): the annotator's consistency findings over the corpus grouped
//! by kind, `j`/`k` to move, `enter` to open the place, `f` to fix one, `F` every finding
//! of its kind over the same text. Findings are found again after each fix.

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

/// The findings, grouped by kind (each group in corpus order), and the selected one.
pub struct FindingsView {
    findings: Vec<Finding>,
    selected: usize,
}

impl FindingsView {
    pub fn new(desk: &mut Desk) -> FindingsView {
        let mut view = FindingsView {
            findings: Vec::new(),
            selected: 0,
        };
        view.refresh(desk);
        view
    }

    /// Finds them again (after an edit), keeping the selection's place in the list.
    fn refresh(&mut self, desk: &mut Desk) {
        let mut findings = desk.findings();
        findings.sort_by_key(|f| f.kind);
        self.findings = findings;
        self.selected = self.selected.min(self.findings.len().saturating_sub(1));
    }

    fn fix(&mut self, action: Action, ctx: &mut Context) {
        let Some(finding) = self.findings.get(self.selected).cloned() else {
            return;
        };
        let outcome = match action {
            Action::FixSameText => ctx.desk.fix_same_text(&finding, &self.findings),
            _ => ctx.desk.fix_finding(&finding),
        };
        ctx.heard(outcome);
        self.refresh(ctx.desk);
    }

    /// The lines shown: a heading per kind, then its findings; the row of each finding.
    fn lines(&self, theme: &Theme, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
        let (mut lines, mut rows) = (Vec::new(), Vec::new());
        for kind in Kind::VARIANTS {
            let first = self.findings.iter().position(|f| f.kind == *kind);
            let Some(first) = first else { continue };
            let n = self.findings.iter().filter(|f| f.kind == *kind).count();
            lines.push(Line::styled(format!("{} ({n})", kind.name()), theme.warn()));
            for (i, f) in self.findings.iter().enumerate().skip(first).take(n) {
                rows.push(lines.len());
                let mark = if i == self.selected { '›' } else { ' ' };
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
                let style = if i == self.selected {
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
        let last = self.findings.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Open | Action::Confirm => {
                let Some(f) = self.findings.get(self.selected) else {
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
        let counts = counts(&self.findings);
        let tally: Vec<String> = Kind::VARIANTS
            .iter()
            .filter(|k| counts[k.name()] > 0)
            .map(|k| format!("{} {}", k.name(), counts[k.name()]))
            .collect();
        let title = format!(
            "{} findings in {}'s work: {}",
            self.findings.len(),
            sanitize(&app.desk.annotator),
            tally.join(" · ")
        );
        Paragraph::new(Line::styled(title, theme.dim())).render(top, buf);
        if self.findings.is_empty() {
            Paragraph::new("no findings: your work is consistent").render(main, buf);
        } else {
            let (lines, rows) = self.lines(theme, main.width as usize);
            let height = main.height as usize;
            let at = rows.get(self.selected).copied().unwrap_or(0);
            let scroll = (at + 1).saturating_sub(height);
            let shown: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
            Paragraph::new(shown).render(main, buf);
        }
        let hint = [
            (Action::Open, "open"),
            (Action::FixFinding, "fix"),
            (Action::FixSameText, "fix all of its text"),
            (Action::Cancel, "close"),
        ]
        .map(|(action, what)| format!("{} {what}", key_for(app, action)))
        .join(" · ");
        Paragraph::new(Line::from(Span::styled(format!(" {hint}"), theme.dim()))).render(keys, buf);
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
