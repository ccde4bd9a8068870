//! The loop: read events, update, carry out effects, draw. The terminal is
//! restored on every way out: quit, error, panic, Ctrl-C, SIGTERM, SIGHUP.
//! A signal ends the process with 128 + its number, as shells expect.

use super::action::{Action, Effect};
use super::config::Config;
use super::error::ConfigError;
use super::model::{Model, Options};
use super::theme::ThemeName;
use super::update::{handle_event, update};
use super::views;
use crate::align::Comparison;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::DefaultTerminal;
use std::io::{self, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
    #[error("the reader needs a terminal; for text output use `crossread compare`")]
    NotATerminal,
}

impl TuiError {
    /// Bad input (a configuration file) rather than a broken terminal.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, TuiError::Config(_) | TuiError::NotATerminal)
    }
}

/// `NO_COLOR` set to anything non-empty asks for no colour.
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit (`q`, or Ctrl-C typed in the reader).
    Quit,
    /// A signal (SIGTERM, SIGINT, SIGHUP) told it to stop.
    Signal(i32),
}

impl Ending {
    /// The process exit status: 0 for a quit, 128 + the signal number for a
    /// signal, as shells report a process a signal ended.
    pub fn exit_code(self) -> u8 {
        match self {
            Ending::Quit => 0,
            Ending::Signal(n) => signal_status(n),
        }
    }
}

fn signal_status(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(u8::MAX)
}

/// Open the reader on a comparison and return when the user quits or a
/// signal stops it.
pub fn run(comparison: Comparison, mut options: Options) -> Result<Ending, TuiError> {
    // Configuration errors are reported before the terminal changes.
    let config = Config::load(options.config_path.as_deref())?;
    if no_color_requested() {
        options.theme = Some(ThemeName::Mono);
    }
    // crossterm's own NO_COLOR handling resets bold and reverse when it drops
    // a colour; the mono theme has no colours, so let it write what we ask.
    crossterm::style::force_color_output(true);

    // The number of the last stop signal received; 0 while none came.
    let stop = Arc::new(AtomicUsize::new(0));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register_usize(signal, Arc::clone(&stop), signal as usize)?;
    }

    use std::io::IsTerminal;
    // Standard input may be an article (`crossread -`): crossterm then reads
    // keys from /dev/tty. The screen must be a terminal, though.
    if !io::stdout().is_terminal() || std::fs::File::open("/dev/tty").is_err() {
        return Err(TuiError::NotATerminal);
    }
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(e) => {
            // Undo whatever part of the setup succeeded.
            ratatui::restore();
            return Err(e.into());
        }
    };
    install_mouse_release_on_panic();
    watch_for_lost_terminal(Arc::clone(&stop));
    let result = run_loop(&mut terminal, comparison, &config, &options, &stop);
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

/// End the process when its terminal is gone, or when a stop signal is not
/// answered. crossterm's `poll` spins inside its own read loop on a hung-up
/// terminal (its window or tmux server closed) and never returns to our loop,
/// so the reader would burn a core for ever without a screen. Every tag is
/// already on disk when it is made, so exiting here loses nothing.
fn watch_for_lost_terminal(stop: Arc<AtomicUsize>) {
    use std::io::IsTerminal;
    std::thread::spawn(move || {
        let mut stop_seen = 0u32;
        loop {
            std::thread::sleep(Duration::from_millis(500));
            // isatty fails (EIO) once the terminal has hung up.
            if !io::stdout().is_terminal() {
                std::process::exit(signal_status(signal_hook::consts::SIGHUP).into());
            }
            // The main loop answers a stop within 200 ms when it is not
            // stuck; give it two seconds, then restore and leave.
            let signal = stop.load(Ordering::SeqCst);
            if signal != 0 {
                stop_seen += 1;
                if stop_seen >= 4 {
                    let _ = execute!(stdout(), DisableMouseCapture);
                    ratatui::restore();
                    std::process::exit(signal_status(signal as i32).into());
                }
            }
        }
    });
}

/// ratatui's hook restores raw mode and the screen; mouse capture too.
fn install_mouse_release_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        previous(info);
    }));
}

fn run_loop(
    terminal: &mut DefaultTerminal,
    comparison: Comparison,
    config: &Config,
    options: &Options,
    stop: &AtomicUsize,
) -> Result<Ending, TuiError> {
    let size = terminal.size()?;
    let mut model = Model::new(comparison, config, options, (size.width, size.height));
    if model.mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| views::draw(frame, &model))?;
        }
        match stop.load(Ordering::SeqCst) {
            0 if options.exit_after_first_frame => return Ok(Ending::Quit),
            0 => {}
            signal => return Ok(Ending::Signal(signal as i32)),
        }
        if !event::poll(Duration::from_millis(200))? {
            // Idle: let update take in what changed outside the reader.
            dirty = false;
            let effects = update(&mut model, Action::Tick);
            if let Some(ending) = carry_out(terminal, &model, effects, &mut dirty)? {
                return Ok(ending);
            }
            continue;
        }
        dirty = true;
        // Take every pending event before drawing again, so key repeat and
        // resize storms do not queue frames.
        loop {
            let event = event::read()?;
            let effects = handle_event(&mut model, &event);
            if let Some(ending) = carry_out(terminal, &model, effects, &mut dirty)? {
                return Ok(ending);
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

/// Do what update asked of the loop; `Some` when the reader ends.
fn carry_out(
    terminal: &mut DefaultTerminal,
    model: &Model,
    effects: Vec<Effect>,
    dirty: &mut bool,
) -> Result<Option<Ending>, TuiError> {
    for effect in effects {
        match effect {
            Effect::Quit => return Ok(Some(Ending::Quit)),
            Effect::Suspend => suspend(terminal, model.mouse)?,
            Effect::SetMouseCapture(true) => execute!(stdout(), EnableMouseCapture)?,
            Effect::SetMouseCapture(false) => execute!(stdout(), DisableMouseCapture)?,
            Effect::Redraw => *dirty = true,
        }
    }
    Ok(None)
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`.
fn suspend(terminal: &mut DefaultTerminal, mouse: bool) -> io::Result<()> {
    if mouse {
        execute!(stdout(), DisableMouseCapture)?;
    }
    execute!(stdout(), LeaveAlternateScreen, crossterm::cursor::Show)?;
    disable_raw_mode()?;
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Running again after SIGCONT.
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    terminal.clear()?;
    Ok(())
}
