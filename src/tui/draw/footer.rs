//! The two footer lines: what is under the cursor (or a message, or the input line), and
//! the status bar with the label legend.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span as Text};
use ratatui::widgets::Widget;

use super::style::{Theme, label_color};
use crate::annotation::{Origin, SpanState};
use crate::store::SaveState;
use crate::text::sanitize;
use crate::tui::app::{App, Overlay, PromptKind};

pub fn draw_footer(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let top = Rect { height: 1, ..area };
    if area.height >= 2 {
        info_line(app, theme).render(top, buf);
        status_line(app, theme, area.width).render(
            Rect {
                y: area.y + 1,
                height: 1,
                ..area
            },
            buf,
        );
    } else if matches!(app.overlay, Overlay::Prompt(_)) || app.message.is_some() {
        info_line(app, theme).render(top, buf);
    } else {
        status_line(app, theme, area.width).render(top, buf);
    }
}

fn info_line<'a>(app: &'a App, theme: &Theme) -> Line<'a> {
    if let Overlay::Prompt(p) = &app.overlay {
        let head = match &p.kind {
            PromptKind::Search => "/".to_string(),
            PromptKind::Note { label, .. } => format!("note on {label}: "),
        };
        let chars: Vec<char> = p.input.chars().collect();
        let before: String = chars[..p.at].iter().collect();
        let under: String = chars.get(p.at).map_or(" ".into(), |c| c.to_string());
        let after: String = chars
            .get(p.at + 1..)
            .map_or(String::new(), |c| c.iter().collect());
        let mut line = vec![
            Text::styled(head, theme.label(ratatui::style::Color::Cyan)),
            Text::raw(sanitize(&before).into_owned()),
            Text::styled(
                sanitize(&under).into_owned(),
                Style::new().add_modifier(Modifier::REVERSED),
            ),
            Text::raw(sanitize(&after).into_owned()),
        ];
        if p.kind == PromptKind::Search {
            line.extend(search_state(app, &p.input, theme));
        }
        return Line::from(line);
    }
    if let Some(m) = &app.message {
        let style = if m.error { theme.error() } else { Style::new() };
        let text = if m.error {
            format!("error: {}", sanitize(&m.text))
        } else {
            sanitize(&m.text).into_owned()
        };
        return Line::from(Text::styled(text, style));
    }
    if let SaveState::Failed { message, .. } = &app.save_state {
        // "path: reason" reads better reason first when the line is cut
        let shown = match message.rsplit_once(": ") {
            Some((path, why)) => format!("{why} ({path})"),
            None => message.clone(),
        };
        return Line::from(Text::styled(
            format!("error: not saved, retrying: {}", sanitize(&shown)),
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
        let i = app.label_index(&s.label).unwrap_or(app.labels.labels.len());
        let color = label_color(app.labels.labels.get(i).map_or("", |l| l.color.as_str()), i);
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
            notes.push(format!("{:?}", s.origin).to_lowercase());
        }
        if s.flagged {
            notes.push("text changed".into());
        }
        if let Some(note) = &s.note {
            notes.push(format!("note: {}", sanitize(note)));
        }
        if !notes.is_empty() {
            parts.push(Text::styled(
                format!(" ({})", notes.join(", ")),
                theme.dim(),
            ));
        }
    }
    Line::from(parts)
}

/// After the query: its error, else how many articles match, and whether the index is
/// still being built.
fn search_state(app: &App, input: &str, theme: &Theme) -> Vec<Text<'static>> {
    if let Some(error) = &app.search.error {
        return vec![Text::styled(
            format!("  {}", sanitize(error)),
            theme.error(),
        )];
    }
    let mut parts = Vec::new();
    if let Some(f) = app.filter.as_ref().filter(|_| !input.trim().is_empty()) {
        let n = f.matches.len();
        parts.push(Text::styled(
            format!("  {n} match{}", if n == 1 { "" } else { "es" }),
            if n == 0 { theme.error() } else { theme.dim() },
        ));
    }
    if app.search.waiting_to_open {
        parts.push(Text::styled("  searching…", theme.dim()));
    }
    if app.search.indexing || app.filter.as_ref().is_some_and(|f| f.results.partial) {
        parts.push(Text::styled("  indexing…", theme.warn()));
    }
    parts
}

/// The status bar; the legend and the help hint go first when it does not fit.
fn status_line<'a>(app: &'a App, theme: &Theme, width: u16) -> Line<'a> {
    let sep = || Text::styled(" │ ", theme.dim());
    let mut parts = vec![Text::styled(
        format!(" {}", app.annotator),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    let total = app.corpus.articles.len();
    if let Some(r) = &app.reader {
        parts.push(sep());
        parts.push(Text::raw(format!("{}/{total}", r.article + 1)));
        if let Some(slot) = app.slot(r.article) {
            parts.push(Text::raw(format!(" {}", slot.doc.status)));
            let pending = slot.doc.pending().count();
            if pending > 0 {
                parts.push(sep());
                parts.push(Text::styled(format!("{pending} pending"), theme.warn()));
            }
            if slot.read_only.is_some() {
                parts.push(sep());
                parts.push(Text::styled("read-only", theme.error()));
            }
        }
    }
    parts.push(sep());
    parts.push(match &app.save_state {
        SaveState::Saved => Text::styled("saved", theme.ok()),
        SaveState::Saving { .. } => Text::styled("saving…", theme.warn()),
        SaveState::Failed { pending, .. } => {
            Text::styled(format!("SAVE FAILED ({pending})"), theme.error())
        }
    });
    let essential = parts.len();
    parts.push(sep());
    let label_keys = app.labels.keys();
    for (n, label) in app.labels.labels.iter().enumerate().take(9) {
        let Some(key) = label_keys[n] else { continue };
        if n > 0 {
            parts.push(Text::raw(" "));
        }
        let tag = app.label_tag(&label.name);
        parts.push(Text::styled(
            format!("{}:", sanitize(&key.to_string())),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        parts.push(Text::styled(
            tag,
            theme.label(label_color(app.labels.color(n), n)),
        ));
    }
    let with_legend = parts.len();
    parts.push(sep());
    parts.push(Text::styled("? help", theme.dim()));
    let fits = |parts: &[Text]| parts.iter().map(|p| p.width()).sum::<usize>() <= width as usize;
    if !fits(&parts) {
        parts.truncate(with_legend);
    }
    if !fits(&parts) {
        parts.truncate(essential);
    }
    Line::from(parts)
}
