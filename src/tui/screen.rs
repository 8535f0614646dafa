//! Where each part of the screen goes, for a given terminal size. Draw and mouse handling
//! both use this, so a click lands where the thing was drawn.

use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The list pane with its border, if shown.
    pub list: Option<Rect>,
    /// The text pane with its border, if shown.
    pub text: Option<Rect>,
    /// The footer: one line for messages and input, one for the status.
    pub footer: Rect,
}

/// Narrower than this, one pane is shown at a time.
pub const TWO_PANES: u16 = 60;

/// The layout of `area`, or None when it is too small to show anything useful.
pub fn areas(area: Rect, focus: Focus) -> Option<Areas> {
    if area.width < 8 || area.height < 3 {
        return None;
    }
    let footer_h = if area.height >= 8 { 2 } else { 1 };
    let main = Rect {
        height: area.height - footer_h,
        ..area
    };
    let footer = Rect {
        y: area.y + main.height,
        height: footer_h,
        ..area
    };
    let (list, text) = if area.width >= TWO_PANES {
        let lw = (area.width * 3 / 10).clamp(22, 40);
        let list = Rect { width: lw, ..main };
        let text = Rect {
            x: main.x + lw,
            width: main.width - lw,
            ..main
        };
        (Some(list), Some(text))
    } else if focus == Focus::List {
        (Some(main), None)
    } else {
        (None, Some(main))
    };
    Some(Areas { list, text, footer })
}

/// The inside of a bordered pane.
pub fn inner(rect: Rect) -> Rect {
    Rect {
        x: rect.x.saturating_add(1),
        y: rect.y.saturating_add(1),
        width: rect.width.saturating_sub(2),
        height: rect.height.saturating_sub(2),
    }
}

/// The text area the article is wrapped into, even when the text pane is hidden.
pub fn text_inner(area: Rect) -> Rect {
    match areas(area, Focus::Text).and_then(|a| a.text) {
        Some(text) => inner(text),
        None => Rect::default(),
    }
}
