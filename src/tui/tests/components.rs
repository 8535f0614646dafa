//! A view added the way `tui/mod.rs` says: one struct implementing `Component`, opened
//! with `App::open_view`. It reads keys in its own mode, says things through its context,
//! draws over the panes, and leaves when its `update` returns `Flow::Close`; a layer that
//! passes a key gives it to the one below.

use std::cell::RefCell;
use std::rc::Rc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::*;
use crate::keymap::Mode;
use crate::tui::component::{Context, Shared};
use crate::tui::draw::{Colors, Theme, render};
use crate::tui::{Action, Component, Flow};

/// Records what it is given; `down` says so in the footer, `cancel` closes it.
struct Recorder {
    seen: Rc<RefCell<Vec<Action>>>,
}

impl Component for Recorder {
    fn mode(&self) -> Mode {
        Mode::Help
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        self.seen.borrow_mut().push(action);
        match action {
            Action::Cancel => Flow::Close,
            Action::Down => {
                ctx.say("down in the view");
                Flow::Stay
            }
            _ => Flow::Stay,
        }
    }

    fn draw(&self, _shared: &Shared, area: Rect, buf: &mut Buffer, _theme: &Theme) {
        buf.set_string(area.x, area.y, "RECORDER", Style::new());
    }
}

fn first_row(app: &App) -> String {
    let mut buf = Buffer::empty(Rect::new(0, 0, 80, 24));
    render(app, buf.area, &mut buf, Colors::None);
    (0..80).map(|x| buf[(x, 0)].symbol()).collect()
}

#[test]
fn a_new_view_takes_the_keys_of_its_mode_draws_and_closes_itself() {
    let (mut app, _) = app_with(vec![article("a", "Атырау"), article("b", "Алматы")]);
    let seen = Rc::new(RefCell::new(Vec::new()));
    app.open_view(Recorder {
        seen: Rc::clone(&seen),
    });
    assert_eq!(app.mode(), Mode::Help);
    // `j` is `down` in the help section, and the list under the view does not move
    keys(&mut app, "j");
    assert_eq!(*seen.borrow(), [Action::Down]);
    assert_eq!(app.current, 0);
    assert_eq!(app.message.as_ref().unwrap().text, "down in the view");
    assert!(first_row(&app).starts_with("RECORDER"));
    keys(&mut app, "esc");
    assert_eq!(*seen.borrow(), [Action::Down, Action::Cancel]);
    assert!(app.layers.is_empty());
    assert_eq!(app.mode(), Mode::List);
    assert!(!first_row(&app).starts_with("RECORDER"));
    // with the view gone, `j` moves the list again
    keys(&mut app, "j");
    assert_eq!((app.current, seen.borrow().len()), (1, 2));
}

/// Takes `down` and passes every other key to the layer below.
struct Passer;

impl Component for Passer {
    fn mode(&self) -> Mode {
        Mode::Help
    }

    fn update(&mut self, action: Action, ctx: &mut Context) -> Flow {
        match action {
            Action::Down => {
                ctx.say("the top layer took it");
                Flow::Stay
            }
            _ => Flow::Pass,
        }
    }

    fn draw(&self, _shared: &Shared, _area: Rect, _buf: &mut Buffer, _theme: &Theme) {}
}

#[test]
fn a_key_the_top_layer_passes_falls_to_the_layer_below() {
    let (mut app, _) = app_with(vec![article("a", "Атырау"), article("b", "Алматы")]);
    let seen = Rc::new(RefCell::new(Vec::new()));
    app.open_view(Recorder {
        seen: Rc::clone(&seen),
    });
    app.open_view(Passer);
    app.update(Action::Down);
    assert_eq!(app.message.as_ref().unwrap().text, "the top layer took it");
    assert!(seen.borrow().is_empty());
    app.update(Action::Up);
    assert_eq!(*seen.borrow(), [Action::Up]);
    // the recorder closes on cancel; the passer above it stays
    app.update(Action::Cancel);
    assert_eq!(app.layers.len(), 1);
    assert_eq!(app.current, 0, "no key reached the list");
}
