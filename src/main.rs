use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// A terminal reader that lines up how several outlets report one story.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Articles to compare: files, folders, or - for standard input. None: the sample story.
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
        /// Articles to compare. None: the sample story.
        files: Vec<String>,
    },
    /// Show what cleaning did: each source's structure and the removed lines.
    Inspect {
        /// Articles to inspect. None: the sample story.
        files: Vec<String>,
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
    match cli.command {
        Some(Command::Compare {
            format,
            reference,
            files,
        }) => match crossread::report::compare_command(&files, format, reference, align) {
            Ok(output) => {
                if let Some(note) = output.note {
                    eprintln!("crossread: {note}");
                }
                emit(&format!("{}\n", output.report))
            }
            Err(e) => fail(e, 2),
        },
        Some(Command::Inspect { files }) => match crossread::ingest::load_or_sample(&files) {
            Ok(story) => emit(&crossread::ingest::inspect::report(&story)),
            Err(e) => fail(e, 2),
        },
        Some(Command::Pairs { files }) => match crossread::ingest::load_or_sample(&files) {
            Ok(story) => {
                let evidence = crossread::align::evidence::story_evidence(&story);
                match serde_json::to_string(&evidence) {
                    Ok(json) => emit(&format!("{json}\n")),
                    Err(e) => fail(e, 1),
                }
            }
            Err(e) => fail(e, 2),
        },
        Some(Command::Notes(command)) => {
            match crossread::notes::cli::run(cli.data_dir.as_deref(), command) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e, 2),
            }
        }
        None => {
            let story = match crossread::ingest::load_or_sample(&cli.files) {
                Ok(story) => story,
                Err(e) => return fail(e, 2),
            };
            let options = crossread::tui::Options {
                config_path: cli.config,
                theme: cli.theme,
                mouse: cli.mouse,
                exit_after_first_frame: cli.exit_after_first_frame,
                notes: crossread::tui::model::tagging::NotesStore::from_data_dir(
                    cli.data_dir.clone(),
                ),
            };
            match crossread::tui::run(crossread::align::compare_with(story, align), options) {
                Ok(ending) => ExitCode::from(ending.exit_code()),
                Err(e) => {
                    let code = if e.is_bad_input() { 2 } else { 1 };
                    fail(e, code)
                }
            }
        }
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
