//! The loop: read events, update, carry out effects, draw. The terminal is
//! restored on every way out: quit, error, panic, Ctrl-C, SIGTERM, SIGHUP.
//! A signal ends the process with 128 + its number, as shells expect.
//!
//! [`open`] starts the reader before its story is read: the loading view
//! shows each source arriving, then the story opens in the reader.

use super::action::{Action, Effect};
use super::config::Config;
use super::error::ConfigError;
use super::model::loading::Loading;
use super::model::{Model, Options};
use super::news::{LibraryNews, Listing, LoadingNews, SourceState};
use super::opening::{FIRST_FRAME_GRACE, OpenedStory, Opener, Pending, open_chosen_story};
use super::theme::ThemeName;
use super::update::{handle_event, loading as loading_update, update};
use super::views;
use crate::align::Comparison;
use crate::library::Plan;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::DefaultTerminal;
use std::io::{self, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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

/// How a reader that read its own story ([`open`]) ended.
#[derive(Debug)]
pub enum Closed {
    /// The story opened; the reader ran until the user quit or a signal
    /// came. `report` is for standard error now that the terminal is back:
    /// sources that failed and what the library noted, one line each.
    Ended { ending: Ending, report: Vec<String> },
    /// Stopped while the story was being read (the user quit, a signal, or
    /// the first frame was all that was asked for): nothing was kept.
    Stopped(Ending),
    /// No source could be read: one line for each.
    NothingOpened(Vec<String>),
}

/// Open the reader on a comparison and return when the user quits or a
/// signal stops it.
pub fn run(comparison: Comparison, options: Options) -> Result<Ending, TuiError> {
    let (config, options, stop) = prepare(options)?;
    let mut terminal = take_terminal(&stop)?;
    let size = terminal.size()?;
    let model = Model::new(comparison, &config, &options, (size.width, size.height));
    let mut context = Context {
        config: &config,
        options: &options,
        library: None,
    };
    let result = run_loop(&mut terminal, model, &mut context, &stop);
    give_back_terminal();
    result
}

/// Open the reader at once and read the plan's sources while it shows them
/// arriving; then show the story. `opener` reads it (and the library's
/// stories, which the library view opens).
pub fn open(plan: Plan, opener: Opener, options: Options) -> Result<Closed, TuiError> {
    let (config, options, stop) = prepare(options)?;
    let mut pending = Pending::start(plan, opener.open.fetch, opener.open.refresh);
    // Files are read in milliseconds, and so are pages of a fast server:
    // wait for them rather than flash the loading view.
    let deadline = pending
        .needs_network()
        .then(|| Instant::now() + FIRST_FRAME_GRACE);
    let early = pending.wait_until(deadline);
    // Read already: a story none of whose sources can be read never takes the screen.
    let reading = if pending.is_complete() {
        match pending.finish(&opener.open, opener.align) {
            Ok(opened) => Reading::Done(opened),
            Err(errors) => return Ok(Closed::NothingOpened(errors)),
        }
    } else {
        Reading::Coming(pending, early)
    };
    let mut terminal = take_terminal(&stop)?;
    let result = read_then_run(&mut terminal, reading, &opener, &config, &options, &stop);
    give_back_terminal();
    result
}

/// What every reader needs before it takes the terminal: its configuration
/// (errors are reported before the screen changes), the signals it answers,
/// and a terminal.
fn prepare(mut options: Options) -> Result<(Config, Options, Arc<AtomicUsize>), TuiError> {
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
    Ok((config, options, stop))
}

/// The alternate screen in raw mode, restored on a panic or a lost terminal.
fn take_terminal(stop: &Arc<AtomicUsize>) -> Result<DefaultTerminal, TuiError> {
    let terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(e) => {
            // Undo whatever part of the setup succeeded.
            ratatui::restore();
            return Err(e.into());
        }
    };
    install_mouse_release_on_panic();
    watch_for_lost_terminal(Arc::clone(stop));
    Ok(terminal)
}

fn give_back_terminal() {
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// How the loading view ended.
enum LoadingEnd {
    /// Every source is in; `drawn` when the loading view was on screen.
    Complete {
        drawn: bool,
    },
    Stopped(Ending),
}

/// A story's sources: still coming (with the reports so far), or read.
enum Reading {
    Coming(Pending, Vec<(usize, SourceState)>),
    Done(OpenedStory),
}

/// Show the sources arriving until every one is in, then open the story.
fn read_then_run(
    terminal: &mut DefaultTerminal,
    reading: Reading,
    opener: &Opener,
    config: &Config,
    options: &Options,
    stop: &AtomicUsize,
) -> Result<Closed, TuiError> {
    let opened = match reading {
        Reading::Done(opened) => opened,
        Reading::Coming(pending, early) => {
            match load(terminal, pending, early, opener, config, options, stop)? {
                Ok(opened) => opened,
                Err(closed) => return Ok(closed),
            }
        }
    };
    let size = terminal.size()?;
    let mut model = Model::new(
        opened.comparison,
        config,
        options,
        (size.width, size.height),
    );
    update(
        &mut model,
        Action::Loading(LoadingNews::Opened(opened.summary.clone())),
    );
    let mut library = Library {
        opener,
        current: opened.summary.id,
    };
    let mut context = Context {
        config,
        options,
        library: Some(&mut library),
    };
    let ending = run_loop(terminal, model, &mut context, stop)?;
    Ok(Closed::Ended {
        ending,
        report: opened.report,
    })
}

/// The loading view until every source is in; then the story, or how the
/// reader closed (stopped, or nothing could be read).
fn load(
    terminal: &mut DefaultTerminal,
    mut pending: Pending,
    early: Vec<(usize, SourceState)>,
    opener: &Opener,
    config: &Config,
    options: &Options,
    stop: &AtomicUsize,
) -> Result<Result<OpenedStory, Closed>, TuiError> {
    let size = terminal.size()?;
    let mut loading = Loading::new(
        pending.origins().to_vec(),
        config,
        options,
        (size.width, size.height),
        opener.open.fetch.timeout.as_secs(),
    );
    for (index, state) in early {
        loading_update::update(
            &mut loading,
            Action::Loading(LoadingNews::Source { index, state }),
        );
    }
    match run_loading(terminal, &mut pending, &mut loading, options, stop)? {
        LoadingEnd::Stopped(ending) => {
            pending.cancel();
            return Ok(Err(Closed::Stopped(ending)));
        }
        LoadingEnd::Complete { drawn: true } => {
            loading_update::update(&mut loading, Action::Loading(LoadingNews::Aligning));
            terminal.draw(|frame| views::loading::draw(frame, &loading))?;
        }
        LoadingEnd::Complete { drawn: false } => {}
    }
    Ok(pending
        .finish(&opener.open, opener.align)
        .map_err(Closed::NothingOpened))
}

/// The loading view's loop: take in the sources' progress, draw it, answer
/// keys, until every source is in or the reader is stopped.
fn run_loading(
    terminal: &mut DefaultTerminal,
    pending: &mut Pending,
    loading: &mut Loading,
    options: &Options,
    stop: &AtomicUsize,
) -> Result<LoadingEnd, TuiError> {
    let started = Instant::now();
    let mut dirty = true;
    let mut drawn = false;
    loop {
        let mut news: Vec<LoadingNews> = pending
            .news()
            .into_iter()
            .map(|(index, state)| LoadingNews::Source { index, state })
            .collect();
        news.push(LoadingNews::Elapsed(started.elapsed().as_secs()));
        for news in news {
            let effects = loading_update::update(loading, Action::Loading(news));
            dirty |= effects.contains(&Effect::Redraw);
        }
        if pending.is_complete() {
            return Ok(LoadingEnd::Complete { drawn });
        }
        if dirty {
            terminal.draw(|frame| views::loading::draw(frame, loading))?;
            dirty = false;
            drawn = true;
        }
        if let Some(ending) = ending_now(stop, options) {
            return Ok(LoadingEnd::Stopped(ending));
        }
        // Short, so that a source's progress shows soon after it comes.
        if !event::poll(Duration::from_millis(25))? {
            continue;
        }
        loop {
            let event = event::read()?;
            for effect in loading_update::handle_event(loading, &event) {
                match effect {
                    Effect::Quit => return Ok(LoadingEnd::Stopped(Ending::Quit)),
                    Effect::Suspend => suspend(terminal, false)?,
                    Effect::CancelFetches => pending.cancel(),
                    _ => {}
                }
                dirty = true;
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

/// Whether a loop must end after the frame it drew: a stop signal came, or
/// the reader was asked for one frame only.
fn ending_now(stop: &AtomicUsize, options: &Options) -> Option<Ending> {
    match stop.load(Ordering::SeqCst) {
        0 if options.exit_after_first_frame => Some(Ending::Quit),
        0 => None,
        signal => Some(Ending::Signal(signal as i32)),
    }
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

/// The library as the reader's loop reaches it.
struct Library<'a> {
    opener: &'a Opener,
    /// The id of the story shown, when the library keeps it.
    current: Option<String>,
}

/// What the reader's loop carries out effects with.
struct Context<'a, 'o> {
    config: &'a Config,
    options: &'a Options,
    /// `None`: a reader given its story, without a library to open others from.
    library: Option<&'a mut Library<'o>>,
}

fn run_loop(
    terminal: &mut DefaultTerminal,
    mut model: Model,
    context: &mut Context,
    stop: &AtomicUsize,
) -> Result<Ending, TuiError> {
    let options = context.options;
    if model.mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| views::draw(frame, &model))?;
        }
        if let Some(ending) = ending_now(stop, options) {
            return Ok(ending);
        }
        if !event::poll(Duration::from_millis(200))? {
            // Idle: let update take in what changed outside the reader.
            dirty = false;
            let effects = update(&mut model, Action::Tick);
            if let Some(ending) = carry_out(terminal, &mut model, effects, &mut dirty, context)? {
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
            if let Some(ending) = carry_out(terminal, &mut model, effects, &mut dirty, context)? {
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
    model: &mut Model,
    effects: Vec<Effect>,
    dirty: &mut bool,
    context: &mut Context,
) -> Result<Option<Ending>, TuiError> {
    for effect in effects {
        match effect {
            Effect::Quit => return Ok(Some(Ending::Quit)),
            Effect::Suspend => suspend(terminal, model.mouse)?,
            Effect::SetMouseCapture(true) => execute!(stdout(), EnableMouseCapture)?,
            Effect::SetMouseCapture(false) => execute!(stdout(), DisableMouseCapture)?,
            Effect::Redraw => *dirty = true,
            // Only while the story is read.
            Effect::CancelFetches => {}
            Effect::ListStories => {
                let listing = match context.library.as_deref() {
                    Some(library) => library.opener.listing(library.current.as_deref()),
                    None => Listing {
                        stories: Err("this reader has no library".to_string()),
                        current: None,
                    },
                };
                update(model, Action::Library(LibraryNews::Listed(listing)));
                *dirty = true;
            }
            Effect::OpenStory => {
                if let Some(library) = context.library.as_deref_mut()
                    && let Some(shown) =
                        open_chosen_story(model, library.opener, context.config, context.options)
                {
                    library.current = shown;
                }
                *dirty = true;
            }
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
