//! The terminal: raw mode, alternate screen, mouse, a panic hook that restores it all,
//! and frames written in one piece inside synchronized-update sequences (DEC 2026), so
//! a slow SSH link never shows half a frame.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::Once;

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
    /// Bytes of the last frame sent (for benchmarks).
    pub last_frame_bytes: usize,
}

impl Screen<std::fs::File> {
    /// Takes over the terminal: raw mode, alternate screen, mouse if asked, cursor hidden.
    pub fn enter(mouse: bool) -> io::Result<Screen<std::fs::File>> {
        use std::os::fd::AsFd;
        install_panic_hook();
        let frame = FrameBuf::default();
        let terminal = Terminal::new(CrosstermBackend::new(frame.clone()))?;
        // stdout's line buffer would hold back the end of a frame; write to the fd itself
        let out = std::fs::File::from(io::stdout().as_fd().try_clone_to_owned()?);
        let mut screen = Screen {
            terminal,
            frame,
            out,
            mouse,
            last_frame_bytes: 0,
        };
        screen.take_over()?;
        Ok(screen)
    }

    fn take_over(&mut self) -> io::Result<()> {
        enable_raw_mode()?;
        execute!(self.out, EnterAlternateScreen, cursor::Hide)?;
        if self.mouse {
            execute!(self.out, EnableMouseCapture)?;
        }
        Ok(())
    }

    /// Gives the terminal back as it was.
    pub fn leave(&mut self) -> io::Result<()> {
        restore(&mut self.out, self.mouse)
    }

    /// Ctrl-Z: restores the terminal, stops the process, and takes over again on `fg`.
    pub fn suspend(&mut self) -> io::Result<()> {
        self.leave()?;
        // SIGTSTP's default action stops us here until SIGCONT
        unsafe {
            libc::raise(libc::SIGTSTP);
        }
        self.take_over()?;
        self.terminal.clear()?;
        self.commit()
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

    fn commit(&mut self) -> io::Result<()> {
        let bytes = std::mem::take(&mut *self.frame.0.borrow_mut());
        self.last_frame_bytes = bytes.len();
        write_fully(&mut self.out, &bytes)
    }

    pub fn out(&self) -> &W {
        &self.out
    }
}

/// Writes all of `bytes`, waiting out a full terminal buffer (a tty shared with a
/// non-blocking reader says "would block") instead of calling it a lost terminal.
fn write_fully(out: &mut impl Write, mut bytes: &[u8]) -> io::Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !bytes.is_empty() {
        match out.write(bytes) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if e.kind() == io::ErrorKind::WouldBlock
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn restore(out: &mut impl Write, mouse: bool) -> io::Result<()> {
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let result = execute!(out, LeaveAlternateScreen, cursor::Show);
    disable_raw_mode()?;
    result
}

/// A panic restores the terminal first, so its message is readable.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = restore(&mut io::stdout(), true);
            previous(info);
        }));
    });
}
