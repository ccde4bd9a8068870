//! Calibration of the similarity on MSRP sentence pairs (Dolan & Brockett
//! 2005). Reads `../shared/corpus/msrp` at run time and is ignored by default:
//! `cargo test --test align_msrp -- --ignored --nocapture`.

use crossread::align::similarity::{Item, StoryIndex};
use crossread::align::{Options, group};

fn msrp_pairs() -> Option<Vec<(bool, String, String)>> {
    let dir = ["../shared/corpus/msrp", "/work/shared/corpus/msrp"]
        .into_iter()
        .find(|d| std::path::Path::new(d).is_dir())?;
    let mut pairs = Vec::new();
    for file in ["msr_paraphrase_train.txt", "msr_paraphrase_test.txt"] {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).ok()?;
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() == 5 {
                pairs.push((cols[0] == "1", cols[3].to_string(), cols[4].to_string()));
            }
        }
    }
    Some(pairs)
}

#[test]
#[ignore = "needs ../shared/corpus/msrp; prints calibration figures"]
fn msrp_calibration() {
    let Some(pairs) = msrp_pairs() else {
        eprintln!("msrp corpus absent: skipped");
        return;
    };
    let items: Vec<Item> = pairs
        .iter()
        .flat_map(|(_, a, b)| {
            [
                Item {
                    text: a,
                    source: 0,
                    is_claim: true,
                },
                Item {
                    text: b,
                    source: 1,
                    is_claim: true,
                },
            ]
        })
        .collect();
    let index = StoryIndex::build(&items);
    let scored: Vec<(bool, f32, f32)> = pairs
        .iter()
        .enumerate()
        .map(|(i, (label, _, _))| {
            let p = index.score(2 * i, 2 * i + 1);
            (*label, p.score, p.cosine)
        })
        .collect();
    let positives = scored.iter().filter(|s| s.0).count() as f32;
    let defaults = Options::default();
    println!(
        "{} pairs, {} paraphrases; defaults {defaults:?}",
        scored.len(),
        positives
    );
    for t in [0.15f32, 0.2, 0.22, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6] {
        let above: Vec<&(bool, f32, f32)> = scored.iter().filter(|s| s.1 >= t).collect();
        let tp = above.iter().filter(|s| s.0).count() as f32;
        let cos_tp = scored.iter().filter(|s| s.0 && s.2 >= t).count() as f32;
        println!(
            "score >= {t:.2}: recall of paraphrases {:.3}, precision {:.3}; cosine alone recall {:.3}",
            tp / positives,
            tp / above.len().max(1) as f32,
            cos_tp / positives
        );
    }
    let _ = group::MAX_LINKS_PER_STATEMENT;
}
