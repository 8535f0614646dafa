//! The dashboard as a view (`S`): the team's figures over the whole screen, the list of
//! articles wanting attention with a key to open one, and a line of keys.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::help::HelpView;
use crate::action::Action;
use crate::keymap::Mode;
use crate::tui::component::{Command, Component, Context, Flow, Shared};
use crate::tui::dashboard::DashboardView;
use crate::tui::draw::Theme;
use crate::tui::screen::Focus;

/// The dashboard's own state: which row of the attention list is selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardPanel {
    pub selected: usize,
}

impl Component for DashboardPanel {
    fn mode(&self) -> Mode {
        Mode::Dashboard
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        let rows = ctx
            .desk
            .team
            .figures
            .as_ref()
            .map_or(0, |f| f.attention.len());
        match action {
            Action::Down => self.selected = (self.selected + 1).min(rows.saturating_sub(1)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = rows.saturating_sub(1),
            Action::Open | Action::Confirm => {
                let Some(row) = ctx
                    .desk
                    .team
                    .figures
                    .as_ref()
                    .and_then(|f| f.attention.get(self.selected))
                else {
                    return Flow::Stay;
                };
                let article = row.index;
                ctx.push(Command::Open(article));
                *ctx.focus = Focus::Text;
                return Flow::Close;
            }
            Action::Reload => {
                let outcome = ctx.desk.reload();
                ctx.heard(outcome);
            }
            Action::Quit => ctx.push(Command::Quit),
            // help for the dashboard's keys replaces it on the screen
            Action::Help => {
                ctx.push(Command::Layer(Box::new(HelpView::new(Mode::Dashboard))));
                return Flow::Close;
            }
            Action::Suspend => ctx.push(Command::Suspend),
            // the findings from the attention panel: they replace it on the screen
            Action::Findings => {
                let findings = super::findings::FindingsView::new(ctx.desk);
                ctx.push(Command::Layer(Box::new(findings)));
                return Flow::Close;
            }
            Action::Undo | Action::Redo => {}
            // esc, q, S again: back to the panes
            _ => return Flow::Close,
        }
        Flow::Stay
    }

    fn draw(&self, app: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        Clear.render(area, buf);
        let [main, keys] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let Some(figures) = &app.desk.team.figures else {
            Paragraph::new("reading the team's files…").render(main, buf);
            return;
        };
        let notice = if app.desk.team.loading {
            Some("reading the team's files…".to_string())
        } else if app.desk.team.changed_on_disk {
            Some(format!(
                "changed on disk: {} reloads",
                key_for(app, Action::Reload)
            ))
        } else {
            None
        };
        let findings_key = key_for(app, Action::Findings);
        let view = DashboardView {
            figures,
            labels: &app.desk.labels,
            me: Some(&app.desk.annotator),
            colors: theme.colors,
            selected: (!figures.attention.is_empty()).then_some(self.selected),
            notice: notice.as_deref(),
            findings_key: Some(&findings_key),
        };
        (&view).render(main, buf);
        let hint = [
            (Action::Open, "open"),
            (Action::Down, "next"),
            (Action::Reload, "reload"),
            (Action::Cancel, "close"),
        ]
        .map(|(action, what)| format!("{} {what}", key_for(app, action)))
        .join(" · ");
        Paragraph::new(Line::from(Span::styled(format!(" {hint}"), theme.dim()))).render(keys, buf);
    }
}

/// The first key bound to `action` in the dashboard, else everywhere (help stays true
/// when keys are rebound).
fn key_for(app: &Shared, action: Action) -> String {
    [Mode::Dashboard, Mode::Global]
        .iter()
        .flat_map(|mode| app.keymap.bindings(*mode))
        .find(|(a, _)| *a == action)
        .and_then(|(_, keys)| keys.first().map(|k| k.to_string()))
        .unwrap_or_else(|| "?".to_string())
}
