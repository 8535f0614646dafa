//! The help box: a component over the panes, its lines generated from the active keymap so
//! they stay true when keys change.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span as Text};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

use crate::action::Action;
use crate::keymap::{Key, Mode};
use crate::text::sanitize;
use crate::tui::component::{Command, Component, Context, Flow, Shared};
use crate::tui::draw::{Colors, Theme, label_color};

/// Help for the keys of `mode`, scrolled `scroll` lines down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpView {
    pub mode: Mode,
    pub scroll: u16,
}

impl HelpView {
    pub fn new(mode: Mode) -> HelpView {
        HelpView { mode, scroll: 0 }
    }
}

impl Component for HelpView {
    fn mode(&self) -> Mode {
        Mode::Help
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        // the lines as drawn without colour: their number is what scrolling needs
        let theme = Theme {
            colors: Colors::None,
        };
        let lines = help_lines(&ctx.shared(), self.mode, &theme).len() as u16;
        scroll_box(&mut self.scroll, lines, action, ctx)
    }

    fn draw(&self, app: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        draw_help(app, self.mode, self.scroll, area, buf, theme);
    }
}

/// The keys of a scrolling box over the panes (help, guidelines) holding `lines` lines:
/// they scroll it, `Quit` quits, any other key closes it.
pub(crate) fn scroll_box(scroll: &mut u16, lines: u16, action: Action, ctx: &mut Context) -> Flow {
    use Action::*;
    // scrolling stops where the last line is at the bottom of the box
    let most = lines.saturating_sub(ctx.size.height.saturating_sub(4));
    match action {
        Down => *scroll = scroll.saturating_add(1),
        Up => *scroll = scroll.saturating_sub(1),
        ScrollDown { .. } => *scroll = scroll.saturating_add(3),
        ScrollUp { .. } => *scroll = scroll.saturating_sub(3),
        PageDown => *scroll = scroll.saturating_add(10),
        PageUp => *scroll = scroll.saturating_sub(10),
        Top => *scroll = 0,
        Bottom => *scroll = most,
        Quit => ctx.push(Command::Quit),
        _ => return Flow::Close,
    }
    *scroll = (*scroll).min(most);
    Flow::Stay
}

/// The help lines for `mode`: its own keys, then the keys that work everywhere.
pub fn help_lines(app: &Shared, mode: Mode, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let title = match mode {
        Mode::List => "In the list",
        Mode::Text => "In the text",
        Mode::Help => "In help",
        Mode::Prompt => "In the input line",
        Mode::Global => "Everywhere",
        Mode::Dashboard => "In the dashboard",
        Mode::Findings => "In the findings",
    };
    section(app, title, mode, theme, &mut lines);
    if matches!(
        mode,
        Mode::List | Mode::Text | Mode::Dashboard | Mode::Findings
    ) {
        section(app, "Everywhere", Mode::Global, theme, &mut lines);
    }
    lines.push(Line::styled(
        format!(
            "keymap: {}  (change keys in keymap.ron in the config dir)",
            sanitize(&app.keymap.name)
        ),
        theme.dim(),
    ));
    lines
}

/// The keys bound in `mode`, under `title`; the label keys as one row and the label set.
fn section(app: &Shared, title: &str, mode: Mode, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    let rows = app.keymap.bindings(mode);
    if rows.is_empty() {
        return;
    }
    lines.push(Line::from(Text::styled(
        title.to_string(),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )));
    let key_width = rows
        .iter()
        .map(|(_, keys)| {
            keys.iter()
                .map(|k| k.to_string().chars().count() + 1)
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
        .clamp(5, 24);
    let row = |keys: &str, what: &str| row(keys, what, key_width);
    let label_keys: Vec<Key> = rows
        .iter()
        .filter(|(a, _)| matches!(a, Action::Label(_)))
        .flat_map(|(_, k)| k.clone())
        .collect();
    let mut labels_shown = false;
    for (action, keys) in rows {
        if matches!(action, Action::Label(_)) {
            if labels_shown {
                continue;
            }
            labels_shown = true;
            let keys = match (label_keys.first(), label_keys.last()) {
                (Some(a), Some(b)) if label_keys.len() > 2 => format!("{a}-{b}"),
                _ => label_keys
                    .iter()
                    .map(Key::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            lines.push(row(&keys, "apply label N to the selection, word or span:"));
            lines.extend(label_rows(app, key_width, theme));
            continue;
        }
        let keys = keys
            .iter()
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(row(&keys, crate::keymap::describe_in(action, mode)));
    }
    lines.push(Line::raw(""));
}

/// One row per label (every one): its key (blank when the picker is its only way), name
/// in its colour, tag, description.
fn label_rows(app: &Shared, key_width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let (keys, tags) = (app.desk.labels.keys(), app.desk.labels.tags());
    app.desk
        .labels
        .labels
        .iter()
        .enumerate()
        .map(|(n, label)| {
            let key = keys[n].map_or(String::new(), String::from);
            Line::from(vec![
                Text::raw(format!("{:>key_width$}  ", sanitize(&key))),
                Text::styled(
                    sanitize(&label.name).into_owned(),
                    theme.label(label_color(app.desk.labels.color(n), n)),
                ),
                Text::styled(
                    format!(" {} {}", sanitize(&tags[n]), sanitize(&label.description)),
                    theme.dim(),
                ),
            ])
        })
        .collect()
}

fn row(keys: &str, what: &str, width: usize) -> Line<'static> {
    Line::from(vec![
        Text::styled(
            format!("{keys:>width$}  "),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Text::raw(what.to_string()),
    ])
}

fn draw_help(app: &Shared, mode: Mode, scroll: u16, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = area.width.saturating_sub(4).clamp(1, 76);
    let height = area.height.saturating_sub(2).max(1);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(popup, buf);
    let lines = help_lines(app, mode, theme);
    let max_scroll = (lines.len() as u16).saturating_sub(height.saturating_sub(2));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(max_scroll), 0))
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_type(BorderType::Thick)
                .border_style(theme.border(true))
                .title(box_title(app, "Help: keys")),
        )
        .render(popup, buf);
}

/// The title of a box with the help's keys (help, guidelines), naming the keys that close
/// and scroll it in this keymap.
pub(crate) fn box_title(app: &Shared, name: &str) -> String {
    let rows = app.keymap.bindings(Mode::Help);
    let first = |action: Action| {
        rows.iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, keys)| keys.first())
            .map(|k| sanitize(&k.to_string()).into_owned())
    };
    match (
        first(Action::Cancel),
        first(Action::Down),
        first(Action::Up),
    ) {
        (Some(close), Some(down), Some(up)) => {
            format!(" {name} ({close} closes, {down}/{up} scroll) ")
        }
        (Some(close), _, _) => format!(" {name} ({close} closes) "),
        _ => format!(" {name} "),
    }
}
