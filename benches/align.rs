//! Alignment speed: the sample story, a NewsWCL50 event and a 200-source
//! story built at run time from `../shared/corpus` (skipped with a message
//! when it is absent), and synthetic stories of 50 to 400 sources that need
//! no corpus, to check that cost grows close to linearly.
//!
//! `cargo bench --bench align`

use crossread::align::compare;
use crossread::ingest::{RawArticle, build_story, sample_articles};
use crossread::model::Story;
use divan::Bencher;
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

fn corpus() -> Option<PathBuf> {
    ["../shared/corpus", "/work/shared/corpus"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_dir())
}

fn raw(origin: String, bytes: Vec<u8>) -> RawArticle {
    RawArticle {
        origin,
        path: None,
        bytes,
    }
}

fn read_cluster(dir: &Path) -> Vec<RawArticle> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter(|p| !p.to_string_lossy().ends_with(".sents.tsv"))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            Some(raw(p.to_string_lossy().into_owned(), bytes))
        })
        .collect()
}

/// Articles of about `words` words each, `count` of them, cut and pasted
/// from every NewsWCL50 and BASIL article (short ones are topped up with
/// paragraphs of the next articles).
pub fn corpus_story_articles(root: &Path, count: usize, words: usize) -> Vec<RawArticle> {
    let mut paragraphs: Vec<String> = Vec::new();
    for group in ["newswcl50", "basil"] {
        let mut clusters: Vec<PathBuf> = std::fs::read_dir(root.join(group))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        clusters.sort();
        for cluster in clusters {
            for article in read_cluster(&cluster) {
                let text = String::from_utf8_lossy(&article.bytes).into_owned();
                paragraphs.extend(
                    text.split("\n\n")
                        .map(str::trim)
                        .filter(|p| p.split_whitespace().count() > 8)
                        .map(str::to_string),
                );
            }
        }
    }
    if paragraphs.is_empty() {
        return Vec::new();
    }
    let mut next = 0;
    (0..count)
        .map(|i| {
            let mut text = format!("Article number {i}\n\n");
            let mut n = 0;
            while n < words {
                let p = &paragraphs[next % paragraphs.len()];
                next += 1;
                n += p.split_whitespace().count();
                text.push_str(p);
                text.push_str("\n\n");
            }
            raw(format!("corpus-{i}.txt"), text.into_bytes())
        })
        .collect()
}

/// A story with `sources` outlets of `paragraphs` paragraphs each, from a
/// fixed pool of claims told in shifting words and orders.
fn synthetic_story(sources: usize, paragraphs: usize) -> Story {
    const SUBJECTS: [&str; 12] = [
        "The minister",
        "Police officers",
        "The city council",
        "Local farmers",
        "The central bank",
        "Hospital doctors",
        "The opposition leader",
        "Border guards",
        "The energy company",
        "Teachers in the capital",
        "The football club",
        "Rescue teams",
    ];
    const VERBS: [&str; 8] = [
        "announced",
        "rejected",
        "delayed",
        "approved",
        "criticised",
        "welcomed",
        "investigated",
        "cancelled",
    ];
    const OBJECTS: [&str; 10] = [
        "the new budget plan",
        "a rise in fuel prices",
        "the bridge repairs",
        "an inquiry into the flooding",
        "the hospital merger",
        "a strike over pay",
        "the railway timetable",
        "the tax reform",
        "an emergency fund of 40 million",
        "the election date",
    ];
    let articles = (0..sources)
        .map(|s| {
            let mut text = format!("Report {s}\n\n");
            for p in 0..paragraphs {
                let claim = (p * 7 + s * 3) % (SUBJECTS.len() * VERBS.len());
                let (subject, verb) = (SUBJECTS[claim % 12], VERBS[claim / 12 % 8]);
                let object = OBJECTS[(claim + p) % 10];
                let day = ["Monday", "Tuesday", "Friday"][(s + p) % 3];
                text.push_str(&format!(
                    "{subject} {verb} {object} on {day}, according to report {s}. Officials said talks continue.\n\n"
                ));
            }
            raw(format!("synthetic-{s}.txt"), text.into_bytes())
        })
        .collect();
    build_story(articles).expect("synthetic articles are valid")
}

#[divan::bench]
fn sample(bencher: Bencher) {
    let story = build_story(sample_articles()).expect("sample");
    bencher.with_inputs(|| story.clone()).bench_values(compare);
}

#[divan::bench]
fn newswcl50_event_0(bencher: Bencher) {
    let Some(root) = corpus() else {
        eprintln!("../shared/corpus absent: newswcl50 bench skipped");
        return;
    };
    let Ok(story) = build_story(read_cluster(&root.join("newswcl50/event_0"))) else {
        eprintln!("newswcl50/event_0 unreadable: skipped");
        return;
    };
    bencher.with_inputs(|| story.clone()).bench_values(compare);
}

#[divan::bench(sample_count = 10)]
fn corpus_200_sources(bencher: Bencher) {
    let Some(root) = corpus() else {
        eprintln!("../shared/corpus absent: 200-source bench skipped");
        return;
    };
    let Ok(story) = build_story(corpus_story_articles(&root, 200, 800)) else {
        eprintln!("cannot build the 200-source story: skipped");
        return;
    };
    bencher.with_inputs(|| story.clone()).bench_values(compare);
}

#[divan::bench(args = [50, 100, 200, 400], sample_count = 10)]
fn synthetic_sources(bencher: Bencher, sources: usize) {
    let story = synthetic_story(sources, 20);
    bencher.with_inputs(|| story.clone()).bench_values(compare);
}
