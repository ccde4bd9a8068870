//! Problems with the reader's configuration and keymap files, named by file
//! and line. `config` and `keymap` both report through [`ConfigError`].

use std::path::{Path, PathBuf};

/// A configuration or keymap problem, naming the file and, when known, the line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}:{line}: {problem}", file.display())]
    At {
        file: PathBuf,
        line: usize,
        problem: String,
    },
    #[error("{}: {problem}", file.display())]
    File { file: PathBuf, problem: String },
}

impl ConfigError {
    pub fn at(file: &Path, text: &str, byte: usize, problem: impl Into<String>) -> Self {
        ConfigError::At {
            file: file.to_path_buf(),
            line: line_of(text, byte),
            problem: problem.into(),
        }
    }

    pub fn from_toml(file: &Path, text: &str, error: &toml::de::Error) -> Self {
        let problem = error.message().trim().to_string();
        match error.span() {
            Some(span) => ConfigError::at(file, text, span.start, problem),
            None => ConfigError::File {
                file: file.to_path_buf(),
                problem,
            },
        }
    }
}

/// 1-based line of a byte offset in `text`.
fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
