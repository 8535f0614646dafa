//! The terminal: raw mode, alternate screen, mouse, a panic hook that restores it all,
//! and frames written in one piece inside synchronized-update sequences (DEC 2026), so
//! a slow SSH link never shows half a frame.

use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

/// Button presses, drags and the wheel (1002) in SGR encoding (1006). Never 1003, which
/// reports every movement and sends bytes up the SSH link for nothing.
pub const MOUSE_ON: &[u8] = b"\x1b[?1002h\x1b[?1006h";
pub const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1002l";

/// Whether the terminal is in our mode (raw, alternate screen). Frames are written while
/// holding it, so a panic hook on another thread never restores mid-frame.
static TAKEN: Mutex<bool> = Mutex::new(false);
/// Called once any thread has panicked and the terminal is restored: ends the event loop.
type PanicNotice = Box<dyn Fn() + Send>;
static ON_PANIC: Mutex<Option<PanicNotice>> = Mutex::new(None);
static PANICKED: AtomicBool = AtomicBool::new(false);
/// Set once the session is to end (SIGHUP, SIGTERM, SIGINT, the terminal hung up): a frame
/// waiting on a frozen terminal gives up, so the session can save and leave.
static GIVING_UP: AtomicBool = AtomicBool::new(false);

/// The session is ending: writes stop waiting for the terminal to take bytes.
pub fn give_up_writing() {
    GIVING_UP.store(true, Ordering::SeqCst);
}

fn taken() -> MutexGuard<'static, bool> {
    TAKEN.lock().unwrap_or_else(|e| e.into_inner())
}

/// The backend's writer: collects a frame's bytes; the `Screen` sends them in one write.
#[derive(Clone, Default)]
pub struct FrameBuf(Rc<RefCell<Vec<u8>>>);

impl Write for FrameBuf {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    // held until `Screen::commit`, so the frame and its closing sequence go out together
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub struct Screen<W: Write> {
    terminal: Terminal<CrosstermBackend<FrameBuf>>,
    frame: FrameBuf,
    out: W,
    mouse: bool,
    /// A real terminal (not headless): writes go through the shared `TAKEN` state.
    live: bool,
    /// Back from our own Ctrl-Z: the SIGCONT that woke us needs no second redraw.
    resumed: bool,
    /// Bytes of the last frame sent (for benchmarks).
    pub last_frame_bytes: usize,
}

/// What became of a Ctrl-Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suspended {
    /// Stopped, resumed with `fg`, and the terminal taken over again.
    Resumed,
    /// No shell with job control to return to (e.g. `ssh host tanba`): nothing happened.
    NoJobControl,
}

impl Screen<std::fs::File> {
    /// Takes over the terminal: raw mode, alternate screen, mouse if asked, cursor hidden.
    pub fn enter(mouse: bool) -> io::Result<Screen<std::fs::File>> {
        use std::os::fd::AsFd;
        install_panic_hook();
        let frame = FrameBuf::default();
        let terminal = Terminal::new(CrosstermBackend::new(frame.clone()))?;
        // stdout's line buffer would hold back the end of a frame; write to the terminal
        // itself, without blocking, so a frozen link never holds the loop (and a hang-up
        // or SIGTERM is still heard); a copy of stdout where it cannot be opened again
        let out = match reopen_nonblocking(&io::stdout().as_fd()) {
            Some(file) => file,
            None => std::fs::File::from(io::stdout().as_fd().try_clone_to_owned()?),
        };
        let mut screen = Screen {
            terminal,
            frame,
            out,
            mouse,
            live: true,
            resumed: false,
            last_frame_bytes: 0,
        };
        screen.take_over()?;
        Ok(screen)
    }

    fn take_over(&mut self) -> io::Result<()> {
        let mut taken = taken();
        enable_raw_mode()?;
        *taken = true;
        let mut bytes = Vec::new();
        queue!(bytes, EnterAlternateScreen, cursor::Hide)?;
        write_fully(&mut self.out, &bytes)?;
        if self.mouse {
            write_fully(&mut self.out, MOUSE_ON)?;
        }
        Ok(())
    }

    /// Gives the terminal back as it was.
    pub fn leave(&mut self) -> io::Result<()> {
        let mut taken = taken();
        if !std::mem::replace(&mut *taken, false) {
            return Ok(());
        }
        restore(&mut self.out, self.mouse)
    }

    /// The terminal is gone: give the line discipline back, write not a byte.
    pub fn abandon(&mut self) {
        *taken() = false;
        let _ = disable_raw_mode();
    }

    /// SIGTERM or SIGHUP: the terminal may still be there (a `kill` from another window,
    /// `--take-over` from another login), so it is given back as `q` would, in one write
    /// that never waits: a terminal hung up or too slow to take the bytes at once (a
    /// frozen link) gets none.
    pub fn give_back_if_there(&mut self) {
        let mut taken = taken();
        if !std::mem::replace(&mut *taken, false) {
            return;
        }
        let bytes = leaving_bytes(self.mouse);
        if let Some(mut tty) = reopen_if_there(&std::os::fd::AsFd::as_fd(&self.out)) {
            let _ = tty.write(&bytes);
        }
        let _ = disable_raw_mode();
    }

    /// Ctrl-Z: restores the terminal, stops the process, and takes over again on `fg`.
    /// Nothing asks the terminal anything on the way back (a cursor position request
    /// would be answered into our own input thread and time out).
    pub fn suspend(&mut self) -> io::Result<Suspended> {
        if !job_control() {
            return Ok(Suspended::NoJobControl);
        }
        self.leave()?;
        stop_self();
        self.resume()?;
        self.resumed = true;
        Ok(Suspended::Resumed)
    }

    /// SIGCONT: unless it is the one that ended our own suspend (already redrawn), we
    /// were stopped by someone else and the screen may show anything.
    pub fn continued(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.resumed) {
            return Ok(());
        }
        self.resume()
    }

    /// After a stop: raw mode and the alternate screen again, and the next frame drawn
    /// whole, whatever the terminal showed meanwhile.
    pub fn resume(&mut self) -> io::Result<()> {
        self.take_over()?;
        self.redraw_all()
    }
}

impl<W: Write> Drop for Screen<W> {
    // an early return or an error never leaves the terminal raw, in the alternate screen
    fn drop(&mut self) {
        if self.live {
            let mut taken = taken();
            if std::mem::replace(&mut *taken, false) {
                let _ = restore(&mut io::stdout(), self.mouse);
            }
        }
    }
}

impl<W: Write> Screen<W> {
    /// A screen of a fixed size writing to `out` (benchmarks, tests): no terminal needed.
    pub fn headless(out: W, width: u16, height: u16) -> io::Result<Screen<W>> {
        let frame = FrameBuf::default();
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        };
        let terminal = Terminal::with_options(CrosstermBackend::new(frame.clone()), options)?;
        Ok(Screen {
            terminal,
            frame,
            out,
            mouse: false,
            live: false,
            resumed: false,
            last_frame_bytes: 0,
        })
    }

    pub fn size(&self) -> io::Result<(u16, u16)> {
        let s = self.terminal.size()?;
        Ok((s.width, s.height))
    }

    /// Draws a frame: only changed cells, in one write, between synchronized-update marks.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(render)?;
        queue!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        self.commit()
    }

    /// The next frame is drawn whole: the screen is cleared and nothing is assumed about
    /// what it shows (after a resume). Asks the terminal nothing.
    pub fn redraw_all(&mut self) -> io::Result<()> {
        let size = self.terminal.size()?;
        self.terminal
            .resize(Rect::new(0, 0, size.width, size.height))
    }

    fn commit(&mut self) -> io::Result<()> {
        let bytes = basic_colors(&std::mem::take(&mut *self.frame.0.borrow_mut()));
        self.last_frame_bytes = bytes.len();
        if !self.live {
            return write_fully(&mut self.out, &bytes);
        }
        let taken = taken();
        if !*taken {
            // given back (a panic elsewhere, or suspended): a frame now would land on
            // the user's shell
            return Ok(());
        }
        let written = write_fully(&mut self.out, &bytes);
        drop(taken);
        written
    }

    pub fn out(&self) -> &W {
        &self.out
    }
}

/// The frame with 256-colour selections of the 16 basic colours (`38;5;6`, which is how
/// crossterm spells them) written as the basic codes (`36`) that every terminal knows.
/// Every ESC in a frame is ours: article text never reaches the terminal raw.
pub fn basic_colors(frame: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(frame.len());
    let mut i = 0;
    while i < frame.len() {
        if frame[i] == 0x1b && frame.get(i + 1) == Some(&b'[') {
            let start = i + 2;
            let end = frame[start..]
                .iter()
                .position(|b| (0x40..=0x7e).contains(b))
                .map(|p| start + p);
            if let Some(end) = end.filter(|&e| frame[e] == b'm') {
                out.extend_from_slice(b"\x1b[");
                out.extend_from_slice(&rewrite_sgr(&frame[start..end]));
                out.push(b'm');
                i = end + 1;
                continue;
            }
        }
        out.push(frame[i]);
        i += 1;
    }
    out
}

fn rewrite_sgr(params: &[u8]) -> Vec<u8> {
    let tokens: Vec<&[u8]> = params.split(|&b| b == b';').collect();
    let mut codes: Vec<String> = Vec::with_capacity(tokens.len());
    let mut k = 0;
    while k < tokens.len() {
        let next = |d: usize| tokens.get(k + d).copied().unwrap_or(b"");
        let basic = match (tokens[k], next(1), next(2)) {
            (which @ (b"38" | b"48"), b"5", n) => std::str::from_utf8(n)
                .ok()
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|&n| n < 16)
                .map(|n| {
                    let base = if which == b"38" { 30 } else { 40 };
                    if n < 8 {
                        base + n as u16
                    } else {
                        base + 60 + (n - 8) as u16
                    }
                }),
            _ => None,
        };
        match basic {
            Some(code) => {
                codes.push(code.to_string());
                k += 3;
            }
            None => {
                codes.push(String::from_utf8_lossy(tokens[k]).into_owned());
                k += 1;
            }
        }
    }
    codes.join(";").into_bytes()
}

/// Writes all of `bytes`, waiting out a full terminal buffer (a slow or frozen link says
/// "would block") for as long as it takes, unless the session is ending
/// (`give_up_writing`): then the frame is dropped and the loop hears the hang-up.
fn write_fully(out: &mut impl Write, mut bytes: &[u8]) -> io::Result<()> {
    let mut pause = Duration::from_millis(1);
    while !bytes.is_empty() {
        match out.write(bytes) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                bytes = &bytes[n..];
                pause = Duration::from_millis(1);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if e.kind() == io::ErrorKind::WouldBlock && !GIVING_UP.load(Ordering::SeqCst) =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn restore(out: &mut impl Write, mouse: bool) -> io::Result<()> {
    let result = write_fully(out, &leaving_bytes(mouse)).and_then(|()| out.flush());
    disable_raw_mode()?;
    result
}

/// What gives the terminal back: mouse reports off, the main screen, the cursor shown.
fn leaving_bytes(mouse: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    if mouse {
        bytes.extend_from_slice(MOUSE_OFF);
    }
    // queueing into a Vec cannot fail
    let _ = queue!(bytes, LeaveAlternateScreen, cursor::Show);
    bytes
}

/// Run once a panic (on any thread) has restored the terminal; the event loop uses it to
/// stop drawing, save what it can, and end the program.
pub fn on_panic(notice: impl Fn() + Send + 'static) {
    *ON_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(notice));
}

/// Whether any thread has panicked since the terminal was taken over.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

/// A panic restores the terminal first, so its message is readable, then tells the
/// event loop, so a background thread's panic ends the app instead of leaving it drawing
/// on a cooked terminal. Install it before starting any thread whose panic must count.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICKED.store(true, Ordering::SeqCst);
            restore_from_panic();
            previous(info);
            if let Some(notice) = &*ON_PANIC.lock().unwrap_or_else(|e| e.into_inner()) {
                notice();
            }
        }));
    });
}

fn restore_from_panic() {
    // the drawing thread may hold the terminal for a frame; wait for it, but not forever
    // (it may be the thread that panicked while holding it)
    let deadline = Instant::now() + Duration::from_millis(200);
    let mut guard = loop {
        match TAKEN.try_lock() {
            Ok(guard) => break Some(guard),
            Err(std::sync::TryLockError::Poisoned(e)) => break Some(e.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(std::sync::TryLockError::WouldBlock) => break None,
        }
    };
    let was_taken = guard.as_deref_mut().map(|t| std::mem::replace(t, false));
    if was_taken != Some(false) {
        let _ = restore(&mut io::stdout(), true);
    }
}

/// Whether a stop would reach a shell that can resume us: up our line of ancestors in
/// our process group (a launcher script, say), one must have a parent in our session but
/// outside the group. Otherwise (`ssh host tanba`, a shell without job control) the
/// kernel discards SIGTSTP, or nobody would ever send SIGCONT.
pub fn job_control() -> bool {
    // SAFETY: these calls only read process ids; they have no memory preconditions.
    let (session, group) = unsafe { (libc::getsid(0), libc::getpgrp()) };
    let mut parent = unsafe { libc::getppid() };
    for _ in 0..32 {
        // SAFETY: as above.
        let (their_session, their_group) = unsafe { (libc::getsid(parent), libc::getpgid(parent)) };
        if parent <= 1 || session == -1 || their_session != session {
            return false;
        }
        if their_group != group {
            return true;
        }
        match parent_of(parent) {
            Some(next) => parent = next,
            None => return false,
        }
    }
    false
}

/// The parent of `pid`, from `/proc/PID/stat` (`pid (comm) state ppid ...`; the command
/// name may hold spaces and parentheses, so the fields are read after the last `)`).
fn parent_of(pid: libc::pid_t) -> Option<libc::pid_t> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields = &stat[stat.rfind(')')? + 1..];
    fields.split_whitespace().nth(1)?.parse().ok()
}

/// Blocks until the terminal (stdin or stdout) hangs up; false if it cannot be watched.
/// Asks poll for no event at all: a hang-up (or an error) is reported all the same, and
/// the keys stay for the input thread.
pub fn wait_hangup() -> bool {
    let mut fds = [0, 1].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    loop {
        // SAFETY: `fds` is a valid array of pollfd for the length given.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
        if n > 0 {
            let gone = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
            return fds.iter().any(|f| f.revents & gone != 0);
        }
        if n < 0 && io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return false;
        }
    }
}

/// The terminal behind `out`, opened again without blocking (a file description of its
/// own, so the shell's stays as it is), unless it has hung up.
fn reopen_if_there(out: &std::os::fd::BorrowedFd) -> Option<std::fs::File> {
    use std::os::fd::AsRawFd;
    let fd = out.as_raw_fd();
    let mut poll = libc::pollfd {
        fd,
        events: libc::POLLOUT,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no wait.
    let n = unsafe { libc::poll(&mut poll, 1, 0) };
    let gone = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
    if n != 1 || poll.revents & gone != 0 || poll.revents & libc::POLLOUT == 0 {
        return None;
    }
    reopen_nonblocking(out)
}

/// The terminal behind `fd`, opened again for writing as a file description of its own
/// (so the shell's, shared by our stdin, stays blocking), whose writes never wait.
fn reopen_nonblocking(fd: &std::os::fd::BorrowedFd) -> Option<std::fs::File> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(format!("/proc/self/fd/{}", fd.as_raw_fd()))
        .ok()
}

/// Stops the process group as SIGTSTP's default action does, even though a handler is
/// installed for it (to hand the terminal back first); returns on SIGCONT.
fn stop_self() {
    // SAFETY: sigaction with zeroed (valid) structs, and kill to our own process group.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        let mut handler: libc::sigaction = std::mem::zeroed();
        libc::sigaction(libc::SIGTSTP, &default, &mut handler);
        // the whole group, as the terminal's own Ctrl-Z would: a launcher script waiting
        // for us stops too, so the shell sees its job stopped
        libc::kill(0, libc::SIGTSTP);
        libc::sigaction(libc::SIGTSTP, &handler, std::ptr::null_mut());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parent_is_read_from_proc() {
        // SAFETY: getpid and getppid have no preconditions.
        let (me, parent) = unsafe { (libc::getpid(), libc::getppid()) };
        if std::path::Path::new("/proc/self/stat").exists() {
            assert_eq!(parent_of(me), Some(parent));
        }
    }

    #[test]
    fn basic_colours_are_sent_as_basic_codes() {
        let frame =
            b"\x1b[1;1H\x1b[38;5;6;49mA\x1b[38;5;0;48;5;2mB\x1b[38;5;12m\x1b[38;5;200mC\x1b[0m";
        let out = basic_colors(frame);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\x1b[1;1H\x1b[36;49mA\x1b[30;42mB\x1b[94m\x1b[38;5;200mC\x1b[0m"
        );
    }

    #[test]
    fn a_headless_frame_holds_only_basic_colour_codes() {
        let mut screen = Screen::headless(Vec::new(), 40, 5).unwrap();
        screen
            .draw(|f| {
                let style = ratatui::style::Style::new()
                    .fg(ratatui::style::Color::Cyan)
                    .bg(ratatui::style::Color::Green);
                f.buffer_mut().set_string(0, 0, "tanba", style);
            })
            .unwrap();
        let text = String::from_utf8_lossy(screen.out()).into_owned();
        assert!(
            text.contains("\x1b[?2026h") && text.ends_with("\x1b[?2026l"),
            "{text:?}"
        );
        assert!(!text.contains("5;"), "{text:?}");
        assert!(text.contains("36") && text.contains("42"), "{text:?}");
    }
}
