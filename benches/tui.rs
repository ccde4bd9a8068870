//! Drawing cost of the reader. The figure to hold: one compare frame at
//! 200x60 with 10 sources of about 2,000 words in at most 5 ms (median).

use crossread::align::{self, Comparison};
use crossread::ingest::{self, RawArticle};
use crossread::tui::config::Config;
use crossread::tui::model::{Model, Options};
use crossread::tui::update::update;
use crossread::tui::views::draw;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

const WORDS: &[&str] = &[
    "officials",
    "said",
    "the",
    "talks",
    "in",
    "Moscow",
    "would",
    "resume",
    "on",
    "Monday",
    "after",
    "a",
    "week",
    "of",
    "strikes",
    "against",
    "energy",
    "sites",
    "and",
    "cities",
    "president",
    "minister",
    "ceasefire",
    "deal",
    "between",
    "Kyiv",
    "Washington",
    "envoy",
    "reported",
    "that",
    "nearly",
    "percent",
    "territory",
    "region",
    "forces",
    "withdraw",
    "agreed",
    "declined",
    "comment",
    "rumours",
    "invitation",
    "meeting",
    "safety",
    "guaranteed",
];

/// Ten articles of about 2,000 words that share most sentences with small
/// changes, so alignment finds groups, differences and unique claims.
fn synthetic_story() -> Comparison {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let base: Vec<Vec<&str>> = (0..110)
        .map(|_| {
            let len = 12 + (next() % 14) as usize;
            (0..len)
                .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
                .collect()
        })
        .collect();
    let articles = (0..10)
        .map(|source| {
            let mut text = String::new();
            for (i, sentence) in base.iter().enumerate() {
                if next() % 10 == 0 {
                    continue; // this source leaves the claim out
                }
                let mut words = sentence.clone();
                if next() % 3 == 0 {
                    let at = (next() % words.len() as u64) as usize;
                    words[at] = WORDS[(next() % WORDS.len() as u64) as usize];
                }
                let mut s = words.join(" ");
                if let Some(first) = s.get(0..1) {
                    s = first.to_uppercase() + &s[1..];
                }
                text.push_str(&s);
                text.push_str(if i % 4 == 3 { ".\n\n" } else { ". " });
            }
            text.push_str(&format!(
                "Only source {source} adds this closing remark about the envoy.\n"
            ));
            RawArticle {
                origin: format!("synthetic/{source}.txt"),
                path: None,
                bytes: text.into_bytes(),
            }
        })
        .collect();
    align::compare(ingest::build_story(articles).expect("synthetic story"))
}

fn model(comparison: Comparison, width: u16, height: u16) -> Model {
    let config = Config::defaults().expect("built-in config");
    Model::new(comparison, &config, &Options::default(), (width, height))
}

#[divan::bench(sample_count = 200)]
fn compare_frame_200x60_10_sources(bencher: divan::Bencher) {
    let mut m = model(synthetic_story(), 200, 60);
    // Somewhere in the middle, with a cursor that has mates.
    for _ in 0..40 {
        update(&mut m, crossread::tui::action::Command::CursorDown.into());
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    bencher.bench_local(|| {
        terminal.draw(|frame| draw(frame, &m)).expect("draw");
    });
}

#[divan::bench(sample_count = 50)]
fn sample_story_model_and_first_frame_120x40(bencher: divan::Bencher) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    bencher.bench_local(|| {
        let m = model(align::compare(ingest::sample_story()), 120, 40);
        terminal.draw(|frame| draw(frame, &m)).expect("draw");
    });
}

#[divan::bench(sample_count = 20)]
fn relayout_on_resize_10_sources(bencher: divan::Bencher) {
    let mut m = model(synthetic_story(), 200, 60);
    let mut wide = false;
    bencher.bench_local(|| {
        wide = !wide;
        let width = if wide { 201 } else { 200 };
        update(
            &mut m,
            crossread::tui::action::Action::Resize { width, height: 60 },
        );
    });
}
