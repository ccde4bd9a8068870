//! The reader, driven by key events through the real keymap and update, drawn
//! on ratatui's TestBackend.

mod tui_support;

use crossread::align::{
    self, Comparison, Conflict, ConflictKind, DiffClass, Group, Highlight, Link, Relation,
};
use crossread::ingest::{self, RawArticle};
use crossread::tui::config::Config;
use crossread::tui::model::{Modal, Model, Options, View};
use crossread::tui::theme::ThemeName;
use crossread::tui::update::handle_event;
use crossterm::event::Event;
use ratatui::style::Modifier;
use tui_support::*;

fn sample() -> Comparison {
    align::compare(ingest::sample_story())
}

fn article(name: &str, text: &str) -> RawArticle {
    RawArticle {
        origin: name.to_string(),
        path: None,
        bytes: text.as_bytes().to_vec(),
    }
}

fn model_with(comparison: Comparison, theme: ThemeName, width: u16, height: u16) -> Model {
    let options = Options {
        theme: Some(theme),
        ..Options::default()
    };
    reader(comparison, options, (width, height))
}

fn model(width: u16, height: u16) -> Model {
    model_with(sample(), ThemeName::Dark, width, height)
}

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (40, 10)];

/// Every view at every size, reached by keys.
#[test]
fn snapshots_of_every_view() {
    let scenarios: [(&str, &str); 10] = [
        ("compare", ""),
        ("compare_moved", "j j j tab j ctrl-d"),
        ("compare_end", "G"),
        ("claims", "2 j j"),
        ("claims_unique", "2 f"),
        ("reader", "3 j"),
        ("reader_second_source", "3 tab"),
        ("removed", "4"),
        ("help", "?"),
        ("sources", "s j"),
    ];
    for (width, height) in SIZES {
        for (name, keys) in scenarios {
            let mut m = model(width, height);
            press(&mut m, keys);
            let screen = text_of(&render_at(&m, width, height));
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
        }
        let mut m = model(width, height);
        press(&mut m, "/");
        type_text(&mut m, "kremlin");
        let prompt = text_of(&render_at(&m, width, height));
        insta::assert_snapshot!(format!("search_prompt_{width}x{height}"), prompt);
        press(&mut m, "enter n");
        let found = text_of(&render_at(&m, width, height));
        insta::assert_snapshot!(format!("search_found_{width}x{height}"), found);
    }
}

#[test]
fn quit_and_help_follow_the_keymap() {
    let mut m = model(120, 40);
    press(&mut m, "?");
    assert!(m.modal.is_some());
    let screen = text_of(&render_at(&m, 120, 40));
    // The overlay lists the bindings of the keymap, not a fixed text.
    assert!(screen.contains("ctrl-d"), "{screen}");
    assert!(screen.contains("next unique claim"), "{screen}");
    // Scrolling stops at the end of the help.
    press(&mut m, "G");
    let Some(Modal::Help { scroll: end }) = m.modal.clone() else {
        panic!("help closed");
    };
    for _ in 0..100 {
        press(&mut m, "j");
    }
    assert_eq!(m.modal, Some(Modal::Help { scroll: end }));
    press(&mut m, "k");
    assert_eq!(
        m.modal,
        Some(Modal::Help {
            scroll: end.saturating_sub(1)
        })
    );
    let screen = text_of(&render_at(&m, 120, 40));
    assert!(
        screen.contains("MARKS"),
        "the end of the help shows:\n{screen}"
    );
    press(&mut m, "q");
    assert!(m.modal.is_none() && !m.quit, "q closes the help first");
    press(&mut m, "q");
    assert!(m.quit);

    // A user rebinding shows up in the help and works.
    let mut config = Config::defaults().unwrap();
    config
        .apply(
            "[keys]\n\"ctrl-n\" = \"next_unique\"\n\"u\" = \"none\"\n",
            std::path::Path::new("user.toml"),
        )
        .unwrap();
    let mut m = Model::new(sample(), &config, &Options::default(), (120, 40));
    let before = m.cursor;
    press(&mut m, "u");
    assert_eq!(m.cursor, before, "u was unbound");
    press(&mut m, "ctrl-n");
    assert_ne!(m.cursor, before);
    press(&mut m, "?");
    let screen = text_of(&render_at(&m, 120, 40));
    assert!(screen.contains("ctrl-n"), "{screen}");
}

#[test]
fn cursor_moves_through_the_focused_column_and_tab_changes_column() {
    let mut m = model(120, 40);
    let first = m.cursor.unwrap();
    assert_eq!(m.focus, 0);
    press(&mut m, "j j");
    assert_eq!(m.cursor, Some(first + 2));
    press(&mut m, "k");
    assert_eq!(m.cursor, Some(first + 1));
    press(&mut m, "tab");
    assert_eq!(m.focus, 1);
    let second_source = m.data.comparison.story.sources[1].statements.clone();
    assert!(second_source.contains(&m.cursor.unwrap()));
    press(&mut m, "shift-tab");
    assert_eq!(m.focus, 0);
    press(&mut m, "G");
    assert_eq!(m.cursor, m.order[0].last().copied());
    assert!(m.scroll > 0, "the view follows the cursor to the end");
    press(&mut m, "g");
    assert_eq!(m.cursor, Some(first));
    assert_eq!(m.scroll, 0);
    press(&mut m, "ctrl-d");
    let down = m.cursor.unwrap();
    let order = m.order[0].clone();
    let index = |s| order.iter().position(|&x| x == s).unwrap();
    assert!(index(down) > 0);
    press(&mut m, "ctrl-u");
    assert!(index(m.cursor.unwrap()) < index(down));
    press(&mut m, "ctrl-u ctrl-u");
    assert_eq!(m.cursor, Some(first));
    // Past the focused column's last statement, pages still scroll.
    press(&mut m, "G");
    let last = m.cursor;
    for _ in 0..50 {
        press(&mut m, "pgdn");
    }
    assert_eq!(m.cursor, last);
    assert_eq!(m.scroll, m.max_scroll());
}

#[test]
fn search_counts_matches_and_cycles() {
    let mut m = model(120, 40);
    press(&mut m, "/");
    type_text(&mut m, "Kremlin");
    press(&mut m, "enter");
    let total = m.search.matches.len();
    assert!(total >= 2, "the sample mentions the Kremlin more than once");
    // The first match at or below the cursor.
    let start = m.search.current.unwrap();
    let status = m.status.clone().unwrap().text;
    assert!(
        status.contains(&format!("match {} of {total}", start + 1)),
        "{status}"
    );
    press(&mut m, "n");
    assert_eq!(m.search.current, Some((start + 1) % total));
    press(&mut m, "g n");
    assert_eq!(
        m.search.current,
        Some((start + 2) % total),
        "n follows the list, not the cursor"
    );
    for _ in 0..total {
        press(&mut m, "N");
    }
    assert_eq!(
        m.search.current,
        Some((start + 2) % total),
        "N wraps around"
    );
    press(&mut m, "N");
    let cursor = m.cursor.unwrap();
    assert!(m.data.texts[cursor].to_lowercase().contains("kremlin"));
    let screen = text_of(&render_at(&m, 120, 40));
    assert!(screen.contains(&format!("of {total}")), "{screen}");
}

#[test]
fn claims_enter_jumps_to_the_claim_in_the_compare_view() {
    let mut m = model(120, 40);
    press(&mut m, "2 j j j");
    assert_eq!(m.view, View::Claims);
    let claim = m.claims.order[m.claims.selected];
    let statements = m.data.claims[claim].statements.clone();
    press(&mut m, "enter");
    assert_eq!(m.view, View::Compare);
    assert!(statements.contains(&m.cursor.unwrap()));
}

/// A story with two sources where align's results are written by hand, so
/// the styles of highlights, unique claims and conflicts can be checked.
fn marked_comparison() -> Comparison {
    let story = ingest::build_story(vec![
        article(
            "alpha.txt",
            "Officials said 12 people died on Monday.\nThe mayor praised rescuers.\n",
        ),
        article(
            "beta.txt",
            "Officials said 15 people died on Tuesday.\nA storm is expected tonight.\n",
        ),
    ])
    .unwrap();
    let mut c = align::compare(story);
    let a0 = 0; // "Officials said 12 people died on Monday."
    let b0 = c.story.sources[1].statements.start;
    c.groups = vec![Group {
        id: 0,
        statements: vec![a0, b0],
        sources: vec![0, 1],
    }];
    c.statement_groups[a0] = vec![0];
    c.statement_groups[b0] = vec![0];
    for verdict in &mut c.uniqueness {
        if *verdict == align::Uniqueness::OnlyHere {
            *verdict = align::Uniqueness::Shared;
        }
    }
    c.uniqueness[1] = align::Uniqueness::OnlyHere; // "The mayor praised rescuers."
    c.uniqueness[b0 + 1] = align::Uniqueness::OnlyHere;
    // "12" conflicts; "Monday" differs substantively; "said" trivially.
    c.highlights[a0] = vec![
        Highlight {
            start: 10,
            end: 14,
            class: DiffClass::Trivial,
            conflict: false,
        },
        Highlight {
            start: 15,
            end: 17,
            class: DiffClass::Substantive,
            conflict: true,
        },
        Highlight {
            start: 33,
            end: 39,
            class: DiffClass::Substantive,
            conflict: false,
        },
    ];
    c.highlights[b0] = vec![Highlight {
        start: 15,
        end: 17,
        class: DiffClass::Substantive,
        conflict: true,
    }];
    c.conflicts = vec![Conflict {
        group: 0,
        statements: vec![a0, b0],
        kind: ConflictKind::Number,
        values: vec!["12".into(), "15".into()],
        spans: vec![[15, 17], [15, 17]],
    }];
    c
}

/// A cell's colours, with "unset" and "reset" the same: the terminal default.
fn fg(style: ratatui::style::Style) -> ratatui::style::Color {
    style.fg.unwrap_or(ratatui::style::Color::Reset)
}

fn bg(style: ratatui::style::Style) -> ratatui::style::Color {
    style.bg.unwrap_or(ratatui::style::Color::Reset)
}

#[test]
fn highlighted_words_unique_claims_and_conflicts_carry_their_styles() {
    for theme_name in [ThemeName::Dark, ThemeName::Light, ThemeName::Mono] {
        let m = model_with(marked_comparison(), theme_name, 100, 20);
        let theme = m.theme.clone();
        let buf = render_at(&m, 100, 20);
        let screen = text_of(&buf);
        let at = |word: &str| {
            let hits = find_all(&buf, word);
            assert!(!hits.is_empty(), "{word} not on screen:\n{screen}");
            hits[0]
        };
        let (x, y) = at("12");
        let style = buf[(x, y)].style();
        assert!(
            style.add_modifier.contains(Modifier::BOLD),
            "{theme_name:?} conflict bold"
        );
        assert_eq!(
            fg(style),
            fg(theme.conflict),
            "{theme_name:?} conflict colour"
        );
        assert!(style.add_modifier.contains(Modifier::UNDERLINED));
        // The second column, away from the cursor.
        let (x, y) = at("15");
        let style = buf[(x, y)].style();
        assert_eq!(fg(style), fg(theme.conflict));
        assert_eq!(bg(style), bg(theme.conflict));
        assert!(style.add_modifier.contains(Modifier::BOLD));
        // Its gutter shows the conflict marker.
        assert_eq!(buf[(x - 15 - 1, y)].symbol(), "!", "{screen}");
        let (x, y) = at("Monday");
        let style = buf[(x, y)].style();
        assert!(
            style.add_modifier.contains(Modifier::BOLD),
            "{theme_name:?} substantive"
        );
        assert_eq!(fg(style), fg(theme.substantive));
        let (x, y) = at("said");
        let style = buf[(x, y)].style();
        assert!(
            style.add_modifier.contains(Modifier::ITALIC)
                || style.add_modifier.contains(Modifier::DIM),
            "{theme_name:?} trivial is muted"
        );
        assert!(!style.add_modifier.contains(Modifier::BOLD));
        // Unhighlighted words stay plain.
        let (x, y) = find_all(&buf, "people")[1];
        assert!(!buf[(x, y)].style().add_modifier.contains(Modifier::BOLD));
        assert!(
            !buf[(x, y)]
                .style()
                .add_modifier
                .contains(Modifier::UNDERLINED)
        );
        // A unique claim: its own style and a gutter marker.
        let (x, y) = at("storm");
        assert_eq!(fg(buf[(x, y)].style()), fg(theme.unique));
        assert_eq!(buf[(x - 2 - 1, y)].symbol(), "+", "{screen}");
        if theme_name == ThemeName::Mono {
            assert!(buf[(x, y)].style().add_modifier.contains(Modifier::ITALIC));
            for cell in buf.content() {
                assert!(
                    matches!(cell.style().fg, None | Some(ratatui::style::Color::Reset))
                        && matches!(cell.style().bg, None | Some(ratatui::style::Color::Reset)),
                    "mono cell with colour: {cell:?}"
                );
            }
        }
    }
}

#[test]
fn the_cursor_and_its_matching_statements_are_marked() {
    let mut m = model_with(marked_comparison(), ThemeName::Mono, 100, 20);
    let buf = render_at(&m, 100, 20);
    let (x, y) = find_all(&buf, "Officials")[0];
    assert_eq!(buf[(x - 2, y)].symbol(), "▶");
    assert!(
        buf[(x + 1, y)]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    // The group mate in the other column.
    let (x2, y2) = find_all(&buf, "Officials")[1];
    assert_eq!(buf[(x2 - 2, y2)].symbol(), "•");
    press(&mut m, "j");
    let buf = render_at(&m, 100, 20);
    let (x, y) = find_all(&buf, "Officials")[1];
    assert_eq!(buf[(x - 2, y)].symbol(), " ");
}

#[test]
fn a_statement_sharing_a_fact_but_not_the_claim_is_marked_apart() {
    let mut c = marked_comparison();
    let mayor = 1; // "The mayor praised rescuers."
    let storm = c.story.sources[1].statements.start + 1; // "A storm is expected tonight."
    c.links.push(Link {
        a: mayor,
        b: storm,
        score: 0.25,
        relation: Relation::Partial,
        cosine: 0.2,
        containment: 0.25,
        grouped: false,
        contained: mayor,
    });
    let mut m = model_with(c, ThemeName::Mono, 100, 20);
    press(&mut m, "j");
    let buf = render_at(&m, 100, 20);
    let (x, y) = find(&buf, "storm").unwrap();
    assert_eq!(buf[(x - 4, y)].symbol(), "◦", "{}", text_of(&buf));
    assert!(
        text_of(&buf).contains("a fact also in beta"),
        "{}",
        text_of(&buf)
    );
    // Tab goes to it: it is the nearest thing the other source has, and
    // the mark now sits on the statement the cursor came from.
    press(&mut m, "tab");
    assert_eq!(m.cursor, Some(storm));
    let buf = render_at(&m, 100, 20);
    let (x, y) = find(&buf, "mayor").unwrap();
    assert_eq!(buf[(x - 6, y)].symbol(), "◦");
    // From a statement without such a link, it is gone.
    press(&mut m, "k");
    let buf = render_at(&m, 100, 20);
    let (x, y) = find(&buf, "mayor").unwrap();
    assert_eq!(buf[(x - 6, y)].symbol(), " ");
}

#[test]
fn next_difference_unique_and_conflict_move_the_cursor() {
    let mut m = model_with(marked_comparison(), ThemeName::Dark, 100, 20);
    press(&mut m, "G");
    press(&mut m, "D");
    assert_eq!(m.cursor, Some(0));
    press(&mut m, "u");
    assert_eq!(m.cursor, Some(1));
    press(&mut m, "C");
    assert_eq!(m.cursor, Some(0));
    let status = m.status.clone().unwrap().text;
    assert_eq!(
        status,
        "conflict on a number: \"12\" (alpha) vs \"15\" (beta)"
    );
    press(&mut m, "c");
    assert_eq!(m.cursor, Some(0), "no conflict below");
    assert!(
        m.status
            .as_ref()
            .unwrap()
            .text
            .contains("no conflict below")
    );
    press(&mut m, "2");
    let screen = text_of(&render_at(&m, 100, 20));
    assert!(screen.contains(" 2/2"), "{screen}");
    press(&mut m, "f f f");
    let screen = text_of(&render_at(&m, 100, 20));
    assert!(screen.contains("conflicts · 1 of"), "{screen}");
}

#[test]
fn hostile_article_text_never_reaches_the_terminal() {
    let hostile = "Title \x1b]0;pwned\x07 here.\nClear \x1b[2J now and copy \x1b]52;c;cHduZWQ=\x07 then \u{9b}31m red \u{202e}evil.\n";
    let story = ingest::build_story(vec![
        article("evil.txt", hostile),
        article("ok.txt", "Plain text.\n"),
    ])
    .unwrap();
    for (w, h) in [(120, 40), (60, 20)] {
        let mut m = model_with(align::compare(story.clone()), ThemeName::Dark, w, h);
        for keys in ["", "3", "2", "4", "?"] {
            press(&mut m, keys);
            let buf = render_at(&m, w, h);
            for cell in buf.content() {
                assert!(
                    !cell
                        .symbol()
                        .chars()
                        .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
                    "control character in cell {:?}",
                    cell.symbol()
                );
            }
            if keys.is_empty() {
                assert!(text_of(&buf).contains("pwned"), "the text stays readable");
            }
        }
    }
}

#[test]
fn wide_characters_and_combining_marks_wrap_inside_their_column() {
    let text = "東京で会議が開かれた。参加者は百人を超えた。\nCafe\u{301} owners 👍🏽 said the café reopened 🇺🇦 today with 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字.\n";
    let story = ingest::build_story(vec![
        article("wide.txt", text),
        article("b.txt", "Other words here.\n"),
    ])
    .unwrap();
    for width in [80u16, 100, 45, 31] {
        let m = model_with(align::compare(story.clone()), ThemeName::Dark, width, 30);
        let buf = render_at(&m, width, 30);
        let screen = text_of(&buf);
        assert!(screen.contains('漢'), "{screen}");
        // Nothing spills over the column separator.
        if !m.layout.stacked {
            let sep_x = m.layout.column_x(1) - 1;
            for y in 2..29 {
                let symbol = buf[(sep_x, y)].symbol();
                assert!(
                    symbol == "│",
                    "separator overwritten at {y}: {symbol:?}\n{screen}"
                );
            }
        }
    }
}

#[test]
fn narrow_terminals_stack_and_tiny_ones_say_so() {
    let m = model(60, 20);
    assert!(m.layout.stacked);
    let screen = text_of(&render_at(&m, 60, 20));
    assert!(!screen.contains('│'), "{screen}");
    let m = model(20, 5);
    let screen = text_of(&render_at(&m, 20, 5));
    assert!(screen.contains("too small"), "{screen}");
}

#[test]
fn every_size_from_1x1_to_300x100_draws_without_panic() {
    let comparison = sample();
    let widths: Vec<u16> = (1..=300)
        .step_by(11)
        .chain([2, 29, 30, 31, 79, 80, 81, 300])
        .collect();
    let heights: Vec<u16> = (1..=100).step_by(13).chain([2, 5, 6, 7, 100]).collect();
    // Each size draws the compare view at its end and one other view in turn,
    // so every view meets many sizes while the test stays quick.
    let others = ["2", "3", "4", "?", "/ x"];
    let mut turn = 0;
    for &w in &widths {
        for &h in &heights {
            let mut m = model_with(comparison.clone(), ThemeName::Dark, w, h);
            press(&mut m, "G");
            render_at(&m, w, h);
            press(&mut m, others[turn % others.len()]);
            render_at(&m, w, h);
            turn += 1;
        }
    }
    // The model's size and the frame's size may differ for a moment.
    let m = model_with(comparison, ThemeName::Dark, 200, 60);
    render_at(&m, 10, 3);
    render_at(&m, 300, 100);
}

/// A small deterministic generator, so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn many_sources() -> Comparison {
    let articles = (0..7)
        .map(|i| {
            let text: String = (0..12)
                .map(|p| {
                    format!(
                        "Source {i} paragraph {p} says the count was {} on day {p}. 東京 extra 👍 words {p}.\n",
                        i * p
                    )
                })
                .collect();
            article(&format!("s{i}.txt"), &text)
        })
        .collect();
    let mut c = align::compare(ingest::build_story(articles).unwrap());
    // Group each paragraph's first statement across sources, with marks.
    let per_source: Vec<Vec<usize>> = c
        .story
        .sources
        .iter()
        .map(|s| s.statements.clone().collect())
        .collect();
    for p in 0..12 {
        let statements: Vec<usize> = per_source
            .iter()
            .filter_map(|s| s.get(p * 2).copied())
            .collect();
        let id = c.groups.len();
        for &s in &statements {
            c.statement_groups[s].push(id);
            c.uniqueness[s] = align::Uniqueness::Shared;
            c.highlights[s].push(Highlight {
                start: 7,
                end: 8,
                class: DiffClass::Substantive,
                conflict: p % 3 == 0,
            });
        }
        if p % 3 == 0 {
            c.conflicts.push(Conflict {
                group: id,
                statements: statements.clone(),
                kind: ConflictKind::Number,
                spans: statements.iter().map(|_| [7, 8]).collect(),
                values: statements.iter().map(|_| "0".to_string()).collect(),
            });
        }
        c.groups.push(Group {
            id,
            sources: (0..statements.len()).collect(),
            statements,
        });
    }
    c
}

#[test]
fn thousands_of_random_keys_never_panic() {
    let keys = [
        "j",
        "k",
        "h",
        "l",
        "g",
        "G",
        "ctrl-d",
        "ctrl-u",
        "pgdn",
        "pgup",
        "tab",
        "shift-tab",
        "d",
        "D",
        "u",
        "U",
        "c",
        "C",
        "/",
        "n",
        "N",
        "?",
        "esc",
        "enter",
        "1",
        "2",
        "3",
        "4",
        "v",
        "f",
        "r",
        "x",
        "X",
        "<",
        ">",
        "m",
        "s",
        // Tagging (an in-memory store in tests); "E" is left out: an export
        // writes a file.
        "t",
        "T",
        "e",
        "-",
        "z",
        "y",
        "5",
        "2",
        "a",
        "é",
        "space",
        "backspace",
        "ctrl-z",
    ];
    let mut stories = vec![
        (7u64, sample()),
        (99, many_sources()),
        (1234, marked_comparison()),
    ];
    // A real five-outlet cluster too, when the shared corpus is on this machine
    // (the project's tests must not need it).
    let cluster = std::path::Path::new("/work/shared/corpus/newswcl50/event_1");
    if cluster.is_dir() {
        let files = vec![cluster.display().to_string()];
        if let Ok(story) = ingest::load(&files) {
            stories.push((4242, align::compare(story)));
        }
    }
    for (seed, comparison) in stories {
        let mut rng = Rng(seed);
        let (mut w, mut h) = (120u16, 40u16);
        let mut m = model_with(comparison, ThemeName::Dark, w, h);
        for step in 0..4000 {
            if rng.below(50) == 0 {
                w = 1 + rng.below(220) as u16;
                h = 1 + rng.below(70) as u16;
                handle_event(&mut m, &Event::Resize(w, h));
            }
            let key = keys[rng.below(keys.len())];
            handle_event(&mut m, &key_event(key));
            if step % 25 == 0 {
                render_at(&m, w, h);
            }
            if let Some(cursor) = m.cursor {
                assert_eq!(
                    m.data.source_of(cursor),
                    Some(m.focus),
                    "cursor stays in the focused source"
                );
            }
        }
    }
}

#[test]
fn columns_scroll_across_many_sources_and_the_reference_switches() {
    let mut m = model_with(many_sources(), ThemeName::Dark, 100, 30);
    assert_eq!(
        m.layout.columns.len(),
        3,
        "three 32-cell columns fit in 100"
    );
    assert_eq!(m.layout.columns[0], 0);
    // The cursor's claim is carried by all seven; four are off screen.
    let screen = text_of(&render_at(&m, 100, 30));
    assert!(screen.contains("also in 4 offscreen sources"), "{screen}");
    // Down the story, then across to a column that was off screen: the
    // cursor stays near that row (on the claim's match), not back at the top.
    press(&mut m, "j j j j j j");
    let row = m.layout.positions[m.cursor.unwrap()].unwrap().row;
    press(&mut m, "tab tab tab tab");
    assert_eq!(m.focus, 4);
    let there = m.layout.positions[m.cursor.unwrap()].unwrap().row;
    assert!(there.abs_diff(row) <= 2, "row {row} became {there}");
    assert_ne!(m.cursor, m.order[4].first().copied());
    assert!(
        m.layout.columns.contains(&4),
        "the focused column scrolls into view"
    );
    assert_eq!(m.layout.columns[0], 0, "the reference stays first");
    press(&mut m, "r");
    assert_eq!(m.reference, 4);
    assert_eq!(m.layout.columns[0], 4);
    press(&mut m, "tab x");
    assert_eq!(m.shown.iter().filter(|s| !**s).count(), 1);
    assert!(m.shown[m.focus], "focus moved off the hidden column");
    press(&mut m, "X");
    assert!(m.shown.iter().all(|s| *s));
    let screen = text_of(&render_at(&m, 100, 30));
    assert!(screen.contains('▶'), "{screen}");
}

#[test]
fn mouse_is_off_by_default_and_toggles() {
    use crossread::tui::action::Effect;
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut m = model(120, 40);
    assert!(!m.mouse);
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // The first statement of the second column, where the screen shows it.
    let target = m.order[1][0];
    let line = m.layout.positions[target].unwrap().line - m.scroll;
    let y = 2 + line as u16;
    handle_event(&mut m, &click(70, y));
    assert_eq!(m.focus, 0, "clicks are ignored while the mouse is off");
    let effects = handle_event(&mut m, &key_event("m"));
    assert_eq!(effects, vec![Effect::SetMouseCapture(true)]);
    handle_event(&mut m, &click(70, y));
    assert_eq!(m.focus, 1, "a click selects the statement under it");
    assert_eq!(m.cursor, Some(target));
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row: 10,
        modifiers: KeyModifiers::NONE,
    });
    handle_event(&mut m, &wheel);
    assert_eq!(m.scroll, 3);
}

#[test]
fn the_source_picker_hides_shows_and_sets_the_reference() {
    let mut m = model_with(many_sources(), ThemeName::Dark, 120, 40);
    press(&mut m, "s");
    assert!(matches!(
        m.modal,
        Some(crossread::tui::model::Modal::Sources { .. })
    ));
    let screen = text_of(&render_at(&m, 120, 40));
    assert!(
        screen.contains("[x]") && screen.contains("reference"),
        "{screen}"
    );
    assert!(
        screen.contains("enter show/hide"),
        "hints come from the keymap:\n{screen}"
    );
    press(&mut m, "enter");
    assert!(m.shown[0], "the reference cannot be hidden");
    press(&mut m, "j enter");
    assert!(!m.shown[1]);
    assert!(!m.layout.columns.contains(&1));
    press(&mut m, "j j r");
    assert_eq!(m.reference, 3);
    assert_eq!(m.layout.columns[0], 3);
    press(&mut m, "X");
    assert!(m.shown.iter().all(|s| *s));
    press(&mut m, "esc");
    assert!(m.modal.is_none());
    assert_eq!(m.focus, 3);
}

#[test]
fn badges_appear_under_their_statement_and_make_room() {
    let mut m = model(120, 40);
    let statement = m.cursor.unwrap();
    let before = m.layout.total_lines;
    m.set_badges(statement, vec!["verify".into(), "key\x1b[2Jfact".into()]);
    assert_eq!(m.layout.total_lines, before + 1, "one line for the badges");
    let buf = render_at(&m, 120, 40);
    let screen = text_of(&buf);
    let (x, y) = find_all(&buf, "verify")[0];
    assert!(screen.contains("⚑"), "{screen}");
    assert!(buf[(x, y)].style().bg.is_some());
    let pos = m.layout.positions[statement].unwrap();
    assert_eq!(usize::from(y) - 2 + m.scroll, pos.line + pos.height);
    assert!(!screen.contains('\x1b'));
    m.set_badges(statement, Vec::new());
    assert_eq!(m.layout.total_lines, before);
}

/// `marked_comparison` with the mayor's statement judged "maybe elsewhere":
/// beta's storm sentence is its nearest, short of sharing a fact.
fn maybe_comparison() -> Comparison {
    let mut c = marked_comparison();
    let mayor = 1;
    let storm = c.story.sources[1].statements.start + 1;
    c.uniqueness[mayor] = align::Uniqueness::MaybeElsewhere;
    c.nearest[mayor] = vec![align::Nearest {
        source: 1,
        statement: storm,
        score: c.options.unique_threshold + 0.01,
    }];
    c
}

#[test]
fn a_claim_maybe_elsewhere_has_its_own_mark_in_every_view() {
    for theme_name in [ThemeName::Dark, ThemeName::Light, ThemeName::Mono] {
        let mut m = model_with(maybe_comparison(), theme_name, 100, 20);
        let buf = render_at(&m, 100, 20);
        let (x, y) = find(&buf, "The mayor").unwrap();
        assert_eq!(buf[(x - 1, y)].symbol(), "?", "{}", text_of(&buf));
        // The other source's unique claim keeps its `+`.
        let (x, y) = find(&buf, "A storm").unwrap();
        assert_eq!(buf[(x - 1, y)].symbol(), "+", "{}", text_of(&buf));
        // The claims view lists it with `?`, and the source with a candidate.
        press(&mut m, "2");
        let screen = text_of(&render_at(&m, 100, 20));
        let row = screen
            .lines()
            .find(|l| l.contains("mayor"))
            .unwrap_or_else(|| panic!("{screen}"));
        assert!(row.trim_start().starts_with('?'), "{row}");
        assert_eq!(
            row.matches('?').count(),
            2,
            "the mark and beta's cell: {row}"
        );
        // Its filter finds it alone.
        press(&mut m, "f f");
        let screen = text_of(&render_at(&m, 100, 20));
        assert!(
            screen.contains("mayor") && !screen.contains("storm"),
            "{screen}"
        );
    }
}

#[test]
fn w_shows_each_other_sources_nearest_statement_and_enter_jumps_there() {
    let mut m = model_with(maybe_comparison(), ThemeName::Dark, 100, 24);
    press(&mut m, "j");
    assert_eq!(m.cursor, Some(1));
    press(&mut m, "w");
    let Some(Modal::Nearest(view)) = &m.modal else {
        panic!("no overlay: {:?}", m.modal);
    };
    assert_eq!(view.statement, 1);
    let storm = view.entries[0].statement;
    let screen = text_of(&render_at(&m, 100, 24));
    assert!(screen.contains("nearest in other sources"), "{screen}");
    assert!(screen.contains("maybe elsewhere"), "{screen}");
    assert!(screen.contains("A storm is expected tonight."), "{screen}");
    assert!(
        screen.contains(&format!(
            "{:.2}",
            m.data.comparison.options.unique_threshold + 0.01
        )),
        "{screen}"
    );
    // The words the claim lacks are marked as differences.
    let buf = render_at(&m, 100, 24);
    let (x, y) = find(&buf, "storm is").unwrap();
    assert_eq!(buf[(x, y)].style().fg, m.theme.substantive.fg, "{screen}");
    press(&mut m, "enter");
    assert!(m.modal.is_none());
    assert_eq!(m.cursor, Some(storm));
    // Esc closes without moving.
    press(&mut m, "w esc");
    assert!(m.modal.is_none());
    assert_eq!(m.cursor, Some(storm));
}

#[test]
fn the_nearest_overlay_on_the_sample_at_every_size() {
    for (width, height) in SIZES {
        let mut m = model(width, height);
        press(&mut m, "j j w");
        let screen = text_of(&render_at(&m, width, height));
        insta::assert_snapshot!(format!("nearest_{width}x{height}"), screen);
        press(&mut m, "j k j j enter");
        assert!(m.modal.is_none());
    }
    // A 1x1 terminal and random sizes: nothing panics with it open.
    let mut m = model(80, 24);
    press(&mut m, "j w");
    for (w, h) in [(1, 1), (10, 3), (25, 8), (300, 100)] {
        let _ = render_at(&m, w, h);
    }
}
