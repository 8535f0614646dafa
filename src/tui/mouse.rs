//! The mouse: the App sends a click or a wheel turn to the view under it, by the same
//! layout `draw` uses, so it lands where the thing was drawn.

use super::app::App;
use super::screen::{Focus, areas};
use crate::action::Action;

impl App {
    pub(crate) fn click(&mut self, col: u16, row: u16, drag: bool) {
        let Some(a) = areas(self.size, self.focus) else {
            return;
        };
        if let Some(list) = a.list.filter(|l| l.contains((col, row).into()) && !drag) {
            let visible = self.desk.visible();
            let i = self.list_position_at(row.saturating_sub(list.y + 1) as usize);
            if let (true, Some(article)) = (row > list.y, visible.get(i)) {
                self.open_article(article);
            }
            self.focus = Focus::List;
            return;
        }
        let Some(cp) = self.text_at(col, row) else {
            return;
        };
        self.focus = Focus::Text;
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        if drag {
            if r.anchor.is_none() {
                r.anchor = Some(r.cursor);
                r.region = false;
            }
        } else {
            r.anchor = None;
        }
        r.cursor = cp;
        r.want_x = None;
    }

    pub(crate) fn wheel(&mut self, col: u16, row: u16, down: bool) {
        let Some(a) = areas(self.size, self.focus) else {
            return;
        };
        let step = if down { 3 } else { -3 };
        if a.list.is_some_and(|l| l.contains((col, row).into())) {
            let focus = self.focus;
            self.focus = Focus::List;
            for _ in 0..3 {
                self.update_list(if down { Action::Down } else { Action::Up });
            }
            self.focus = focus;
        } else if a.text.is_some_and(|t| t.contains((col, row).into())) {
            self.with_reader(|reader, ctx| reader.vertical(step, &ctx.shared()));
        }
    }

    /// The code point shown at screen cell (col, row) of the text pane, if any.
    pub fn text_at(&mut self, col: u16, row: u16) -> Option<usize> {
        self.with_reader(|reader, ctx| reader.text_at(col, row, &ctx.shared()))
            .flatten()
    }
}
