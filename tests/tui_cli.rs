//! The reader's command line without a terminal: errors are one line and exit 2.

use std::process::{Command, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_crossread");

fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(BINARY)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn without_a_terminal_the_reader_says_so() {
    // Output to a pipe is not a screen (the test runner has no /dev/tty either,
    // or stdout is piped: both refuse).
    let (code, stderr) = run(&[]);
    assert_eq!(code, Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("crossread: the reader needs a terminal"),
        "{stderr}"
    );
}

#[test]
fn a_bad_config_names_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "theme = \"dark\"\nmouse = \"yes\"\n").unwrap();
    let (code, stderr) = run(&["--config", path.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let prefix = format!("crossread: {}:2: ", path.display());
    assert!(stderr.starts_with(&prefix), "{stderr}");

    let missing = dir.path().join("missing.toml");
    let (code, stderr) = run(&["--config", missing.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("missing.toml: cannot read"), "{stderr}");
}

#[test]
fn an_unknown_theme_is_refused() {
    let (code, stderr) = run(&["--theme", "sepia"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown theme \"sepia\""), "{stderr}");
}
