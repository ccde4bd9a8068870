use clap::{Parser, Subcommand};
use crossread::library::{self, Keep, OpenOptions, Request};
use std::process::ExitCode;

/// A terminal reader that lines up how several outlets report one story.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Articles to compare: web addresses, files, folders, or - for standard input.
    /// None: the sample story.
    files: Vec<String>,
    /// Configuration file (default: the platform config dir's crossread/config.toml).
    #[arg(long, value_name = "PATH")]
    config: Option<std::path::PathBuf>,
    /// Colour theme: dark, light or mono (NO_COLOR forces mono).
    #[arg(long, value_name = "THEME")]
    theme: Option<crossread::tui::theme::ThemeName>,
    /// Capture the mouse (wheel scrolls, click selects); `m` toggles it.
    #[arg(long)]
    mouse: bool,
    /// Draw one frame and exit (to time start-up).
    #[arg(long, hide = true)]
    exit_after_first_frame: bool,
    /// Alignment thresholds as JSON (for tuning: tests/tune/cv.py); absent
    /// fields keep the defaults.
    #[arg(long, global = true, hide = true, value_name = "FILE")]
    align_options: Option<std::path::PathBuf>,
    /// Keep the notes store in DIR instead of the platform's data directory.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<std::path::PathBuf>,
    /// Open a story of the library by its id (`crossread stories` lists them).
    #[arg(long, global = true, value_name = "ID")]
    story: Option<String>,
    /// Fetch the story's web pages (and read its files) again instead of using the snapshots.
    #[arg(long, global = true)]
    refresh: bool,
    /// Give up on a web page that has not fully arrived after SECS seconds.
    #[arg(long, global = true, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    timeout: u64,
    /// Refuse web pages larger than MB megabytes.
    #[arg(long, global = true, value_name = "MB", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=1024))]
    max_size: u64,
}

impl Cli {
    fn open_options(&self, keep: Keep) -> OpenOptions {
        OpenOptions {
            data_dir: self.data_dir.clone(),
            fetch: crossread::web::FetchOptions {
                timeout: std::time::Duration::from_secs(self.timeout),
                max_bytes: self.max_size * 1024 * 1024,
            },
            refresh: self.refresh,
            keep,
        }
    }

    /// The story a headless command reads: `--story ID` or its articles, every source or an error.
    fn open_story(
        &self,
        files: &[String],
    ) -> Result<crossread::model::Story, library::LibraryError> {
        let request = Request::new(files, self.story.as_deref())?;
        let opened = library::open(request, &self.open_options(Keep::WebOrKnown), false)?;
        report_notes(&opened.notes);
        Ok(opened.story)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Print the whole analysis without the reader.
    Compare {
        #[arg(long, value_enum, default_value = "text")]
        format: crossread::report::Format,
        /// Source id (0-based, in the order given) that paragraph rows follow.
        #[arg(long, default_value_t = 0)]
        reference: usize,
        /// Articles to compare (addresses, files, folders). None: the sample story.
        files: Vec<String>,
    },
    /// Show what cleaning did: each source's structure and the removed lines.
    Inspect {
        /// Articles to inspect (addresses, files, folders). None: the sample story.
        files: Vec<String>,
    },
    /// List the stories of the library: every story opened, kept as read.
    Stories {
        #[arg(long, value_enum, default_value = "text")]
        format: crossread::library::listing::Format,
        /// Remove this story's snapshots from the library (refused while it has tags).
        #[arg(long, value_name = "ID")]
        remove: Option<String>,
        /// With --remove: remove it even though it has tags (the tags stay in the store).
        #[arg(long, requires = "remove")]
        force: bool,
    },
    /// Every cross-source pair of claims with its evidence, as JSON (for
    /// calibrating the aligner: tests/tune/cv.py).
    #[command(hide = true)]
    Pairs {
        /// Articles to compare.
        files: Vec<String>,
    },
    #[command(flatten)]
    Notes(crossread::notes::cli::NotesCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let align = match align_options(cli.align_options.as_deref()) {
        Ok(options) => options,
        Err(e) => return fail(e, 2),
    };
    match &cli.command {
        Some(Command::Compare {
            format,
            reference,
            files,
        }) => {
            let story = match cli.open_story(files) {
                Ok(story) => story,
                Err(e) => return fail(e, 2),
            };
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match crossread::report::compare_command(story, *format, *reference, align, &mut out) {
                Ok(note) => {
                    if let Some(note) = note {
                        eprintln!("crossread: {note}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e @ crossread::report::CompareError::Write(_)) => fail(e, 1),
                Err(e) => fail(e, 2),
            }
        }
        Some(Command::Inspect { files }) => match cli.open_story(files) {
            Ok(story) => emit(&crossread::ingest::inspect::report(&story)),
            Err(e) => fail(e, 2),
        },
        Some(Command::Pairs { files }) => match cli.open_story(files) {
            Ok(story) => {
                let evidence = crossread::align::evidence::story_evidence(&story);
                match serde_json::to_string(&evidence) {
                    Ok(json) => emit(&format!("{json}\n")),
                    Err(e) => fail(e, 1),
                }
            }
            Err(e) => fail(e, 2),
        },
        Some(Command::Stories {
            format,
            remove,
            force,
        }) => {
            let data_dir = cli.data_dir.as_deref();
            if let Some(id) = remove {
                return match library::remove(data_dir, id, *force) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => fail(e, 2),
                };
            }
            match library::stories(data_dir) {
                Ok(stories) => emit(&library::listing::render(&stories, *format)),
                Err(e) => fail(format!("notes store {e}"), 2),
            }
        }
        Some(Command::Notes(command)) => {
            let options = cli.open_options(Keep::WebOrKnown);
            match crossread::notes::cli::run(&options, cli.story.as_deref(), command.clone()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e, 2),
            }
        }
        None => read(&cli, align),
    }
}

/// The reader: it opens at once and shows the sources arriving; every
/// source that can be read opens, the others are named on standard error
/// when it closes. Exit 2 only when none is left.
fn read(cli: &Cli, align: crossread::align::Options) -> ExitCode {
    use crossread::tui::Closed;
    let opener = crossread::tui::opening::Opener {
        open: cli.open_options(Keep::Always),
        align,
    };
    // What to read is settled (and bad arguments refused) before the screen changes.
    let plan = match Request::new(&cli.files, cli.story.as_deref())
        .and_then(|request| library::plan(request, &opener.open))
    {
        Ok(plan) => plan,
        Err(e) => return fail(e, 2),
    };
    let options = crossread::tui::Options {
        config_path: cli.config.clone(),
        theme: cli.theme,
        mouse: cli.mouse,
        exit_after_first_frame: cli.exit_after_first_frame,
        notes: crossread::tui::model::tagging::NotesStore::from_data_dir(cli.data_dir.clone()),
    };
    match crossread::tui::open(plan, opener, options) {
        Ok(Closed::Ended { ending, report }) => {
            report_notes(&report);
            ExitCode::from(ending.exit_code())
        }
        Ok(Closed::Stopped(ending)) => {
            if !cli.exit_after_first_frame {
                eprintln!("crossread: stopped before the story opened; nothing was kept");
            }
            ExitCode::from(ending.exit_code())
        }
        Ok(Closed::NothingOpened(errors)) => {
            report_notes(&errors);
            ExitCode::from(2)
        }
        Err(e) => {
            let code = if e.is_bad_input() { 2 } else { 1 };
            fail(e, code)
        }
    }
}

fn report_notes(notes: &[String]) {
    for note in notes {
        eprintln!("crossread: {note}");
    }
}

/// The alignment options: the defaults, or those of `--align-options FILE`.
fn align_options(path: Option<&std::path::Path>) -> Result<crossread::align::Options, String> {
    let Some(path) = path else {
        return Ok(crossread::align::Options::default());
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    crossread::align::Options::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Print a command's output; a closed pipe is not a failure.
fn emit(text: &str) -> ExitCode {
    match crossread::write_stdout(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("cannot write the output: {e}"), 1),
    }
}

/// One line on standard error, and the exit status.
fn fail(error: impl std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("crossread: {error}");
    ExitCode::from(code)
}
