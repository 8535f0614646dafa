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
use crate::text::{ellipsize, sanitize};
use crate::tui::app::{App, Overlay};
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
    } else if matches!(app.overlay, Overlay::Prompt(_)) || app.message.is_some() {
        draw_info(app, top, buf, theme);
    } else {
        status_line(app, theme, area.width).render(top, buf);
    }
}

/// The first footer line: the input line when one is open, else `info_line`.
fn draw_info(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    match &app.overlay {
        Overlay::Prompt(prompt) => prompt.draw(app, area, buf, theme),
        _ => info_line(app, theme, area.width as usize).render(area, buf),
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
    if let SaveState::Failed { message, .. } = &app.save_state {
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

/// One part of the status bar, and when it goes as the bar gets narrow.
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

/// The status bar. The label keys and `? help` always stay; when it does not fit, the
/// annotator goes first, then the article's status, `saved`, and the article number.
fn status_line<'a>(app: &'a App, theme: &Theme, width: u16) -> Line<'a> {
    let mut parts = vec![part(
        1,
        vec![Text::styled(
            app.annotator.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        )],
    )];
    let total = app.corpus.articles.len();
    if let Some(r) = &app.reader {
        parts.push(part(
            4,
            vec![Text::raw(format!("{}/{total}", r.article + 1))],
        ));
        if let Some(slot) = app.slot(r.article) {
            let status = Text::raw(format!(" {}", slot.doc.status));
            parts.push(Part {
                glued: true,
                ..part(2, vec![status])
            });
            let pending = slot.doc.pending().count();
            if pending > 0 {
                let text = Text::styled(format!("{pending} pending"), theme.warn());
                parts.push(part(5, vec![text]));
            }
            if slot.read_only.is_some() {
                parts.push(part(0, vec![Text::styled("read-only", theme.error())]));
            }
        }
    }
    parts.push(match &app.save_state {
        SaveState::Saved => part(3, vec![Text::styled("saved", theme.ok())]),
        SaveState::Saving { .. } => part(6, vec![Text::styled("saving…", theme.warn())]),
        SaveState::Failed { pending, .. } => {
            let text = format!("SAVE FAILED ({pending})");
            part(0, vec![Text::styled(text, theme.error())])
        }
    });
    parts.push(part(0, legend(app, theme)));
    parts.push(part(0, vec![Text::styled("? help", theme.dim())]));
    let sep = || Text::styled(" │ ", theme.dim());
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
    let fits = |line: &[Text]| line.iter().map(|t| t.width()).sum::<usize>() <= width as usize;
    for drop in 1..=6 {
        if fits(&join(&parts)) {
            break;
        }
        parts.retain(|p| p.drop != drop);
    }
    Line::from(join(&parts))
}

/// `1:PER 2:AGE …`: each label's key and tag, in the label's colour.
fn legend<'a>(app: &'a App, theme: &Theme) -> Vec<Text<'a>> {
    let mut texts = Vec::new();
    for (n, label) in app.labels.labels.iter().enumerate().take(9) {
        if n > 0 {
            texts.push(Text::raw(" "));
        }
        let tag = app.label_tag(&label.name);
        texts.push(Text::styled(
            format!("{}:", sanitize(&label.key.to_string())),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        texts.push(Text::styled(tag, theme.label(label_color(&label.color, n))));
    }
    texts
}
