//! Diagnostics against the hand-labelled gold clusters: which gold links the
//! aligner misses (with the pair's score), which links it makes that gold
//! does not have, and which statements it wrongly calls unique. Reads
//! `../shared` at run time and is ignored by default:
//! `GOLD=tests/gold/x.json cargo test --test align_gold -- --ignored --nocapture`.

use crossread::align::similarity::StoryIndex;
use std::collections::{BTreeSet, HashSet};

fn norm(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = s
        .nfkc()
        .filter_map(|c| match c {
            '\u{2018}' | '\u{2019}' => Some('\''),
            '\u{201c}' | '\u{201d}' => Some('"'),
            '\u{2013}' | '\u{2014}' => Some('-'),
            '\u{a0}' => Some(' '),
            '\u{200b}' | '\u{2060}' | '\u{e2}' | '\u{20ac}' => None,
            c => Some(c),
        })
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn shared_root() -> Option<&'static str> {
    ["../shared", "/work/shared"]
        .into_iter()
        .find(|d| std::path::Path::new(d).join("corpus").is_dir())
}

#[test]
#[ignore = "needs ../shared; prints diagnostics for one gold cluster (GOLD=path)"]
fn gold_diagnostics() {
    let (Some(root), Ok(gold_path)) = (shared_root(), std::env::var("GOLD")) else {
        eprintln!("set GOLD and provide ../shared: skipped");
        return;
    };
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gold_path).unwrap_or_default())
            .unwrap_or_default();
    let story_name = gold["story"].as_str().unwrap_or_default();
    let cluster = if story_name.starts_with("seeds/") {
        format!("{root}/corpus/seeds")
    } else {
        format!("{root}/corpus/{story_name}")
    };
    let keys: Vec<(String, String)> = gold["sources"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect();
    let files: Vec<String> = keys.iter().map(|(_, f)| format!("{cluster}/{f}")).collect();
    let Ok(story) = crossread::ingest::load(&files) else {
        panic!("cannot load {cluster}");
    };
    let comparison = crossread::align::compare(story);
    let story = &comparison.story;
    let texts: Vec<String> = story.statements.iter().map(|s| norm(&s.text)).collect();
    let source_of = |key: &str| keys.iter().position(|(k, _)| k == key);
    let find = |key: &str, snippet: &str| -> Vec<usize> {
        let Some(source) = source_of(key) else {
            return Vec::new();
        };
        let n = norm(snippet);
        let hits: Vec<usize> = story
            .statements
            .iter()
            .filter(|s| s.source == source && texts[s.id].contains(&n))
            .map(|s| s.id)
            .collect();
        hits
    };
    let items = crossread::align::statement_items(story);
    let index = StoryIndex::build(&items);
    let grouped: HashSet<(usize, usize)> = comparison
        .groups
        .iter()
        .flat_map(|g| {
            g.statements.iter().flat_map(move |&a| {
                g.statements
                    .iter()
                    .filter(move |&&b| a < b)
                    .map(move |&b| (a, b))
            })
        })
        .collect();
    let mut gold_links = HashSet::new();
    let mut gold_same = HashSet::new();
    let mut labelled = BTreeSet::new();
    println!("== missed gold links");
    for p in gold["pairs"].as_array().into_iter().flatten() {
        let (ka, sa, kb, sb, kind) = (
            p[0].as_str().unwrap_or_default(),
            p[1].as_str().unwrap_or_default(),
            p[2].as_str().unwrap_or_default(),
            p[3].as_str().unwrap_or_default(),
            p[4].as_str().unwrap_or_default(),
        );
        let (a, b) = (find(ka, sa), find(kb, sb));
        labelled.extend(a.iter().chain(&b).copied());
        let mut hit = false;
        for &x in &a {
            for &y in &b {
                gold_links.insert((x.min(y), x.max(y)));
                if kind == "same" {
                    gold_same.insert((x.min(y), x.max(y)));
                }
                hit |= grouped.contains(&(x.min(y), x.max(y)));
            }
        }
        if !hit && let (Some(&x), Some(&y)) = (a.first(), b.first()) {
            let s = index.score(x, y);
            println!(
                "{kind:7} score {:.2} cos {:.2} cont {:.2} shared {}\n   {ka}: {}\n   {kb}: {}",
                s.score,
                s.cosine,
                s.containment,
                s.shared_words,
                story.statements[x].text,
                story.statements[y].text
            );
        }
    }
    for u in gold["unique"].as_array().into_iter().flatten() {
        labelled.extend(find(
            u[0].as_str().unwrap_or_default(),
            u[1].as_str().unwrap_or_default(),
        ));
    }
    if let Ok(dump) = std::env::var("DUMP") {
        // Every cross-source pair of labelled statements with its parts, for
        // fitting thresholds offline.
        use std::io::Write;
        let mut out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dump)
            .expect("dump file");
        let lab: Vec<usize> = labelled.iter().copied().collect();
        for (i, &a) in lab.iter().enumerate() {
            for &b in &lab[i + 1..] {
                if story.statements[a].source == story.statements[b].source {
                    continue;
                }
                let s = index.score(a, b);
                let p = index.explain(a, b);
                let _ = writeln!(
                    out,
                    "{story_name}\t{a}\t{b}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    u8::from(gold_links.contains(&(a, b))) + u8::from(gold_same.contains(&(a, b))),
                    s.score,
                    s.cosine,
                    s.containment,
                    p.mass_a,
                    p.mass_b,
                    p.word_mass,
                    p.bigram_mass,
                    p.words,
                    p.bigrams,
                    p.words_a,
                    p.words_b,
                    u8::from(grouped.contains(&(a, b))),
                    story.statements[a].source,
                    story.statements[b].source
                );
            }
        }
    }
    if let Ok(dump) = std::env::var("DUMP_TOKENS") {
        use std::io::Write;
        let mut out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dump)
            .expect("dump file");
        for s in &story.statements {
            let toks: Vec<String> = index.tokens[s.id]
                .iter()
                .map(|t| format!("{}/{:?}", t.key, t.kind))
                .collect();
            let _ = writeln!(
                out,
                "{story_name}\t{}\t{}\t{}\t{}\t{}",
                s.id,
                s.source,
                u8::from(labelled.contains(&s.id)),
                u8::from(s.kind.is_prose()),
                toks.join(" ")
            );
        }
    }
    println!("== links not in gold (both labelled)");
    for &(a, b) in &grouped {
        if story.statements[a].source != story.statements[b].source
            && labelled.contains(&a)
            && labelled.contains(&b)
            && !gold_links.contains(&(a, b))
        {
            let s = index.score(a, b);
            println!(
                "score {:.2} cos {:.2} cont {:.2}\n   {}\n   {}",
                s.score,
                s.cosine,
                s.containment,
                story.statements[a].text,
                story.statements[b].text
            );
        }
    }
    println!("== called unique, gold says linked");
    for &s in &labelled {
        if comparison.is_unique(s) {
            let in_gold_link = gold_links.iter().any(|&(a, b)| a == s || b == s);
            if in_gold_link {
                println!("   {}", story.statements[s].text);
            }
        }
    }
}
