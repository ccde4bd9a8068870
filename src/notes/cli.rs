//! The `export`, `notes` and `tag` subcommands, callable from `main`.
//!
//! Unlike the reader, these refuse to run without a usable store: a script
//! must not believe its tags were saved, nor export an empty list because the
//! store could not be read.

use super::export::{self, Format};
use super::store::store_path;
use super::{Notes, NotesError, Store};
use crate::align::{self, Comparison};
use crate::library::{self, LibraryError, OpenOptions, Request};
use std::path::Path;

/// A subcommand failure. Displays as `<what>: <problem>`.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error(transparent)]
    Notes(#[from] NotesError),
    #[error(transparent)]
    Export(#[from] export::ExportError),
    #[error("--format: {0}")]
    Format(String),
    #[error("standard output: {0}")]
    Stdout(std::io::Error),
}

/// Where a command's story comes from: `--story ID` or the articles (none:
/// the bundled sample, as in the reader), and how they are read.
#[derive(Debug, Clone, Copy)]
pub struct StorySource<'a> {
    pub options: &'a OpenOptions,
    pub story: Option<&'a str>,
    pub files: &'a [String],
}

impl StorySource<'_> {
    fn data_dir(&self) -> Option<&Path> {
        self.options.data_dir.as_deref()
    }

    /// Every source read (the first failure is the error), notes on standard error.
    fn comparison(&self) -> Result<Comparison, CliError> {
        let request = Request::new(self.files, self.story)?;
        let opened = library::open(request, self.options, false)?;
        for note in &opened.notes {
            eprintln!("crossread: {note}");
        }
        Ok(align::compare(opened.story))
    }
}

/// `crossread export`: the story's tags in `format`, to `output` or standard output.
pub fn export(
    source: StorySource<'_>,
    format: &str,
    label: Option<&str>,
    output: Option<&Path>,
    force: bool,
) -> Result<(), CliError> {
    let format: Format = format.parse().map_err(CliError::Format)?;
    let comparison = source.comparison()?;
    let notes = Notes::open_existing(source.data_dir(), &comparison)?;
    let tags = export::collect(&notes, &comparison, label);
    let text = export::render(format, &comparison, &tags);
    match output {
        Some(path) => export::write_atomically(path, text.as_bytes(), force)?,
        None => write_stdout(&text)?,
    }
    Ok(())
}

/// `crossread tag`: tag each statement (one durable commit each) and print the new ids.
/// With `hold`, then wait until standard input closes (lets tests kill the process
/// right after a tag was reported made).
pub fn tag(
    source: StorySource<'_>,
    statements: &[usize],
    label: &str,
    note: Option<&str>,
    hold: bool,
) -> Result<(), CliError> {
    let comparison = source.comparison()?;
    let mut notes = Notes::open_strict(source.data_dir(), &comparison)?;
    for &statement in statements {
        let id = notes.add(statement, label, note.unwrap_or(""))?;
        write_stdout(&format!("{id}\n"))?;
    }
    if hold {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
    }
    Ok(())
}

/// `crossread notes`: every tag in the store, across every story.
pub fn list(data_dir: Option<&Path>, label: Option<&str>) -> Result<(), CliError> {
    let path = store_path(data_dir).map_err(NotesError::from)?;
    if !path.exists() {
        return Ok(());
    }
    let store = Store::open(&path).map_err(NotesError::from)?;
    let mut out = String::new();
    for (tag, source) in store.all_tags().map_err(NotesError::from)? {
        if label.is_some_and(|l| tag.label != l) {
            continue;
        }
        out.push_str(&format!(
            "[{}] {}  {} ({})  {}\n",
            tag.label,
            tag.state.as_str(),
            tag.anchor.source_name,
            source.origin,
            tag.id
        ));
        out.push_str(&format!("  > {}\n", one_line(&tag.anchor.exact)));
        if !tag.note.is_empty() {
            for line in tag.note.lines() {
                out.push_str(&format!("  note: {line}\n"));
            }
        }
    }
    write_stdout(&out)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_stdout(text: &str) -> Result<(), CliError> {
    crate::write_stdout(text).map_err(CliError::Stdout)
}

/// The notes subcommands, flattened into the binary's command list.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum NotesCommand {
    /// Export the story's tags (the story is known by its sources' contents).
    Export {
        /// md, json, csv or w3c (W3C Web Annotation JSON-LD).
        #[arg(long, default_value = "md")]
        format: String,
        /// Only tags with this label.
        #[arg(long)]
        label: Option<String>,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
        /// The story's articles (addresses, files, folders). None: the sample story.
        files: Vec<String>,
    },
    /// List every tag in the store, across every story.
    Notes {
        /// Only tags with this label.
        #[arg(long)]
        label: Option<String>,
    },
    /// Tag statements from a script (ids as `compare --format json` numbers them).
    Tag {
        /// Statement id; repeat to tag several (each saved on its own).
        #[arg(long = "statement", value_name = "N", required = true)]
        statements: Vec<usize>,
        #[arg(long)]
        label: String,
        #[arg(long)]
        note: Option<String>,
        /// After tagging, wait until standard input closes (for fault tests).
        #[arg(long, hide = true)]
        hold: bool,
        /// The story's articles. None: the sample story.
        files: Vec<String>,
    },
}

/// Run one notes subcommand; `story` is `--story ID`.
pub fn run(
    options: &OpenOptions,
    story: Option<&str>,
    command: NotesCommand,
) -> Result<(), CliError> {
    let data_dir = options.data_dir.as_deref();
    let source = |files| StorySource {
        options,
        story,
        files,
    };
    match command {
        NotesCommand::Export {
            format,
            label,
            output,
            force,
            files,
        } => export(
            source(&files),
            &format,
            label.as_deref(),
            output.as_deref(),
            force,
        ),
        NotesCommand::Notes { label } => list(data_dir, label.as_deref()),
        NotesCommand::Tag {
            statements,
            label,
            note,
            hold,
            files,
        } => tag(source(&files), &statements, &label, note.as_deref(), hold),
    }
}
