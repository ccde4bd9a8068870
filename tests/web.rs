//! Articles from the web, kept: fetched from a server these tests start on
//! 127.0.0.1, snapshots, the library of stories, and every bad answer a
//! server can give.

mod web_support;

use crossread::ingest::load::{Job, Loader, Progress};
use crossread::library::{self, Keep, OpenOptions, Request};
use crossread::web::FetchOptions;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use web_support::{Reply, Server};

const BINARY: &str = env!("CARGO_BIN_EXE_crossread");

fn crossread(data: &Path, args: &[&str]) -> Output {
    Command::new(BINARY)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

fn statements(report: &Value) -> Vec<String> {
    report["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_string())
        .collect()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/notes")
            .join(name),
    )
    .unwrap()
}

/// Tag one statement of a story of the library.
fn tag(data: &Path, story: &str, statement: &str, label: &str) {
    let args = [
        "tag",
        "--story",
        story,
        "--statement",
        statement,
        "--label",
        label,
    ];
    let tagged = crossread(data, &args);
    assert!(tagged.status.success(), "{}", stderr(&tagged));
}

/// The id of the only story of the library.
fn only_story(data: &Path) -> String {
    let listed = json(&crossread(data, &["stories", "--format", "json"]));
    let stories = listed.as_array().unwrap();
    assert_eq!(stories.len(), 1, "{listed}");
    stories[0]["id"].as_str().unwrap().to_string()
}

#[test]
fn pages_open_like_the_same_pages_saved_as_files() {
    let server = Server::start();
    let urls = server.articles();
    let data = tempfile::tempdir().unwrap();
    let mut args = vec!["compare", "--format", "json"];
    args.extend(urls.iter().map(String::as_str));
    let web = json(&crossread(data.path(), &args));

    let files = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (site, path, title, paragraphs) in web_support::articles() {
        let file = files.path().join(format!("{path}.html"));
        std::fs::write(&file, web_support::page(&site, &title, &paragraphs)).unwrap();
        paths.push(file.display().to_string());
    }
    let mut args = vec!["compare", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let saved = json(&crossread(data.path(), &args));
    assert_eq!(statements(&web), statements(&saved));

    let sources = web["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 5);
    for ((source, url), (site, ..)) in sources.iter().zip(&urls).zip(web_support::articles()) {
        assert_eq!(source["name"], site.as_str(), "named by og:site_name");
        assert_eq!(source["url"], url.as_str());
        assert_eq!(source["final_url"], url.as_str());
    }
    assert!(
        saved["sources"][0].get("url").is_none(),
        "files have no url"
    );
    let agents = server.user_agents();
    assert!(
        agents
            .iter()
            .all(|a| a == &format!("crossread/{}", env!("CARGO_PKG_VERSION"))),
        "{agents:?}"
    );
}

#[test]
fn charsets_compression_redirects_and_the_host_as_name() {
    let server = Server::start();
    let (_, _, title, mut paragraphs) = web_support::articles().remove(0);
    paragraphs.push("The café owner said the naïve plan would fail.".to_string());
    // Latin-1 declared only in the header (the page's own meta is removed).
    let page = web_support::page("", &title, &paragraphs)
        .replace("<meta charset=\"utf-8\">", "")
        .replace("<meta property=\"og:site_name\" content=\"\">", "");
    let latin1: Vec<u8> = page
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    server.route(
        "/latin1",
        Reply::typed("text/html; charset=ISO-8859-1", latin1),
    );
    let gzip_headers = |encoding: &str| {
        vec![
            ("Content-Type".to_string(), "text/html".to_string()),
            ("Content-Encoding".to_string(), encoding.to_string()),
        ]
    };
    server.route(
        "/gzip",
        Reply::Full(
            200,
            gzip_headers("gzip"),
            web_support::gzip(page.as_bytes()),
        ),
    );
    server.route(
        "/deflate",
        Reply::Full(
            200,
            gzip_headers("deflate"),
            web_support::zlib(page.as_bytes()),
        ),
    );
    server.route("/r3", Reply::Redirect("/r2".into()));
    server.route("/r2", Reply::Redirect(server.url("/r1")));
    server.route("/r1", Reply::Redirect("gzip".into()));

    let data = tempfile::tempdir().unwrap();
    for path in ["/latin1", "/gzip", "/deflate", "/r3"] {
        let url = server.url(path);
        let report = json(&crossread(
            data.path(),
            &["compare", "--format", "json", &url],
        ));
        let texts = statements(&report);
        assert!(
            texts
                .iter()
                .any(|t| t.contains("The café owner said the naïve plan")),
            "{path}: {texts:?}"
        );
        assert_eq!(
            report["sources"][0]["name"], "127.0.0.1",
            "{path}: the host"
        );
        let final_url = if path == "/r3" {
            server.url("/gzip")
        } else {
            url.clone()
        };
        assert_eq!(report["sources"][0]["final_url"], final_url.as_str());
    }
}

#[test]
fn bad_answers_are_one_line_naming_the_address_exit_2_and_nothing_is_kept() {
    let server = Server::start();
    let good = server.articles().remove(0);
    server.route("/500", Reply::Full(500, vec![], b"oops".to_vec()));
    server.route(
        "/slow",
        Reply::Slow {
            interval: Duration::from_millis(200),
            for_at_most: Duration::from_secs(8),
        },
    );
    server.route(
        "/huge",
        Reply::Full(
            200,
            vec![
                ("Content-Type".into(), "text/html".into()),
                ("Content-Length".into(), (11 * 1024 * 1024).to_string()),
            ],
            b"<html>".to_vec(),
        ),
    );
    server.route("/stream", Reply::Stream(11 * 1024 * 1024));
    server.route("/pdf", Reply::typed("application/pdf", &b"%PDF-1.7\n"[..]));
    server.route("/png", Reply::typed("image/png", &b"\x89PNG\r\n\x1a\n"[..]));
    let mut noise = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((x >> 16) as u8);
    }
    server.route("/random", Reply::typed("text/html", noise.clone()));
    server.route("/octets", Reply::typed("application/octet-stream", noise));
    server.route("/loop1", Reply::Redirect("/loop2".into()));
    server.route("/loop2", Reply::Redirect("/loop1".into()));
    for i in 0..12 {
        server.route(
            &format!("/hop{i}"),
            Reply::Redirect(format!("/hop{}", i + 1)),
        );
    }
    server.route("/ftp", Reply::Redirect("ftp://127.0.0.1/file".into()));
    let refused = format!("http://127.0.0.1:{}/x", web_support::closed_port());

    let cases: Vec<(String, &str)> = vec![
        (server.url("/missing"), "HTTP 404 Not Found"),
        (server.url("/500"), "HTTP 500 Internal Server Error"),
        (refused, "connection refused"),
        (
            "http://no-such-host.invalid/story".into(),
            "unknown host no-such-host.invalid",
        ),
        (server.url("/slow"), "no complete page within 1 s"),
        (
            server.url("/huge"),
            "page too large (11 MB; the limit is 10 MB)",
        ),
        (server.url("/stream"), "page larger than the 10 MB limit"),
        (server.url("/pdf"), "a PDF document, not a web page"),
        (server.url("/png"), "an image (image/png), not a web page"),
        (server.url("/random"), "binary"),
        (server.url("/octets"), "binary"),
        (server.url("/loop1"), "redirect loop"),
        (server.url("/hop0"), "more than 10 redirects"),
        (
            server.url("/ftp"),
            "redirected to ftp://127.0.0.1/file: only http and https are followed",
        ),
        (
            "notaurl://x".into(),
            "notaurl://: addresses are read over http or https only",
        ),
    ];
    let data = tempfile::tempdir().unwrap();
    let store = data.path().join("store");
    for (url, problem) in &cases {
        let start = Instant::now();
        let output = crossread(&store, &["--timeout", "1", "compare", &good, url]);
        let elapsed = start.elapsed();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{url}: {err}");
        assert_eq!(err.lines().count(), 1, "{url}: {err}");
        assert!(
            err.starts_with(&format!("crossread: {url}: ")),
            "{url}: {err}"
        );
        assert!(err.contains(problem), "{url}: {err}");
        assert!(elapsed < Duration::from_secs(6), "{url}: {elapsed:?}");
        assert!(
            !store.exists(),
            "{url}: nothing is written for a failed fetch"
        );
    }
}

#[test]
fn the_reader_opens_what_arrives_and_keeps_nothing_of_what_failed() {
    let server = Server::start();
    let good = server.articles().remove(1);
    let bad = server.url("/gone");
    let data = tempfile::tempdir().unwrap();
    let options = OpenOptions {
        data_dir: Some(data.path().to_path_buf()),
        keep: Keep::Always,
        ..OpenOptions::default()
    };
    let inputs = vec![bad.clone(), good.clone()];
    let opened = library::open(Request::Inputs(&inputs), &options, true).unwrap();
    assert_eq!(opened.story.sources.len(), 1);
    assert_eq!(opened.failed.len(), 1);
    assert!(opened.failed[0].to_string().starts_with(&bad));
    let id = opened.id.expect("kept");
    let stories = library::stories(Some(data.path())).unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].id, id);
    let origins: Vec<&str> = stories[0]
        .sources
        .iter()
        .map(|s| s.origin.as_str())
        .collect();
    assert_eq!(origins, vec![good.as_str()]);
}

#[test]
fn a_story_reopens_as_read_offline_from_the_library() {
    let server = Server::start();
    let urls: Vec<String> = server.articles().into_iter().take(2).collect();
    let data = tempfile::tempdir().unwrap();
    let first = json(&crossread(
        data.path(),
        &["compare", "--format", "json", &urls[0], &urls[1]],
    ));
    let id = only_story(data.path());
    let fetched = server.requests();
    assert_eq!(fetched, 2);
    drop(server);

    let by_id = json(&crossread(
        data.path(),
        &["compare", "--format", "json", "--story", &id],
    ));
    assert_eq!(statements(&first), statements(&by_id));
    assert_eq!(first["sources"], by_id["sources"]);

    // The same addresses again: the snapshots, not the (stopped) server.
    let again = crossread(
        data.path(),
        &["compare", "--format", "json", &urls[1], &urls[0]],
    );
    let err = stderr(&again);
    assert!(
        err.contains(&format!("story {id}: opened from its snapshots")),
        "{err}"
    );
    assert!(err.contains("--refresh"), "{err}");
    let again = json(&again);
    let mut a = statements(&again);
    let mut b = statements(&first);
    a.sort();
    b.sort();
    assert_eq!(a, b);

    let inspect = crossread(data.path(), &["inspect", "--story", &id]);
    assert!(inspect.status.success(), "{}", stderr(&inspect));

    let refresh = crossread(data.path(), &["compare", "--story", &id, "--refresh"]);
    assert!(refresh.status.success(), "{}", stderr(&refresh));
    let err = stderr(&refresh);
    assert!(err.contains("; kept the snapshot read"), "{err}");
}

#[test]
fn refresh_reanchors_tags_and_says_which_sources_changed() {
    let server = Server::start();
    server.route(
        "/harbour",
        Reply::typed("text/plain", fixture("harbour_v1.txt")),
    );
    server.route(
        "/other",
        Reply::typed("text/plain", fixture("harbour_other_outlet.txt")),
    );
    let (harbour, other) = (server.url("/harbour"), server.url("/other"));
    let data = tempfile::tempdir().unwrap();
    let report = json(&crossread(
        data.path(),
        &["compare", "--format", "json", &harbour, &other],
    ));
    let id = only_story(data.path());
    let statement_with = |text: &str| {
        report["statements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["source"] == 0 && s["text"].as_str().unwrap().contains(text))
            .map(|s| s["id"].to_string())
            .unwrap()
    };
    for (text, label) in [
        ("Traffic was diverted", "key fact"),
        ("govenment", "verify"),
        ("ferry service", "quote"),
    ] {
        tag(data.path(), &id, &statement_with(text), label);
    }

    server.route(
        "/harbour",
        Reply::typed("text/plain", fixture("harbour_v2.txt")),
    );
    // Without --refresh, the story is as it was read.
    let before = json(&crossread(
        data.path(),
        &["export", "--story", &id, "--format", "json"],
    ));
    assert!(
        before["tags"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["state"] == "exact")
    );

    let refreshed = crossread(
        data.path(),
        &["export", "--story", &id, "--refresh", "--format", "json"],
    );
    let err = stderr(&refreshed);
    assert!(
        err.contains(&format!("story {id}: changed: 127.0.0.1 (read before")),
        "{err}"
    );
    assert!(
        !err.contains("127.0.0.1 (2)"),
        "the other source did not change: {err}"
    );
    let exported = json(&refreshed);
    let state = |label: &str| {
        exported["tags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["label"] == label)
            .map(|t| t["state"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(state("key fact"), "exact");
    assert_eq!(state("verify"), "fuzzy");
    assert_eq!(state("quote"), "orphan");

    // The refreshed text is now the story's: it opens so without the server.
    drop(server);
    let after = json(&crossread(
        data.path(),
        &["compare", "--format", "json", "--story", &id],
    ));
    assert!(
        statements(&after)
            .iter()
            .any(|s| s.contains("UPDATE: The council"))
    );

    let again = crossread(data.path(), &["compare", "--story", &id, "--refresh"]);
    let err = stderr(&again);
    assert!(err.contains("kept the snapshot"), "{err}");
}

#[test]
fn stories_are_listed_and_removed_only_with_force_while_tagged() {
    let server = Server::start();
    let urls: Vec<String> = server.articles().into_iter().take(2).collect();
    let data = tempfile::tempdir().unwrap();
    let empty = crossread(data.path(), &["stories"]);
    assert!(empty.status.success());
    assert!(
        !data.path().join("notes.sqlite3").exists(),
        "listing creates nothing"
    );

    assert!(
        crossread(data.path(), &["compare", &urls[0], &urls[1]])
            .status
            .success()
    );
    let id = only_story(data.path());
    let listed = json(&crossread(data.path(), &["stories", "--format", "json"]));
    let story = &listed[0];
    for key in [
        "id",
        "title",
        "sources",
        "tags",
        "first_read",
        "last_opened",
    ] {
        assert!(story.get(key).is_some(), "{key}: {story}");
    }
    assert_eq!(story["sources"][0]["url"], urls[0].as_str());
    assert!(story["sources"][0]["name"].is_string());
    let text = crossread(data.path(), &["stories"]);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.starts_with(&id), "{text}");
    assert!(text.contains(&urls[1]), "{text}");

    tag(data.path(), &id, "1", "verify");
    let listed = json(&crossread(data.path(), &["stories", "--format", "json"]));
    assert_eq!(listed[0]["tags"], 1);

    let refused = crossread(data.path(), &["stories", "--remove", &id]);
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(
        err.contains(&format!("story {id} has 1 tag(s); --force")),
        "{err}"
    );
    assert_eq!(only_story(data.path()), id);

    let removed = crossread(data.path(), &["stories", "--remove", &id, "--force"]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    assert_eq!(
        json(&crossread(data.path(), &["stories", "--format", "json"])),
        serde_json::json!([])
    );
    let gone = crossread(data.path(), &["compare", "--story", &id]);
    assert_eq!(gone.status.code(), Some(2));
    let err = stderr(&gone);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no such story"), "{err}");
    let notes = crossread(data.path(), &["notes"]);
    assert!(
        String::from_utf8_lossy(&notes.stdout).contains("[verify]"),
        "the tags stay"
    );

    let both = crossread(data.path(), &["compare", "--story", &id, &urls[0]]);
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("give one or the other"));
}

#[test]
fn files_are_read_fresh_a_change_is_kept_and_a_moved_file_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let a = dir.path().join("harbour.txt");
    let b = dir.path().join("other.txt");
    std::fs::write(&a, fixture("harbour_v1.txt")).unwrap();
    std::fs::write(&b, fixture("harbour_other_outlet.txt")).unwrap();
    let options = OpenOptions {
        data_dir: Some(data.path().to_path_buf()),
        keep: Keep::Always,
        ..OpenOptions::default()
    };
    let inputs = vec![a.display().to_string(), b.display().to_string()];
    let first = library::open(Request::Inputs(&inputs), &options, false).unwrap();
    let id = first.id.clone().expect("the reader keeps files");
    assert!(first.changed.is_empty());

    std::fs::write(&a, fixture("harbour_v2.txt")).unwrap();
    let second = library::open(Request::Inputs(&inputs), &options, false).unwrap();
    assert_eq!(second.id.as_deref(), Some(id.as_str()));
    assert_eq!(second.changed.len(), 1);
    assert_eq!(second.changed[0].name, "harbour");
    assert!(second.notes.iter().any(|n| n.contains("changed: harbour")));

    drop(dir);
    let reopened = library::open(Request::Story(&id), &options, false).unwrap();
    assert_eq!(reopened.story.sources.len(), 2);
    assert!(
        reopened.story.sources[0]
            .text
            .contains("UPDATE: The council")
    );
    let record = library::stories(Some(data.path())).unwrap();
    assert_eq!(record.len(), 1);

    // Headless commands keep no story of local files only.
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("x.txt");
    std::fs::write(&file, fixture("harbour_v1.txt")).unwrap();
    let output = crossread(elsewhere.path(), &["compare", &file.display().to_string()]);
    assert!(output.status.success());
    assert!(!elsewhere.path().join("notes.sqlite3").exists());
}

#[test]
fn the_loader_reports_progress_and_cancels() {
    let server = Server::start();
    let url = server.articles().remove(0);
    let loader = Loader::start(vec![Job::Url(url)], FetchOptions::default());
    let mut seen = Vec::new();
    for event in loader.events().iter() {
        let last = event.is_final();
        seen.push(match event.progress {
            Progress::Bytes(_) => "bytes",
            Progress::Cleaning => "cleaning",
            Progress::Done(_) => "done",
            Progress::Failed(_) => "failed",
        });
        if last {
            break;
        }
    }
    seen.dedup();
    assert_eq!(seen, vec!["bytes", "cleaning", "done"]);

    server.route(
        "/slow",
        Reply::Slow {
            interval: Duration::from_millis(50),
            for_at_most: Duration::from_secs(20),
        },
    );
    let loader = Loader::start(vec![Job::Url(server.url("/slow"))], FetchOptions::default());
    let start = Instant::now();
    let first = loader.events().recv().unwrap();
    assert!(matches!(first.progress, Progress::Bytes(_)));
    loader.cancel();
    let results = loader.wait();
    assert!(start.elapsed() < Duration::from_secs(5));
    let error = results.into_iter().next().unwrap().unwrap_err();
    assert!(error.to_string().ends_with("/slow: cancelled"), "{error}");
}

#[test]
fn two_processes_reading_the_same_pages_keep_one_story() {
    let server = Server::start();
    let urls: Vec<String> = server.articles().into_iter().take(3).collect();
    let data = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(BINARY)
                .arg("--data-dir")
                .arg(data.path())
                .arg("compare")
                .args(&urls)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    only_story(data.path());
    let stories = library::stories(Some(data.path())).unwrap();
    assert_eq!(stories[0].sources.len(), 3, "no source read twice");
}

#[test]
fn a_damaged_store_is_left_as_it_was_and_the_page_still_opens() {
    let server = Server::start();
    let url = server.articles().remove(0);
    let data = tempfile::tempdir().unwrap();
    let store = data.path().join("notes.sqlite3");
    std::fs::write(&store, b"not a database at all, but someone's file").unwrap();
    let output = crossread(data.path(), &["compare", &url]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("not kept in the library"), "{err}");
    assert_eq!(
        std::fs::read(&store).unwrap(),
        b"not a database at all, but someone's file"
    );
    let by_id = crossread(data.path(), &["compare", "--story", "abcdef"]);
    assert_eq!(by_id.status.code(), Some(2));
    assert!(
        stderr(&by_id).contains("not an SQLite database"),
        "{}",
        stderr(&by_id)
    );
}

#[test]
fn the_reader_flow_cancels_a_slow_page_and_keeps_what_arrived() {
    use crossread::ingest::load::Results;
    let server = Server::start();
    let good = server.articles().remove(2);
    server.route(
        "/slow",
        Reply::Slow {
            interval: Duration::from_millis(50),
            for_at_most: Duration::from_secs(20),
        },
    );
    let data = tempfile::tempdir().unwrap();
    let options = OpenOptions {
        data_dir: Some(data.path().to_path_buf()),
        keep: Keep::Always,
        ..OpenOptions::default()
    };
    let inputs = vec![server.url("/slow"), good.clone()];
    let mut plan = library::plan(Request::Inputs(&inputs), &options).unwrap();
    assert_eq!(plan.origins(), vec![inputs[0].as_str(), good.as_str()]);
    let loader = Loader::start(plan.take_jobs(), options.fetch);
    let mut results = Results::new(loader.len());
    let start = Instant::now();
    while !results.is_complete() {
        let event = loader.events().recv().unwrap();
        let good_arrived = event.index == 1 && event.is_final();
        if results.add(event).is_none() && good_arrived {
            // Ctrl-C in the reader: stop waiting for the slow page.
            loader.cancel();
        }
    }
    assert!(start.elapsed() < Duration::from_secs(5));
    let opened = library::finish(plan, results.into_vec(), &options).unwrap();
    assert_eq!(opened.story.sources.len(), 1);
    assert!(opened.failed[0].to_string().ends_with("/slow: cancelled"));
    let stories = library::stories(Some(data.path())).unwrap();
    assert_eq!(stories[0].sources.len(), 1);
    assert_eq!(stories[0].sources[0].origin, good);
}
