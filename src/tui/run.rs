//! The event loop: key presses, mouse, resizes, saver reports, background loads and
//! signals arrive on one channel; the screen is drawn only after something changed.

use crossterm::event::{
    self, Event as Term, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use super::app::{App, Effect};
use super::draw::{Colors, draw};
use super::terminal::{Screen, Suspended, on_panic, panicked};
use crate::action::Action;
use crate::annotation::DocAnnotations;
use crate::corpus::{Article, Corpus};
use crate::keymap::Key;
use crate::search::SearchEvent;
use crate::store::{Resume, SaveState};

/// How long quitting waits for the disk before giving up and saying so.
const QUIT_FLUSH: Duration = Duration::from_secs(5);
/// How long a hang-up or SIGTERM waits for the disk: the session must end within a second.
const HANGUP_FLUSH: Duration = Duration::from_millis(800);

pub enum Event {
    Terminal(Term),
    /// The terminal's input ended (the SSH link dropped).
    InputGone,
    Saved(SaveState),
    Loaded(usize, Result<DocAnnotations, String>),
    Signal(i32),
    /// An answer (or news) from the search worker.
    Search(SearchEvent),
    /// A thread panicked; the panic hook has already given the terminal back.
    Panicked,
    /// The gazetteer, read in the background, and the problems met reading it.
    Gazetteer(Box<crate::suggest::Gazetteer>, Vec<String>),
    /// Every annotator's documents, read for the dashboard.
    Team(Result<crate::desk::TeamDocs, String>),
    /// The workspace changed on disk (a sync, a teammate).
    DiskChanged,
    /// The model, read or trained again in the background (learning.rs).
    Learn(Box<crate::desk::LearnNews>),
    /// The consistency findings, checked in the background (checking.rs).
    Findings(Box<crate::desk::Checked>),
}

pub struct Options {
    pub mouse: bool,
    pub colors: Colors,
    /// Keeps where the annotator stopped, when the session ends (not after a crash).
    pub remember: Option<Remember>,
}

/// Writes where the annotator stopped.
pub type Remember = Box<dyn Fn(&Resume)>;

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Quit by the user; `unsaved` says why some edits could not be written.
    Quit { unsaved: Option<String> },
    /// SIGHUP, SIGTERM or the terminal gone: saved what could be, wrote nothing to it;
    /// `unsaved` as for `Quit`.
    HungUp { unsaved: Option<String> },
    /// A thread panicked: the terminal was restored and the edits flushed (exit 101).
    Panicked { unsaved: bool },
}

/// What to tell the user when Ctrl-Z cannot stop tanba.
const NO_JOB_CONTROL: &str = "Ctrl-Z: no shell to return to here (no job control); q quits";

/// Runs the app on the terminal until it quits or the terminal goes away.
pub fn run(
    mut app: App,
    tx: Sender<Event>,
    rx: Receiver<Event>,
    options: Options,
) -> anyhow::Result<Outcome> {
    spawn_signals(tx.clone())?;
    let notify = tx.clone();
    on_panic(move || {
        let _ = notify.send(Event::Panicked);
    });
    if panicked() {
        // a thread started before the loop has already died
        let _ = tx.send(Event::Panicked);
    }
    let mut screen = Screen::enter(options.mouse)?;
    watch_hangup(tx.clone());
    spawn_input(tx);
    if let Ok((w, h)) = screen.size() {
        app.resize(w, h);
    }
    let outcome = event_loop(&mut app, &mut screen, &rx, options.colors);
    let point = app.resume_point();
    if let (Some(remember), Some(point)) = (&options.remember, point)
        && !matches!(outcome, Outcome::Panicked { .. })
    {
        remember(&point);
    }
    Ok(outcome)
}

/// Draws, waits for events and applies them until the session ends. A terminal that
/// fails (gone with the link) is a hang-up, never an error: the session ends as `q` does.
fn event_loop(
    app: &mut App,
    screen: &mut Screen<std::fs::File>,
    rx: &Receiver<Event>,
    colors: Colors,
) -> Outcome {
    let mut dirty = true;
    loop {
        if dirty {
            if screen.draw(|f| draw(app, f, colors)).is_err() {
                return hang_up(app, screen);
            }
            dirty = false;
        }
        let Ok(first) = rx.recv() else {
            return hang_up(app, screen);
        };
        // take everything that is waiting, then draw once
        let mut next = Some(first);
        while let Some(event) = next {
            if let Some(outcome) = step(app, screen, event, &mut dirty) {
                return outcome;
            }
            next = rx.try_recv().ok();
        }
    }
}

/// One event, and the effect it asked for; `Some` ends the loop. A SIGCONT or a suspend
/// that finds the terminal gone (sshd sends SIGCONT with SIGHUP, in either order) is
/// the hang-up it comes with.
fn step(
    app: &mut App,
    screen: &mut Screen<std::fs::File>,
    event: Event,
    dirty: &mut bool,
) -> Option<Outcome> {
    match event {
        Event::Signal(libc::SIGINT) => app.update(Action::Quit),
        Event::Signal(libc::SIGTSTP) => {
            if suspend(app, screen).is_err() {
                return Some(hang_up(app, screen));
            }
            *dirty = true;
        }
        Event::Signal(libc::SIGCONT) => {
            if screen.continued().is_err() {
                return Some(hang_up(app, screen));
            }
            *dirty = true;
        }
        Event::Panicked => {
            let _ = screen.leave();
            let unsaved = !app.desk.store.flush(QUIT_FLUSH);
            return Some(Outcome::Panicked { unsaved });
        }
        Event::Signal(libc::SIGTERM | libc::SIGHUP) => {
            // a terminal still there (a `kill`, a take-over) is given back; a gone one
            // (the link dropped) gets nothing
            screen.give_back_if_there();
            return Some(hang_up(app, screen));
        }
        Event::Signal(_) | Event::InputGone => return Some(hang_up(app, screen)),
        other => *dirty |= handle(app, other),
    }
    // a journal found cut short or stale while reading an article, in the status bar
    if let Some(note) = crate::store::take_journal_notes().pop() {
        app.fail(crate::text::sanitize(&note).into_owned());
        *dirty = true;
    }
    match app.take_effect() {
        Some(Effect::Quit) => {
            let _ = screen.leave();
            let unsaved = unsaved(app, QUIT_FLUSH);
            return Some(Outcome::Quit { unsaved });
        }
        Some(Effect::Suspend) => {
            if suspend(app, screen).is_err() {
                return Some(hang_up(app, screen));
            }
            *dirty = true;
        }
        None => {}
    }
    None
}

/// Waits for the disk at most `timeout`; why some edits are not written, if they are not.
fn unsaved(app: &App, timeout: Duration) -> Option<String> {
    (!app.desk.store.flush(timeout)).then(|| match &app.desk.save_state {
        SaveState::Failed { message, .. } => message.clone(),
        _ => "the disk did not answer in time".to_string(),
    })
}

fn suspend(app: &mut App, screen: &mut Screen<std::fs::File>) -> std::io::Result<()> {
    if screen.suspend()? == Suspended::NoJobControl {
        app.say(NO_JOB_CONTROL);
    }
    Ok(())
}

/// Applies one event; true if the screen may have changed.
fn handle(app: &mut App, event: Event) -> bool {
    match event {
        Event::Terminal(Term::Key(key)) if key.kind != KeyEventKind::Release => {
            press(app, Key::from_event(&key));
            true
        }
        Event::Terminal(Term::Mouse(m)) => {
            let (col, row) = (m.column, m.row);
            let action = match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Action::Click { col, row },
                MouseEventKind::Drag(MouseButton::Left) => Action::Drag { col, row },
                MouseEventKind::ScrollDown => Action::ScrollDown { col, row },
                MouseEventKind::ScrollUp => Action::ScrollUp { col, row },
                _ => return false,
            };
            app.update(action);
            true
        }
        Event::Terminal(Term::Resize(w, h)) => {
            app.resize(w, h);
            true
        }
        Event::Terminal(_) => false,
        Event::Saved(state) => {
            let changed = app.desk.save_state != state;
            app.desk.set_save_state(state);
            changed
        }
        Event::Loaded(article, result) => {
            app.desk.preloaded(article, result);
            true
        }
        Event::Search(event) => {
            app.search_event(event);
            true
        }
        Event::Gazetteer(gazetteer, problems) => {
            app.attach_gazetteer(*gazetteer, &problems);
            true
        }
        Event::Team(result) => {
            app.team_loaded(result);
            true
        }
        Event::DiskChanged => {
            app.disk_changed();
            true
        }
        Event::Learn(news) => {
            app.learn_news(*news);
            true
        }
        Event::Findings(checked) => {
            app.findings_checked(*checked);
            true
        }
        Event::Signal(_) | Event::InputGone | Event::Panicked => false,
    }
}

/// A key, or, for an `Alt-<key>` with no binding of its own, `Esc` then `<key>`: that is
/// what a terminal sends for Esc and a key arriving together (a laggy SSH link), and
/// crossterm reads the pair as Alt.
pub fn press(app: &mut App, key: Key) {
    match key.without_alt() {
        Some(plain) if app.action_for(key).is_none() => {
            app.handle_key(Key::new(crossterm::event::KeyCode::Esc, KeyModifiers::NONE));
            app.handle_key(plain);
        }
        _ => app.handle_key(key),
    }
}

/// The terminal is gone (or we were told to stop): save what we can, quickly, and leave
/// without writing a byte to the terminal.
fn hang_up(app: &mut App, screen: &mut Screen<std::fs::File>) -> Outcome {
    // termios only, no bytes: a shell that survives SIGTERM gets a sane line back
    screen.abandon();
    app.keep_typed_note();
    let unsaved = unsaved(app, HANGUP_FLUSH);
    Outcome::HungUp { unsaved }
}

fn spawn_input(tx: Sender<Event>) {
    let spawned = std::thread::Builder::new()
        .name("tanba-input".into())
        .spawn(move || {
            loop {
                let event = match event::read() {
                    Ok(e) => Event::Terminal(e),
                    Err(_) => Event::InputGone,
                };
                let gone = matches!(event, Event::InputGone);
                if tx.send(event).is_err() || gone {
                    return;
                }
            }
        });
    if spawned.is_err() {
        let _ = writeln!(std::io::stderr(), "tanba: could not start the input thread");
    }
}

/// Says `InputGone` once the terminal hangs up (the link dropped, the master closed).
/// crossterm cannot: on a dead terminal its read loop retries forever (crossterm#793).
fn watch_hangup(tx: Sender<Event>) {
    let _ = std::thread::Builder::new()
        .name("tanba-hangup".into())
        .spawn(move || {
            if super::terminal::wait_hangup() {
                super::terminal::give_up_writing();
                let _ = tx.send(Event::InputGone);
            }
        });
}

fn spawn_signals(tx: Sender<Event>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    // SIGTSTP from outside (`kill -TSTP`) hands the terminal back before stopping, as
    // Ctrl-Z does; SIGCONT after someone else's SIGSTOP redraws
    let mut signals =
        signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGTSTP, SIGCONT])?;
    std::thread::Builder::new()
        .name("tanba-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                if matches!(sig, SIGHUP | SIGTERM | SIGINT) {
                    // the loop may be waiting on a frozen terminal: it must hear this
                    // (`kill -INT` quits as q does, frozen terminal or not)
                    super::terminal::give_up_writing();
                }
                if tx.send(Event::Signal(sig)).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// Reads every article's document in the background so the list can show statuses and
/// counts; the article being opened is read at once by the app itself.
pub fn spawn_preloader(
    corpus: Arc<Corpus>,
    load: impl Fn(&Article) -> Result<DocAnnotations, String> + Send + 'static,
    tx: Sender<Event>,
) {
    let _ = std::thread::Builder::new()
        .name("tanba-preload".into())
        .spawn(move || {
            for (i, article) in corpus.articles.iter().enumerate() {
                if tx.send(Event::Loaded(i, load(article))).is_err() {
                    return;
                }
            }
        });
}
