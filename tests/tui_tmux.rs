//! End to end: the built binary in a real terminal (tmux), driven by keys.
//! Skipped, with a message, only when tmux is not installed (CI installs it).

mod web_support;

use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    /// A tmux server of its own for one test; `None`, saying the test is
    /// skipped, when tmux is not installed.
    fn open(tag: &str) -> Option<Self> {
        let available = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !available {
            println!("skipped: tmux is not installed");
            return None;
        }
        Some(Tmux {
            socket: format!("crossread-test-{}-{tag}", std::process::id()),
        })
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// Start `command` in a detached 120x40 session whose shell stays after
    /// the command exits, so the screen after quitting can be read.
    fn start(&self, command: &str) {
        self.start_shell(&["sh"]);
        self.type_line(command);
    }

    /// Open a detached 120x40 session running `shell` (program and arguments).
    fn start_shell(&self, shell: &[&str]) {
        let mut args = vec!["new-session", "-d", "-x", "120", "-y", "40", "-s", "t"];
        args.extend_from_slice(shell);
        let out = self.run(&args);
        assert!(out.status.success(), "tmux: {out:?}");
        self.run(&["set-option", "-g", "escape-time", "0"]);
    }

    /// The pid of the program the pane's shell is running (the reader).
    fn reader_pid(&self) -> String {
        let shell = self.run(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
        let shell = String::from_utf8_lossy(&shell.stdout).trim().to_string();
        let children = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep");
        String::from_utf8_lossy(&children.stdout)
            .lines()
            .next()
            .expect("the reader runs under the shell")
            .to_string()
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "t", key]);
            sleep(Duration::from_millis(60));
        }
    }

    fn keys_literal(&self, text: &str) {
        self.run(&["send-keys", "-t", "t", "-l", text]);
    }

    /// Type a command line into the shell and run it.
    fn type_line(&self, line: &str) {
        self.keys_literal(line);
        self.run(&["send-keys", "-t", "t", "Enter"]);
    }

    /// Whether the terminal shows the alternate screen (the reader's).
    fn alternate_screen(&self) -> bool {
        let out = self.run(&["display-message", "-p", "-t", "t", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() != "0"
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// Wait until the screen satisfies `ready`, up to a few seconds.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Wait until the reader's frame (its "Compare" view) is on screen.
    fn wait_for_reader(&self) -> String {
        self.wait_for("the reader", |s| s.contains("Compare"))
    }

    /// Wait for the shell to echo `MARKER=0`: the reader exited cleanly.
    /// The screen then.
    fn wait_for_clean_exit(&self, marker: &str) -> String {
        let (status, screen) = self.wait_for_exit(marker);
        assert_eq!(status, 0, "{screen}");
        screen
    }

    /// Wait for the shell to echo `MARKER=<status>` after the reader exits;
    /// the status and the screen then.
    fn wait_for_exit(&self, marker: &str) -> (u8, String) {
        let what = format!("the shell to echo {marker}=");
        let screen = self.wait_for(&what, |s| exit_status(s, marker).is_some());
        let status = exit_status(&screen, marker).unwrap_or_default();
        (status, screen)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// The status echoed as `MARKER=<digits>` after the command (the typed
/// command line holds `MARKER=$?`, which this does not match).
fn exit_status(screen: &str, marker: &str) -> Option<u8> {
    screen
        .match_indices(&format!("{marker}="))
        .find_map(|(i, m)| {
            let rest = &screen[i + m.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
}

const BINARY: &str = env!("CARGO_BIN_EXE_crossread");

#[test]
fn the_reader_shows_the_sample_story_and_q_restores_the_terminal() {
    let Some(tmux) = Tmux::open("sample") else {
        return;
    };
    tmux.start(&format!("clear; {BINARY}; echo crossread-exit=$?"));
    let screen = tmux.wait_for_reader();
    // Both sample sources are named in the header, and the text is there.
    assert!(screen.contains("000_d3dc8e5c70a61056"), "{screen}");
    assert!(screen.contains("003_fe422f7e920d1b98"), "{screen}");
    assert!(screen.contains("Zelensk"), "{screen}");
    assert!(
        screen.contains('│'),
        "side by side at 120 columns:\n{screen}"
    );

    tmux.keys(&["?"]);
    let help = tmux.wait_for("the help overlay", |s| s.contains("next statement"));
    assert!(help.contains("ctrl-d"), "{help}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the help to close", |s| !s.contains("next statement"));

    tmux.keys(&["2"]);
    tmux.wait_for("the claims view", |s| {
        s.contains("Claims") && s.contains("cover")
    });
    tmux.keys(&["1", "/"]);
    tmux.keys_literal("kremlin");
    tmux.keys(&["Enter"]);
    tmux.wait_for("a search counter", |s| {
        s.contains("kremlin") && s.contains(" of ")
    });

    tmux.keys(&["q"]);
    let after = tmux.wait_for_clean_exit("crossread-exit");
    // Back on the normal screen: the reader's frame is gone.
    assert!(!after.contains("Compare"), "{after}");
    assert!(!tmux.alternate_screen());
}

#[test]
fn sigterm_and_a_bad_config_leave_the_terminal_usable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "theme = \"dark\"\n[keys]\n\"j\" = \"fly\"\n").unwrap();
    let Some(tmux) = Tmux::open("signals") else {
        return;
    };
    tmux.start(&format!(
        "clear; {BINARY} --config {}; echo crossread-exit=$?",
        config.display()
    ));
    let (status, screen) = tmux.wait_for_exit("crossread-exit");
    assert!(
        screen.contains(&format!(
            "crossread: {}:3: unknown action \"fly\"",
            config.display()
        )),
        "{screen}"
    );
    assert_eq!(status, 2, "{screen}");

    tmux.type_line(&format!("clear; {BINARY}; echo term-exit=$?"));
    tmux.wait_for_reader();
    // The reader is the shell's child; SIGTERM it as a system would.
    let reader = tmux.reader_pid();
    let killed = Command::new("kill")
        .args(["-TERM", &reader])
        .status()
        .expect("kill");
    assert!(killed.success());
    let (status, screen) = tmux.wait_for_exit("term-exit");
    assert!(!screen.contains("Compare"), "{screen}");
    // 128 + SIGTERM (15), as a shell reports a process a signal ended.
    assert_eq!(status, 143, "{screen}");
    assert!(!tmux.alternate_screen());
}

#[test]
fn ctrl_z_suspends_and_fg_resumes() {
    if !std::path::Path::new("/bin/bash").exists() {
        println!("skipped: bash is not installed");
        return;
    }
    let Some(tmux) = Tmux::open("suspend") else {
        return;
    };
    // An interactive shell with job control, as a user has.
    tmux.start_shell(&["bash", "--norc", "-i"]);
    // No `; echo` after it: bash would run that at the stop, not at the exit.
    tmux.type_line(BINARY);
    tmux.wait_for_reader();
    tmux.keys(&["C-z"]);
    let stopped = tmux.wait_for("the shell", |s| s.contains("Stopped"));
    assert!(!stopped.contains("Compare"), "{stopped}");
    tmux.type_line("fg");
    tmux.wait_for("the reader again", |s| {
        s.contains("Compare") && s.contains('│')
    });
    tmux.keys(&["j", "q"]);
    tmux.wait_for("the shell again", |s| !s.contains("Compare"));
    tmux.type_line("echo crossread-exit=$?");
    tmux.wait_for_clean_exit("crossread-exit");
}

#[test]
fn no_color_keeps_bold_and_reverse_and_writes_no_colour() {
    let Some(tmux) = Tmux::open("nocolor") else {
        return;
    };
    tmux.start(&format!("clear; NO_COLOR=1 {BINARY}"));
    tmux.wait_for_reader();
    let styled =
        String::from_utf8_lossy(&tmux.run(&["capture-pane", "-e", "-p", "-t", "t"]).stdout)
            .into_owned();
    // Attributes survive: bold (title), reverse (status line, cursor).
    assert!(
        styled.contains("\x1b[1m") || styled.contains("\x1b[1;"),
        "{styled:?}"
    );
    assert!(styled.contains("7m"), "no reverse video: {styled:?}");
    // No foreground or background colour other than the defaults (39, 49).
    for (i, _) in styled.match_indices("\x1b[") {
        let sequence: String = styled[i + 2..].chars().take_while(|c| *c != 'm').collect();
        for code in sequence.split(';') {
            let colour = matches!(
                code.parse::<u16>(),
                Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
            );
            assert!(!colour, "colour code {code} in {sequence:?}");
        }
    }
    tmux.keys(&["q"]);
}

#[test]
fn ctrl_c_quits_and_restores() {
    let Some(tmux) = Tmux::open("ctrlc") else {
        return;
    };
    tmux.start(&format!("clear; {BINARY}; echo crossread-exit=$?"));
    tmux.wait_for_reader();
    tmux.keys(&["?"]);
    tmux.wait_for("the help", |s| s.contains("next statement"));
    // Ctrl-C quits at once, even with the help open.
    tmux.keys(&["C-c"]);
    let after = tmux.wait_for_clean_exit("crossread-exit");
    assert!(!after.contains("next statement"), "{after}");
}

#[test]
fn an_article_on_standard_input_opens_in_the_reader() {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("piped.txt");
    std::fs::write(
        &article,
        "Harbour cranes stopped on Monday.\n\nWorkers said the strike would last a week.\n",
    )
    .unwrap();
    let Some(tmux) = Tmux::open("stdin") else {
        return;
    };
    tmux.start(&format!(
        "clear; cat {} | {BINARY} --data-dir {} - ; echo crossread-exit=$?",
        article.display(),
        dir.path().display()
    ));
    let screen = tmux.wait_for("the piped article", |s| s.contains("Harbour cranes"));
    assert!(screen.contains("Compare"), "{screen}");
    tmux.keys(&["j", "q"]);
    tmux.wait_for_clean_exit("crossread-exit");
}

#[test]
fn the_reader_exits_when_its_terminal_goes_away() {
    let Some(tmux) = Tmux::open("hangup") else {
        return;
    };
    tmux.start(&format!("clear; {BINARY}"));
    tmux.wait_for_reader();
    let reader = tmux.reader_pid();
    // Closing the window (here: the whole tmux server) hangs up the terminal;
    // the reader must not live on without a screen.
    tmux.run(&["kill-server"]);
    let gone = (0..50).any(|_| {
        sleep(Duration::from_millis(100));
        !std::path::Path::new(&format!("/proc/{reader}")).exists()
    });
    if !gone {
        let _ = Command::new("kill").args(["-9", &reader]).status();
    }
    assert!(gone, "the reader {reader} outlived its terminal by 5 s");
}

#[test]
fn a_tag_made_in_one_reader_appears_in_another_reading_the_same_story() {
    let (Some(first), Some(second)) = (Tmux::open("writer"), Tmux::open("watcher")) else {
        return;
    };
    let data = tempfile::tempdir().expect("temp dir");
    for tmux in [&first, &second] {
        tmux.start(&format!(
            "clear; {BINARY} --data-dir {}",
            data.path().display()
        ));
        tmux.wait_for_reader();
    }
    first.keys(&["t"]);
    first.keys_literal("verify-live");
    first.keys(&["Enter"]);
    first.wait_for("the badge in the first reader", |s| {
        s.contains("verify-live")
    });
    // No key is pressed in the second reader: it looks on its own.
    second.wait_for("the badge in the second reader", |s| {
        s.contains("verify-live")
    });
    for tmux in [&first, &second] {
        tmux.keys(&["q"]);
    }
}

/// The stories a data directory's library keeps.
fn kept_stories(data: &std::path::Path) -> Vec<crossread::notes::snapshots::StoryRecord> {
    crossread::library::stories(Some(data)).expect("the library can be read")
}

/// A server of the five articles and a page that never ends (`/slow`).
fn server_with_a_slow_page() -> web_support::Server {
    let server = web_support::Server::start();
    server.route(
        "/slow",
        web_support::Reply::Slow {
            interval: Duration::from_millis(50),
            for_at_most: Duration::from_secs(20),
        },
    );
    server
}

/// A reader in tmux on the server's first article and its `paths`, with a
/// data directory of its own; `None` when tmux is not installed.
fn reader_on(
    tag: &str,
    server: &web_support::Server,
    paths: &[&str],
) -> Option<(Tmux, tempfile::TempDir)> {
    let fast = server.articles().remove(0);
    let data = tempfile::tempdir().expect("temp dir");
    let tmux = Tmux::open(tag)?;
    let pages: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    tmux.start(&format!(
        "clear; {BINARY} --data-dir {} {fast} {}; echo crossread-exit=$?",
        data.path().display(),
        pages.join(" ")
    ));
    Some((tmux, data))
}

#[test]
fn the_reader_opens_while_a_slow_page_arrives_then_shows_the_aligned_story() {
    use web_support::{Reply, articles, page};
    let server = web_support::Server::start();
    let outlets = articles();
    let (fast_site, slow_site) = (&outlets[0].0, &outlets[1].0);
    let (_, _, title, paragraphs) = &outlets[1];
    // A few KB, 256 bytes every 150 ms: two seconds or more.
    server.route(
        "/slow-page",
        Reply::Trickle {
            body: page(slow_site, title, paragraphs).into_bytes(),
            chunk: 256,
            interval: Duration::from_millis(150),
        },
    );
    let Some((tmux, data)) = reader_on("loading", &server, &["/slow-page"]) else {
        return;
    };
    let loading = tmux.wait_for("the slow page's progress", |s| {
        s.contains("Reading 2 sources")
            && s.contains("fetching")
            && s.contains(" KB")
            && s.contains("ready: ")
    });
    assert!(loading.contains("/slow-page"), "{loading}");
    assert!(loading.contains("esc open what has arrived"), "{loading}");
    let screen = tmux.wait_for("the aligned story", |s| {
        s.contains("Compare") && s.contains(slow_site.as_str())
    });
    assert!(screen.contains(fast_site.as_str()), "{screen}");
    assert!(screen.contains('│'), "side by side:\n{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for_clean_exit("crossread-exit");
    let stories = kept_stories(data.path());
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].sources.len(), 2);
}

#[test]
fn ctrl_c_during_a_slow_fetch_exits_cleanly_and_keeps_nothing() {
    let server = server_with_a_slow_page();
    let Some((tmux, data)) = reader_on("cancel", &server, &["/slow"]) else {
        return;
    };
    tmux.wait_for("the slow page arriving", |s| s.contains("fetching"));
    let start = Instant::now();
    tmux.keys(&["C-c"]);
    let after = tmux.wait_for_clean_exit("crossread-exit");
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(after.contains("nothing was kept"), "{after}");
    assert!(!after.contains("Reading 2 sources"), "{after}");
    assert!(!tmux.alternate_screen());
    assert!(kept_stories(data.path()).is_empty());
}

#[test]
fn a_failed_page_shows_its_error_while_others_arrive_and_esc_opens_what_arrived() {
    let server = server_with_a_slow_page();
    let Some((tmux, data)) = reader_on("partial", &server, &["/gone", "/slow"]) else {
        return;
    };
    let loading = tmux.wait_for("the failed page's error", |s| {
        s.contains("404") && s.contains("fetching") && s.contains("ready: ")
    });
    assert!(loading.contains("1 failed"), "{loading}");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for_reader();
    assert!(
        screen.contains("2 of 3 sources could not be read"),
        "{screen}"
    );
    tmux.keys(&["q"]);
    let after = tmux.wait_for_clean_exit("crossread-exit");
    // Named once the terminal is back, one line each.
    assert!(
        after.contains("/gone: the server answered HTTP 404"),
        "{after}"
    );
    assert!(after.contains("/slow: cancelled"), "{after}");
    let stories = kept_stories(data.path());
    assert_eq!(stories[0].sources.len(), 1);
}

#[test]
fn when_no_page_can_be_had_the_reader_exits_2_naming_each() {
    let server = web_support::Server::start();
    let Some(tmux) = Tmux::open("nothing") else {
        return;
    };
    let data = tempfile::tempdir().expect("temp dir");
    tmux.start(&format!(
        "clear; {BINARY} --data-dir {} {} {}; echo crossread-exit=$?",
        data.path().display(),
        server.url("/gone"),
        server.url("/missing")
    ));
    let (status, after) = tmux.wait_for_exit("crossread-exit");
    assert_eq!(status, 2, "{after}");
    assert!(
        after.contains("/gone: the server answered HTTP 404"),
        "{after}"
    );
    assert!(
        after.contains("/missing: the server answered HTTP 404"),
        "{after}"
    );
    assert!(!tmux.alternate_screen());
    assert!(kept_stories(data.path()).is_empty());
}
