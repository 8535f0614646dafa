//! The label picker: every label in a small list over the text, filtered as you type by
//! a fuzzy match on name and description (folded as search folds), the labels used last
//! first. Enter applies the chosen label exactly as its key would; esc cancels. It reads
//! its keys in the input line's keymap section (typing, backspace, up/down, enter, esc).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span as Text};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget};

use crate::action::Action;
use crate::annotation::LabelSet;
use crate::desk::Desk;
use crate::keymap::Mode;
use crate::search::Pattern;
use crate::search::fold::{Folded, fold};
use crate::text::sanitize;
use crate::tui::component::{Command, Component, Context, Flow, Shared};
use crate::tui::draw::{Theme, label_color};

/// Rows of labels the box shows at most; more scroll.
const ROWS: u16 = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelPicker {
    pub query: String,
    /// Indices into the label set of the labels that match, best first.
    pub shown: Vec<usize>,
    /// Position in `shown` of the chosen label.
    pub selected: usize,
}

impl LabelPicker {
    pub fn new(desk: &Desk) -> LabelPicker {
        LabelPicker {
            query: String::new(),
            shown: rank(&desk.labels, &desk.recent_labels, ""),
            selected: 0,
        }
    }

    fn refilter(&mut self, desk: &Desk) {
        self.shown = rank(&desk.labels, &desk.recent_labels, &self.query);
        self.selected = 0;
    }

    /// The label enter would apply.
    pub fn chosen<'a>(&self, labels: &'a LabelSet) -> Option<&'a str> {
        let i = *self.shown.get(self.selected)?;
        labels.labels.get(i).map(|l| l.name.as_str())
    }

    /// Query editing at its end; false if `action` is not an edit.
    fn edit(&mut self, action: Action) -> bool {
        edit_at_end(&mut self.query, action)
    }
}

/// What a picker's box shows: its title, the query line, and its choices.
pub(super) struct PickerFrame<'a> {
    pub max_width: u16,
    pub choices: usize,
    pub selected: usize,
    pub title: String,
    pub query: &'a str,
    /// Said when there is no choice.
    pub empty: &'a str,
}

impl PickerFrame<'_> {
    /// Draws the box over `area` (`popup_area`): the query line, then `rows(top, count)`,
    /// the rows in view with the selected one among them.
    pub fn draw(
        &self,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
        rows: impl FnOnce(usize, usize) -> Vec<Line<'static>>,
    ) {
        let popup = popup_area(area, self.max_width, self.choices);
        Clear.render(popup, buf);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_type(BorderType::Thick)
            .border_style(theme.border(true))
            .title(self.title.clone());
        let inner = block.inner(popup);
        block.render(popup, buf);
        let mut lines = vec![Line::from(vec![
            Text::styled("› ", theme.dim()),
            Text::raw(sanitize(self.query).into_owned()),
            Text::styled("▏", theme.dim()),
        ])];
        let visible = inner.height.saturating_sub(1) as usize;
        let top = self.selected.saturating_sub(visible.saturating_sub(1));
        lines.extend(rows(top, visible));
        if self.choices == 0 {
            lines.push(Line::styled(self.empty.to_string(), theme.dim()));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

/// A picker's box: centred, a third of the way down `area`, at most `max_width` wide, with
/// room for `choices` rows (at most `ROWS`) under the query line, as many as fit.
pub(super) fn popup_area(area: Rect, max_width: u16, choices: usize) -> Rect {
    let width = area.width.saturating_sub(2).clamp(1, max_width);
    let rows = u16::try_from(choices).unwrap_or(ROWS).clamp(1, ROWS);
    let height = (rows + 3).min(area.height.saturating_sub(2)).max(1);
    Rect {
        x: area.x + area.width.saturating_sub(width) / 2,
        y: area.y + area.height.saturating_sub(height) / 3,
        width,
        height,
    }
}

/// Moves a picker's selection (up, down, a page either way) among choices `0..=last`;
/// false if `action` is none of those.
pub(super) fn move_selection(selected: &mut usize, action: Action, last: usize) -> bool {
    *selected = match action {
        Action::Down => (*selected + 1).min(last),
        Action::Up => selected.saturating_sub(1),
        Action::PageDown => (*selected + usize::from(ROWS)).min(last),
        Action::PageUp => selected.saturating_sub(usize::from(ROWS)),
        _ => return false,
    };
    true
}

/// Editing a picker's query, which is always edited at its end (the pickers' own keys
/// take the arrows); false if `action` is not an edit.
pub(super) fn edit_at_end(query: &mut String, action: Action) -> bool {
    match action {
        Action::Insert(c) if !c.is_control() => query.push(c),
        Action::DeleteBack => {
            query.pop();
        }
        Action::DeleteWordBack => {
            let kept = query.trim_end().rfind(char::is_whitespace);
            query.truncate(kept.map_or(0, |i| i + 1));
        }
        Action::DeleteToStart => query.clear(),
        _ => return false,
    }
    true
}

/// The labels matching `query`, best first: every query word must match the name or a
/// word of the description. Among equals (and with no query) the labels in `recent`
/// (most recent first) lead, then the set's order.
pub fn rank(labels: &LabelSet, recent: &[String], query: &str) -> Vec<usize> {
    let words: Vec<(String, Option<Pattern>)> = query
        .split_whitespace()
        .map(|w| (fold(w), Pattern::new(w)))
        .collect();
    let recency = |name: &str| recent.iter().position(|r| r == name).unwrap_or(usize::MAX);
    let mut scored: Vec<(i64, usize, usize)> = labels
        .labels
        .iter()
        .enumerate()
        .filter_map(|(i, label)| {
            let name = Folded::new(&label.name.replace('_', " "));
            let description: Vec<Folded> = label
                .description
                .split_whitespace()
                .map(Folded::new)
                .collect();
            let mut total = 0;
            for (typed, pattern) in &words {
                // typed letters found as they are beat fuzzy matches; a name's start most
                let exact = match name.fold.find(typed.as_str()) {
                    Some(0) => Some(2000),
                    Some(_) => Some(1000),
                    None => None,
                };
                let fuzzy = pattern.as_ref().and_then(|p| {
                    let on_name = p.score(&name).map(|s| s * 2);
                    on_name.max(description.iter().filter_map(|w| p.score(w)).max())
                });
                total += exact.max(fuzzy)?;
            }
            Some((-total, recency(&label.name), i))
        })
        .collect();
    scored.sort_unstable();
    scored.into_iter().map(|(_, _, i)| i).collect()
}

impl Component for LabelPicker {
    fn mode(&self) -> Mode {
        Mode::Prompt
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        use Action::*;
        if self.edit(action) {
            self.refilter(ctx.desk);
            return Flow::Stay;
        }
        let last = self.shown.len().saturating_sub(1);
        if move_selection(&mut self.selected, action, last) {
            return Flow::Stay;
        }
        match action {
            Confirm => {
                match self.chosen(&ctx.desk.labels).map(str::to_string) {
                    Some(name) => ctx.push(Command::Label(name)),
                    None => ctx.fail("no label matches; esc cancels"),
                }
                return Flow::Close;
            }
            Cancel | Back => return Flow::Close,
            Quit => {
                ctx.push(Command::Quit);
                return Flow::Close;
            }
            _ => {}
        }
        Flow::Stay
    }

    fn draw(&self, app: &Shared, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let title = format!(
            " Label ({} of {}) ↑↓ enter esc ",
            self.shown.len(),
            app.desk.labels.labels.len()
        );
        let frame = PickerFrame {
            max_width: 60,
            choices: self.shown.len(),
            selected: self.selected,
            title,
            query: &self.query,
            empty: "(no label matches)",
        };
        frame.draw(area, buf, theme, |top, count| {
            self.rows(app, theme, top, count)
        });
    }
}

impl LabelPicker {
    /// One line per shown label from `top`: a marker on the chosen one, its key (if it
    /// has one), name in its colour, tag, description.
    fn rows(&self, app: &Shared, theme: &Theme, top: usize, count: usize) -> Vec<Line<'static>> {
        let (keys, tags) = (app.desk.labels.keys(), app.desk.labels.tags());
        let name_width = self
            .shown
            .iter()
            .map(|&i| app.desk.labels.labels[i].name.chars().count())
            .max()
            .unwrap_or(0)
            .min(20);
        let tag_width = tags
            .iter()
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(0)
            .min(8);
        self.shown
            .iter()
            .enumerate()
            .skip(top)
            .take(count)
            .map(|(position, &i)| {
                let label = &app.desk.labels.labels[i];
                let chosen = position == self.selected;
                let row = if chosen {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                let key = keys[i].map_or(" ".to_string(), String::from);
                let name = sanitize(&label.name).into_owned();
                Line::from(vec![
                    Text::styled(if chosen { "▸" } else { " " }, row),
                    Text::styled(format!("{} ", sanitize(&key)), row),
                    Text::styled(
                        format!("{name:name_width$}"),
                        theme
                            .label(label_color(app.desk.labels.color(i), i))
                            .patch(row),
                    ),
                    Text::styled(
                        format!(" {:tag_width$} ", sanitize(&tags[i])),
                        row.add_modifier(Modifier::BOLD),
                    ),
                    Text::styled(
                        sanitize(&label.description).into_owned(),
                        theme.dim().patch(row),
                    ),
                ])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Label;

    fn set(names: &[(&str, &str)]) -> LabelSet {
        LabelSet {
            labels: names
                .iter()
                .map(|(n, d)| Label {
                    description: d.to_string(),
                    ..Label::named(*n)
                })
                .collect(),
        }
    }

    #[test]
    fn ranks_by_name_and_description_folded_with_recent_labels_first() {
        let labels = set(&[
            ("PERSON", "адамдар, аты-жөні"),
            ("PERCENTAGE", "пайыз"),
            ("LOCATION", "қалалар, облыстар"),
            ("NON_HUMAN", "жануарлар"),
        ]);
        assert_eq!(rank(&labels, &[], ""), [0, 1, 2, 3]);
        assert_eq!(rank(&labels, &["LOCATION".into()], ""), [2, 0, 1, 3]);
        assert_eq!(rank(&labels, &[], "perc")[0], 1);
        // a Kazakh description typed on a Russian keyboard, and in Latin
        assert_eq!(rank(&labels, &[], "калалар"), [2]);
        assert_eq!(rank(&labels, &[], "qalalar"), [2]);
        assert_eq!(rank(&labels, &[], "human"), [3]);
        assert!(rank(&labels, &[], "zzz").is_empty());
    }
}
