//! The reader while its story is read (the loading view: a column per
//! source, its progress or its error) and the library view (the stories
//! kept, Enter opens one with its tags), drawn on ratatui's TestBackend and
//! driven by keys; the loop's side (`tui::opening`) on real files, a real
//! store and pages from a server on 127.0.0.1.

mod tui_support;
mod web_support;

use crossread::align::{self, Comparison};
use crossread::ingest;
use crossread::library::{self, Keep, OpenOptions, Request};
use crossread::notes::Notes;
use crossread::tui::action::{Action, Effect};
use crossread::tui::config::Config;
use crossread::tui::model::loading::Loading;
use crossread::tui::model::tagging::NotesStore;
use crossread::tui::model::{Modal, Model, Options};
use crossread::tui::news::{
    LibraryNews, Listing, LoadingNews, OpenedSummary, SourceState, StoryRow,
};
use crossread::tui::opening::{OpenedStory, Opener, Pending, open_chosen_story};
use crossread::tui::theme::ThemeName;
use crossread::tui::update::{loading as loading_update, update};
use crossread::tui::views;
use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::path::Path;
use std::time::Duration;
use tui_support::{find, key_event, reader, render, text_of};
use web_support::{Reply, Server};

fn config() -> Config {
    Config::defaults().expect("built-in config")
}

fn draw_loading(loading: &Loading, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| views::loading::draw(frame, loading))
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn loading_of(origins: &[&str], size: (u16, u16)) -> Loading {
    Loading::new(
        origins.iter().map(|o| o.to_string()).collect(),
        &config(),
        &Options::default(),
        size,
        30,
    )
}

fn tell(loading: &mut Loading, index: usize, state: SourceState) {
    loading_update::update(
        loading,
        Action::Loading(LoadingNews::Source { index, state }),
    );
}

/// Three sources: one arriving, one failed, one ready.
fn three_sources(size: (u16, u16)) -> Loading {
    let mut loading = loading_of(
        &[
            "https://www.example-news.com/world/2026/11/26/talks-resume",
            "https://wire.example.org/gone",
            "/home/reader/story/agency.txt",
        ],
        size,
    );
    tell(&mut loading, 0, SourceState::Receiving(12_800));
    tell(
        &mut loading,
        1,
        SourceState::Failed(
            "https://wire.example.org/gone: the server answered HTTP 404 Not Found".into(),
        ),
    );
    tell(
        &mut loading,
        2,
        SourceState::Ready {
            title: Some("Talks resume in Geneva".into()),
            paragraphs: 14,
            kept_snapshot: None,
        },
    );
    loading_update::update(&mut loading, Action::Loading(LoadingNews::Elapsed(3)));
    loading
}

#[test]
fn the_loading_view_shows_each_source_s_progress_or_its_error() {
    for (width, height) in [(80, 24), (120, 40), (40, 10)] {
        let loading = three_sources((width, height));
        let screen = text_of(&draw_loading(&loading, width, height));
        insta::assert_snapshot!(format!("loading_{width}x{height}"), screen);
    }
    let loading = three_sources((120, 40));
    let buffer = draw_loading(&loading, 120, 40);
    let screen = text_of(&buffer);
    for expected in [
        "Reading 3 sources",
        "1 of 3 ready · 1 failed · 3 s",
        "fetching 12 KB",
        "HTTP 404 Not Found",
        "ready: 14 paragraphs",
        "Talks resume in Geneva",
        "esc open what has arrived",
        "q quit",
    ] {
        assert!(screen.contains(expected), "{expected}:\n{screen}");
    }
    // The failure is drawn as an error, in every theme.
    let (x, y) = find(&buffer, "HTTP 404").expect("the failed source's error");
    assert_eq!(buffer[(x, y)].style().fg, loading.theme.error.fg);
}

#[test]
fn many_sources_are_listed_one_under_another_with_a_count_of_the_rest() {
    let origins: Vec<String> = (1..=30)
        .map(|i| format!("https://outlet{i}.example/story"))
        .collect();
    let refs: Vec<&str> = origins.iter().map(String::as_str).collect();
    let mut loading = loading_of(&refs, (80, 24));
    for i in 0..30 {
        let state = match i % 3 {
            0 => SourceState::Cleaning,
            1 => SourceState::Receiving(900),
            _ => SourceState::Ready {
                title: None,
                paragraphs: 1,
                kept_snapshot: None,
            },
        };
        tell(&mut loading, i, state);
    }
    tell(
        &mut loading,
        4,
        SourceState::Failed("outlet5: timed out".into()),
    );
    let screen = text_of(&draw_loading(&loading, 80, 24));
    insta::assert_snapshot!("loading_many_80x24", screen);
    assert!(screen.contains("more: "), "{screen}");
}

#[test]
fn stopping_and_aligning_say_so() {
    // Nothing arrived yet: nothing to open, so Esc neither shows nor works.
    let mut waiting = loading_of(&["https://a.example/x", "https://b.example/y"], (80, 24));
    let screen = text_of(&draw_loading(&waiting, 80, 24));
    assert!(!screen.contains("open what has arrived"), "{screen}");
    assert!(screen.contains("q quit"), "{screen}");
    assert!(handle_event(&mut waiting, &key_event("esc")).is_empty());

    let mut loading = three_sources((80, 24));
    let effects = handle_event(&mut loading, &key_event("esc"));
    assert_eq!(effects, vec![Effect::CancelFetches, Effect::Redraw]);
    let screen = text_of(&draw_loading(&loading, 80, 24));
    assert!(screen.contains("Stopping"), "{screen}");
    assert!(!screen.contains("open what has arrived"), "{screen}");
    loading_update::update(&mut loading, Action::Loading(LoadingNews::Aligning));
    let screen = text_of(&draw_loading(&loading, 80, 24));
    assert!(screen.contains("Aligning 3 sources"), "{screen}");
    // q and Ctrl-C leave; nothing else the reader knows does anything yet.
    assert_eq!(
        handle_event(&mut loading, &key_event("q")),
        vec![Effect::Quit]
    );
    assert_eq!(
        handle_event(&mut loading, &key_event("ctrl-c")),
        vec![Effect::Quit]
    );
    assert!(handle_event(&mut loading, &key_event("j")).is_empty());
}

fn handle_event(loading: &mut Loading, event: &Event) -> Vec<Effect> {
    loading_update::handle_event(loading, event)
}

#[test]
fn the_loading_view_never_panics_at_any_size_or_key() {
    let keys = [
        "j", "k", "q", "esc", "enter", "?", "L", "t", "/", "ctrl-d", "tab", "1", "5", "space",
    ];
    let mut seed = 0x2545_f491_u64;
    for width in [0u16, 1, 2, 5, 17, 29, 30, 31, 45, 80, 200] {
        for height in [0u16, 1, 2, 3, 5, 6, 7, 24, 60] {
            let mut loading = three_sources((width, height));
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let key = keys[(seed % keys.len() as u64) as usize];
                handle_event(&mut loading, &key_event(key));
                draw_loading(&loading, width.max(1), height.max(1));
            }
            // Drawn on a terminal of another size than the model thinks.
            draw_loading(&loading, 3, 2);
        }
    }
}

fn sample() -> Comparison {
    align::compare(ingest::sample_story())
}

fn rows() -> Vec<StoryRow> {
    vec![
        StoryRow {
            id: "k3v9qa".into(),
            title: "Russia invites Zelenskiy to Moscow".into(),
            sources: vec!["Reuters".into(), "Kyiv Independent".into()],
            tags: 3,
            last_opened: "2026-11-26 10:42 UTC".into(),
        },
        StoryRow {
            id: "p0x7mm".into(),
            title: "Harbour strike enters its second week as talks stall".into(),
            sources: vec!["AP".into(), "BBC".into(), "Le Monde".into()],
            tags: 1,
            last_opened: "2026-11-25 08:00 UTC".into(),
        },
        StoryRow {
            id: "zz11ab".into(),
            title: "Flooding closes the coast road".into(),
            sources: vec!["local.example".into()],
            tags: 0,
            last_opened: "2026-11-20 17:15 UTC".into(),
        },
    ]
}

fn listed(stories: Result<Vec<StoryRow>, String>, current: Option<&str>) -> Action {
    Action::Library(LibraryNews::Listed(Listing {
        stories,
        current: current.map(str::to_string),
    }))
}

#[test]
fn the_library_view_lists_stories_and_enter_asks_to_open_the_selected_one() {
    let mut m = reader(sample(), Options::default(), (80, 24));
    // The key asks the loop for the stories; the view opens on its answer.
    assert_eq!(
        crossread::tui::update::handle_event(&mut m, &key_event("L")),
        vec![Effect::ListStories]
    );
    update(&mut m, listed(Ok(rows()), Some("p0x7mm")));
    assert!(matches!(m.modal, Some(Modal::Library(_))));
    // The story shown is selected and marked.
    assert_eq!(m.library_choice(), Some("p0x7mm"));
    for (width, height) in [(80, 24), (40, 10)] {
        update(&mut m, Action::Resize { width, height });
        let screen = text_of(&render(&m));
        insta::assert_snapshot!(format!("library_{width}x{height}"), screen);
    }
    update(
        &mut m,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    let screen = text_of(&render(&m));
    for expected in [
        "library · 3 stories",
        "(open now)",
        "3 sources: AP, BBC, Le Monde · 1 tag · opened 2026-11-25 08:00 UTC",
        "enter open",
        "esc back",
    ] {
        assert!(screen.contains(expected), "{expected}:\n{screen}");
    }
    let press = |m: &mut Model, key: &str| crossread::tui::update::handle_event(m, &key_event(key));
    press(&mut m, "j");
    assert_eq!(m.library_choice(), Some("zz11ab"));
    press(&mut m, "j");
    assert_eq!(m.library_choice(), Some("zz11ab"), "stays on the last");
    press(&mut m, "g");
    assert_eq!(m.library_choice(), Some("k3v9qa"));
    assert_eq!(press(&mut m, "enter"), vec![Effect::OpenStory]);
    // The loop could not open it: the view says why and stays.
    update(
        &mut m,
        Action::Library(LibraryNews::NotOpened(
            "notes store: the snapshot of x is missing".into(),
        )),
    );
    let screen = text_of(&render(&m));
    assert!(screen.contains("the snapshot of x is missing"), "{screen}");
    press(&mut m, "esc");
    assert!(m.modal.is_none());
    assert_eq!(m.library_choice(), None);
}

#[test]
fn an_empty_library_and_one_that_cannot_be_read_say_so() {
    let mut m = reader(sample(), Options::default(), (80, 24));
    update(&mut m, listed(Ok(Vec::new()), None));
    let screen = text_of(&render(&m));
    assert!(screen.contains("no stories yet"), "{screen}");
    // Enter does nothing without stories; keys do not panic.
    for key in ["enter", "j", "k", "G", "g", "pgdn", "pgup"] {
        assert!(crossread::tui::update::handle_event(&mut m, &key_event(key)).is_empty());
    }
    assert_eq!(m.library_choice(), None);

    update(
        &mut m,
        listed(
            Err("/data/notes.sqlite3: file is not a database".into()),
            None,
        ),
    );
    let screen = text_of(&render(&m));
    assert!(
        screen.contains("the library cannot be read: /data/notes.sqlite3: file is not a database"),
        "{screen}"
    );
    for (width, height) in [(1, 1), (10, 3), (16, 4), (30, 6), (40, 10)] {
        update(&mut m, Action::Resize { width, height });
        render(&m);
    }
}

/// Short articles as files of `dir`, each the `story`'s paragraphs with a
/// closing line of its own; their paths.
fn articles(dir: &Path, names: &[&str], story: &str) -> Vec<String> {
    names
        .iter()
        .map(|name| {
            let path = dir.join(name);
            std::fs::write(&path, format!("{story}\n\nThis is how {name} told it.\n")).unwrap();
            path.display().to_string()
        })
        .collect()
}

const HARBOUR: &str = "Harbour cranes stopped on Monday in the port.\n\n\
                       Workers said the strike would last a week.";
const FLOOD: &str = "Flooding closed the coast road after two days of rain.\n\n\
                     The second story: engineers expect it to reopen by Friday.";

/// Move the library view's selection to the story `id`.
fn select(m: &mut Model, id: &str) {
    crossread::tui::update::handle_event(m, &key_event("g"));
    for _ in 0..10 {
        if m.library_choice() == Some(id) {
            return;
        }
        crossread::tui::update::handle_event(m, &key_event("j"));
    }
    panic!("{id} is not in the library view");
}

fn open_options(data: &Path) -> OpenOptions {
    OpenOptions {
        data_dir: Some(data.to_path_buf()),
        keep: Keep::Always,
        ..OpenOptions::default()
    }
}

#[test]
fn enter_in_the_library_opens_the_story_with_its_tags_instead_of_the_one_shown() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let options = open_options(&data);
    let first = articles(dir.path(), &["a.txt", "b.txt"], HARBOUR);
    let second = articles(dir.path(), &["c.txt", "d.txt"], FLOOD);
    let opened = library::open(Request::Inputs(&first), &options, false).unwrap();
    let first_id = opened.id.clone().unwrap();
    let shown = align::compare(opened.story);
    let opened = library::open(Request::Inputs(&second), &options, false).unwrap();
    let second_id = opened.id.clone().unwrap();
    let second_comparison = align::compare(opened.story);
    let mut notes = Notes::open_strict(Some(data.as_path()), &second_comparison).unwrap();
    notes.add(0, "verify-second", "").unwrap();
    drop(notes);

    let reader_options = Options {
        notes: NotesStore::Dir(data.clone()),
        theme: Some(ThemeName::Mono),
        ..Options::default()
    };
    let config = config();
    let mut m = Model::new(shown, &config, &reader_options, (100, 30));
    assert!(m.tagging.notes.tags().is_empty());
    let opener = Opener {
        open: options.clone(),
        align: align::Options::default(),
    };
    let listing = opener.listing(Some(&first_id));
    let stories = listing.stories.clone().unwrap();
    assert_eq!(stories.len(), 2);
    let tagged = stories.iter().find(|s| s.id == second_id).unwrap();
    assert_eq!((tagged.tags, tagged.sources.len()), (1, 2));
    update(&mut m, Action::Library(LibraryNews::Listed(listing)));
    assert_eq!(m.library_choice(), Some(first_id.as_str()));
    select(&mut m, &second_id);
    assert_eq!(
        crossread::tui::update::handle_event(&mut m, &key_event("enter")),
        vec![Effect::OpenStory]
    );
    // What the loop does with that effect.
    let now = open_chosen_story(&mut m, &opener, &config, &reader_options);
    assert_eq!(now, Some(Some(second_id.clone())));
    assert!(m.modal.is_none());
    assert_eq!(m.tagging.notes.tags().len(), 1);
    let screen = text_of(&render(&m));
    assert!(screen.contains("The second story"), "{screen}");
    assert!(screen.contains("verify-second"), "{screen}");
    assert!(
        screen.contains(&format!("opened {second_id} from the library")),
        "{screen}"
    );

    // A story that went from the store meanwhile: the view says why, and
    // the story shown stays.
    update(
        &mut m,
        Action::Library(LibraryNews::Listed(opener.listing(Some(&second_id)))),
    );
    library::remove(Some(data.as_path()), &first_id, true).unwrap();
    select(&mut m, &first_id);
    assert_eq!(
        open_chosen_story(&mut m, &opener, &config, &reader_options),
        None
    );
    let screen = text_of(&render(&m));
    assert!(screen.contains("no such story"), "{screen}");
    assert!(
        screen.starts_with("Flooding closed the coast road"),
        "{screen}"
    );
}

#[test]
fn a_store_that_cannot_be_read_is_one_line_in_the_library_view() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.sqlite3"), b"not a database at all").unwrap();
    let opener = Opener {
        open: open_options(dir.path()),
        align: align::Options::default(),
    };
    let listing = opener.listing(None);
    let error = listing.stories.clone().unwrap_err();
    assert!(!error.contains('\n'), "{error}");
    let mut m = reader(sample(), Options::default(), (80, 24));
    update(&mut m, Action::Library(LibraryNews::Listed(listing)));
    let screen = text_of(&render(&m));
    assert!(screen.contains("the library cannot be read"), "{screen}");
    // No store at all is an empty library, not an error.
    let empty = tempfile::tempdir().unwrap();
    let opener = Opener {
        open: open_options(empty.path()),
        align: align::Options::default(),
    };
    assert_eq!(opener.listing(None).stories, Ok(Vec::new()));
}

/// Start reading a request's sources, as the reader does.
fn start(request: Request, options: &OpenOptions) -> Pending {
    let plan = library::plan(request, options).unwrap();
    Pending::start(plan, options.fetch, options.refresh)
}

/// The reports while a story was read, and the story (or every failure).
type ReadAll = (Vec<(usize, SourceState)>, Result<OpenedStory, Vec<String>>);

/// Read a request's sources to the end.
fn read_all(request: Request, options: &OpenOptions) -> ReadAll {
    let mut pending = start(request, options);
    let news = pending.wait_until(None);
    assert!(pending.is_complete());
    (news, pending.finish(options, align::Options::default()))
}

#[test]
fn files_are_waited_for_and_pages_are_shown_arriving() {
    let dir = tempfile::tempdir().unwrap();
    let files = articles(dir.path(), &["a.txt", "b.txt"], HARBOUR);
    let options = open_options(&dir.path().join("data"));
    let pending = start(Request::Inputs(&files), &options);
    assert!(!pending.needs_network());
    assert_eq!(pending.origins().len(), 2);

    let server = Server::start();
    let good = server.articles().remove(0);
    server.route(
        "/trickle",
        Reply::Trickle {
            body: web_support::page(
                "Trickle",
                "A page that takes its time",
                &[
                    "Harbour cranes stopped on Monday.".into(),
                    "Workers said the strike would last a week.".into(),
                ],
            )
            .into_bytes(),
            chunk: 40,
            interval: Duration::from_millis(30),
        },
    );
    let gone = server.url("/gone");
    let inputs = vec![good, server.url("/trickle"), gone.clone()];
    assert!(start(Request::Inputs(&inputs), &options).needs_network());
    let (news, opened) = read_all(Request::Inputs(&inputs), &options);
    // The slow page reported its bytes as they came, then its cleaning.
    let trickle: Vec<&SourceState> = news
        .iter()
        .filter(|(index, _)| *index == 1)
        .map(|(_, state)| state)
        .collect();
    assert!(
        trickle
            .iter()
            .filter(|s| matches!(s, SourceState::Receiving(_)))
            .count()
            > 3,
        "{trickle:?}"
    );
    assert!(trickle.contains(&&SourceState::Cleaning), "{trickle:?}");
    assert!(matches!(trickle.last(), Some(SourceState::Ready { .. })));
    let opened = opened.unwrap();
    assert_eq!(opened.summary.sources, 2);
    assert_eq!(opened.summary.failed.len(), 1);
    assert!(opened.summary.failed[0].starts_with(&gone));
    assert!(opened.report.iter().any(|line| line.starts_with(&gone)));

    // None left: every failure, one line each.
    let inputs = vec![server.url("/gone"), server.url("/gone-too")];
    let errors = read_all(Request::Inputs(&inputs), &options).1.unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[1].contains("/gone-too"), "{errors:?}");
}

#[test]
fn after_a_refresh_the_status_line_says_which_sources_changed() {
    let server = Server::start();
    let urls: Vec<String> = server.articles().into_iter().take(2).collect();
    let data = tempfile::tempdir().unwrap();
    let options = open_options(data.path());
    let opened = library::open(Request::Inputs(&urls), &options, false).unwrap();
    let id = opened.id.unwrap();
    let name = opened.story.sources[1].name.clone();

    let refresh = |options: &OpenOptions| {
        let refreshing = OpenOptions {
            refresh: true,
            ..options.clone()
        };
        let opened = read_all(Request::Story(&id), &refreshing).1.unwrap();
        let mut m = reader(opened.comparison, Options::default(), (120, 30));
        update(
            &mut m,
            Action::Loading(LoadingNews::Opened(opened.summary.clone())),
        );
        (opened.summary, text_of(&render(&m)))
    };
    let (summary, screen) = refresh(&options);
    assert_eq!(summary.changed, Some(Vec::new()));
    assert!(screen.contains("refreshed: no source changed"), "{screen}");

    let path = url::Url::parse(&urls[1]).unwrap().path().to_string();
    server.route(
        &path,
        Reply::html(web_support::page(
            &name,
            "A new headline",
            &["An entirely new first paragraph about the harbour.".into()],
        )),
    );
    let (summary, screen) = refresh(&options);
    assert_eq!(summary.changed, Some(vec![name.clone()]));
    assert!(
        screen.contains(&format!("refreshed: 1 of 2 changed: {name}")),
        "{screen}"
    );
}

#[test]
fn what_opening_gave_reaches_the_status_line_as_an_error_when_sources_failed() {
    let mut m = reader(sample(), Options::default(), (120, 30));
    let summary = OpenedSummary {
        sources: 2,
        failed: vec!["http://127.0.0.1:9/x: cannot connect".into()],
        ..OpenedSummary::default()
    };
    assert_eq!(
        update(&mut m, Action::Loading(LoadingNews::Opened(summary))),
        vec![Effect::Redraw]
    );
    let buffer = render(&m);
    let screen = text_of(&buffer);
    assert!(
        screen.contains("1 of 3 sources could not be read: http://127.0.0.1:9/x: cannot connect"),
        "{screen}"
    );
    let (x, y) = find(&buffer, "could not be read").unwrap();
    assert_eq!(buffer[(x, y)].style().fg, m.theme.error.fg);
}
