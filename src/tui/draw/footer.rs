//! The two footer lines: what is under the cursor (or a message, or the input line), and
//! the status bar with the label legend.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span as Text};
use ratatui::widgets::Widget;

use super::style::{Theme, label_color};
use crate::action::Action;
use crate::annotation::{Origin, SpanState};
use crate::keymap::Mode;
use crate::store::SaveState;
use crate::text::{ellipsize, sanitize};
use crate::tui::app::{App, Prompt};
use crate::tui::component::Component;

pub fn draw_footer(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let top = Rect { height: 1, ..area };
    if area.height >= 2 {
        draw_info(app, top, buf, theme);
        status_line(app, theme, area.width).render(
            Rect {
                y: area.y + 1,
                height: 1,
                ..area
            },
            buf,
        );
    } else if app.layers.find::<Prompt>().is_some() || app.message.is_some() {
        draw_info(app, top, buf, theme);
    } else {
        status_line(app, theme, area.width).render(top, buf);
    }
}

/// The first footer line: the input line when one is open, else `info_line`.
fn draw_info(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    match app.layers.find::<Prompt>() {
        Some(prompt) => prompt.draw(&app.shared(), area, buf, theme),
        None => info_line(app, theme, area.width as usize).render(area, buf),
    }
}

/// A message, else a failed save, else what is under the cursor. Messages too long for
/// `width` are cut at a word, with an ellipsis.
fn info_line<'a>(app: &'a App, theme: &Theme, width: usize) -> Line<'a> {
    if let Some(m) = &app.message {
        let style = if m.error { theme.error() } else { Style::new() };
        let text = if m.error {
            format!("error: {}", sanitize(&m.text))
        } else {
            sanitize(&m.text).into_owned()
        };
        return Line::from(Text::styled(ellipsize(&text, width).into_owned(), style));
    }
    if let SaveState::Failed { message, .. } = &app.desk.save_state {
        // "path: reason" reads better reason first when the line is cut
        let shown = match message.rsplit_once(": ") {
            Some((path, why)) => format!("{why} ({path})"),
            None => message.clone(),
        };
        let text = format!("error: not saved, retrying: {}", sanitize(&shown));
        return Line::from(Text::styled(
            ellipsize(&text, width).into_owned(),
            theme.error(),
        ));
    }
    let under = app.spans_under_cursor();
    if under.is_empty() {
        return Line::from(Text::styled(" ", theme.dim()));
    }
    let mut parts = Vec::new();
    for (n, s) in under.iter().rev().enumerate() {
        if n > 0 {
            parts.push(Text::styled(" ⊃ ", theme.dim()));
        }
        let i = app
            .desk
            .label_index(&s.label)
            .unwrap_or(app.desk.labels.labels.len());
        let color = label_color(app.desk.labels.color(i), i);
        parts.push(Text::styled(
            sanitize(&s.label).into_owned(),
            theme.label(color),
        ));
        let text: String = s.text.chars().take(40).collect();
        parts.push(Text::raw(format!(" «{}»", sanitize(&text))));
        let mut notes = Vec::new();
        if s.state == SpanState::Pending {
            notes.push("pending".to_string());
        }
        if s.origin != Origin::Manual {
            notes.push(s.origin.name().into_owned());
        }
        if s.flagged {
            notes.push("text changed".into());
        }
        if let Some(note) = &s.note {
            notes.push(format!("note: {}", sanitize(note)));
        }
        if let Some(link) = app.desk.link_line(s) {
            parts.push(Text::raw(format!(" {link}")));
        }
        if !notes.is_empty() {
            parts.push(Text::styled(
                format!(" ({})", notes.join(", ")),
                theme.dim(),
            ));
        }
    }
    if let (Some(article), Some(inner)) = (app.reader.as_ref().map(|r| r.article), under.first()) {
        let relations = app.desk.relation_lines(article, inner);
        if !relations.is_empty() {
            parts.push(Text::styled(" │ ", theme.dim()));
            parts.push(Text::raw(relations.join(" ")));
        }
    }
    Line::from(parts)
}

/// One part of the status bar, and when it goes as the bar gets narrow.
#[derive(Clone)]
struct Part<'a> {
    /// Dropped in this order (1 first); 0 is never dropped.
    drop: u8,
    /// Follows the part before it without a separator.
    glued: bool,
    texts: Vec<Text<'a>>,
}

fn part<'a>(drop: u8, texts: Vec<Text<'a>>) -> Part<'a> {
    Part {
        drop,
        glued: false,
        texts,
    }
}

/// As many `key:TAG` as fit in `budget` columns (after a separator), then `t:more` (the
/// picker's key) when some label is not shown; empty when not even that fits.
fn legend<'a>(app: &App, theme: &Theme, budget: usize) -> Vec<Text<'a>> {
    let keys = app.desk.labels.keys();
    let entries: Vec<(usize, char)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.map(|k| (i, k)))
        .collect();
    let picker = app
        .keymap
        .bindings(Mode::Text)
        .into_iter()
        .find(|(action, _)| *action == Action::PickLabel)
        .and_then(|(_, keys)| keys.first().map(|k| sanitize(&k.to_string()).into_owned()));
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let build = |n: usize| {
        let mut parts = vec![Text::styled(" │ ", theme.dim())];
        for (j, &(i, key)) in entries[..n].iter().enumerate() {
            if j > 0 {
                parts.push(Text::raw(" "));
            }
            parts.push(Text::styled(
                format!("{}:", sanitize(&key.to_string())),
                bold,
            ));
            let color = label_color(app.desk.labels.color(i), i);
            parts.push(Text::styled(
                app.desk.label_tag(&app.desk.labels.labels[i].name),
                theme.label(color),
            ));
        }
        let hidden = n < app.desk.labels.labels.len();
        match (&picker, hidden) {
            (Some(p), true) => {
                parts.push(Text::raw(if n > 0 { " " } else { "" }));
                parts.push(Text::styled(format!("{p}:"), bold));
                parts.push(Text::styled("more", theme.dim()));
            }
            _ if n == 0 => parts.clear(),
            _ => {}
        }
        parts
    };
    (0..=entries.len())
        .rev()
        .map(build)
        .find(|parts| parts.iter().map(|p| p.width()).sum::<usize>() <= budget)
        .unwrap_or_default()
}

/// What the status bar says before the legend, each part with its drop order.
fn status_parts<'a>(app: &'a App, theme: &Theme) -> Vec<Part<'a>> {
    let mut parts = vec![part(
        1,
        vec![Text::styled(
            app.desk.annotator.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        )],
    )];
    let total = app.desk.corpus.articles.len();
    if let Some(who) = app.desk.showing(app.current) {
        let text = Text::styled(format!("{who}'s spans (o)"), theme.warn());
        parts.push(part(0, vec![text]));
    }
    if let Some(r) = &app.reader {
        parts.push(part(
            4,
            vec![Text::raw(format!("{}/{total}", r.article + 1))],
        ));
        if let Some(slot) = app.desk.shown_slot(r.article) {
            let status = Text::raw(format!(" {}", slot.doc.status));
            parts.push(Part {
                glued: true,
                ..part(2, vec![status])
            });
            if !slot.doc.doc_labels.is_empty() {
                let text = format!("[{}]", sanitize(&slot.doc.doc_labels.join(", ")));
                parts.push(part(5, vec![Text::raw(text)]));
            }
            let pending = slot.doc.pending().count();
            if pending > 0 {
                let text = Text::styled(format!("{pending} pending"), theme.warn());
                parts.push(part(5, vec![text]));
            }
            if slot.read_only.is_some() && app.desk.showing(app.current).is_none() {
                parts.push(part(0, vec![Text::styled("read-only", theme.error())]));
            }
        }
    }
    if let Some((done, assigned)) = app.desk.assigned_progress() {
        parts.push(part(
            7,
            vec![Text::raw(format!("{done}/{assigned} assigned"))],
        ));
    }
    parts.push(match &app.desk.save_state {
        SaveState::Saved => part(3, vec![Text::styled("saved", theme.ok())]),
        SaveState::Saving { .. } => part(6, vec![Text::styled("saving…", theme.warn())]),
        SaveState::Failed { pending, .. } => {
            let text = format!("SAVE FAILED ({pending})");
            part(0, vec![Text::styled(text, theme.error())])
        }
    });
    if let Some(legend) = app.desk.curation_legend() {
        parts.push(part(0, vec![Text::raw(legend)]));
    }
    parts
}

/// The status bar. The label keys and `? help` stay as long as the width allows: the
/// annotator goes first, then the article's status, `saved`, and the article number;
/// only then does the legend shrink (`t:more`) and, last, the help hint go.
fn status_line<'a>(app: &'a App, theme: &Theme, width: u16) -> Line<'a> {
    let mut parts = status_parts(app, theme);
    let sep = || Text::styled(" │ ", theme.dim());
    let width_of = |line: &[Text]| line.iter().map(|t| t.width()).sum::<usize>();
    let join = |parts: &[Part<'a>]| {
        // the margin takes the style of what follows it (the annotator's bold)
        let first = parts.first().and_then(|p| p.texts.first());
        let mut line = vec![Text::styled(" ", first.map_or(Style::new(), |t| t.style))];
        for (n, p) in parts.iter().enumerate() {
            if n > 0 && !p.glued {
                line.push(sep());
            }
            line.extend(p.texts.iter().cloned());
        }
        line
    };
    let help = [sep(), Text::styled("? help", theme.dim())];
    let help_width = width_of(&help);
    // make room for every label key and the hint, if leaving things out can (with more
    // labels than keys the picker's `t:more` stands for the rest anyway)
    let room = |parts: &[Part<'a>]| (width as usize).saturating_sub(width_of(&join(parts)));
    let wanted = width_of(&legend(app, theme, usize::MAX)) + help_width;
    let essential: Vec<Part<'a>> = parts.iter().filter(|p| p.drop == 0).cloned().collect();
    let every_label_keyed = app.desk.labels.keys().iter().all(Option::is_some);
    if every_label_keyed && room(&essential) >= wanted {
        for drop in 1..=6 {
            if room(&parts) >= wanted {
                break;
            }
            parts.retain(|p| p.drop != drop);
        }
    }
    let mut line = join(&parts);
    let budget = (width as usize).saturating_sub(width_of(&line));
    let legend_with_help = legend(app, theme, budget.saturating_sub(help_width));
    // the legend goes before the help hint: the hint only where it costs no label
    let alone = legend(app, theme, budget);
    let mut tail = if budget >= help_width && legend_with_help.len() >= alone.len() {
        legend_with_help.into_iter().chain(help).collect()
    } else {
        alone
    };
    if parts.is_empty() && !tail.is_empty() {
        tail.remove(0); // nothing before the legend to separate it from
    }
    line.extend(tail);
    Line::from(line)
}
