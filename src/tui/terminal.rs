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
        let bytes = basic_colors(&std::mem::take(&mut *self.frame.0.borrow_mut()));
        self.last_frame_bytes = bytes.len();
        write_fully(&mut self.out, &bytes)
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

#[cfg(test)]
mod tests {
    use super::*;

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
