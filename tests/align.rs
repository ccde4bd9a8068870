//! Alignment as a user sees it: on the bundled sample story and on synthetic
//! stories written here (no shared corpus needed).

use crossread::align::{Comparison, ConflictKind, Coverage, DiffClass, Relation, compare};
use crossread::ingest::{RawArticle, build_story, sample_articles};
use crossread::model::Story;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

fn story(articles: &[(&str, String)]) -> Story {
    let raw = articles
        .iter()
        .map(|(name, text)| RawArticle {
            origin: format!("{name}.txt"),
            path: None,
            // A headline first, as articles have: ingest takes the first
            // short line for the title, which is not a claim.
            bytes: format!("Headline of {name}\n\n{text}").into_bytes(),
        })
        .collect();
    build_story(raw).expect("synthetic articles are valid")
}

fn statement_of(c: &Comparison, source: usize, needle: &str) -> usize {
    c.story
        .source_statements(source)
        .iter()
        .find(|s| s.text.contains(needle))
        .map(|s| s.id)
        .unwrap_or_else(|| panic!("no statement of source {source} holds {needle:?}"))
}

fn grouped_together(c: &Comparison, a: usize, b: usize) -> bool {
    c.statement_groups[a]
        .iter()
        .any(|g| c.statement_groups[b].contains(g))
}

fn sample() -> Comparison {
    compare(build_story(sample_articles()).expect("sample is valid"))
}

#[test]
fn sample_story_groups_shared_claims_across_spelling_variants() {
    let c = sample();
    let a = statement_of(&c, 0, "Kremlin spokesman Dmitry Peskov");
    let b = statement_of(&c, 1, "Kremlin spokesman Dmitry Peskov");
    assert!(grouped_together(&c, a, b));
    // "20 percent" against "20 per cent": same claim, the difference trivial.
    let a = statement_of(&c, 0, "roughly 20 percent of Donetsk");
    let b = statement_of(&c, 1, "roughly 20 per cent of Donetsk");
    assert!(grouped_together(&c, a, b));
    assert!(
        c.highlights[a]
            .iter()
            .all(|h| h.class == DiffClass::Trivial || !text_of(&c, a, h).contains("percent"))
    );
    assert!(!c.is_unique(a) && !c.is_unique(b));
}

fn text_of(c: &Comparison, s: usize, h: &crossread::align::Highlight) -> String {
    c.story.statements[s]
        .text
        .chars()
        .skip(h.start)
        .take(h.end - h.start)
        .collect()
}

#[test]
fn sample_story_flags_claims_only_one_outlet_makes() {
    let c = sample();
    let fierce = statement_of(&c, 1, "Fierce fighting is still raging");
    assert!(c.is_unique(fierce));
    assert!(c.statement_groups[fierce].is_empty());
    let kadyrov = statement_of(&c, 1, "Ramzan Kadyrov");
    assert!(c.is_unique(kadyrov));
    let unique_in_b: Vec<usize> = c.unique_claims(1).collect();
    assert!(unique_in_b.contains(&fierce));
}

#[test]
fn a_long_sentence_carrying_two_claims_joins_two_groups() {
    let c = sample();
    let long = statement_of(&c, 1, "Zelenskiy rejected a similar invitation last year");
    let short = statement_of(&c, 0, "Zelenskyy last year rejected a similar invitation");
    let other = statement_of(&c, 0, "could not to go to the capital");
    assert!(grouped_together(&c, long, short));
    assert!(grouped_together(&c, long, other));
    assert!(c.statement_groups[long].len() >= 2);
}

#[test]
fn highlights_and_conflict_spans_stay_inside_their_statements() {
    let c = sample();
    for s in &c.story.statements {
        let len = s.text.chars().count();
        for h in &c.highlights[s.id] {
            assert!(h.start < h.end && h.end <= len, "{h:?} in {:?}", s.text);
        }
    }
    for (l, ops) in c.links.iter().zip(&c.link_diffs) {
        let (la, lb) = (
            c.story.statements[l.a].text.chars().count(),
            c.story.statements[l.b].text.chars().count(),
        );
        for op in ops {
            assert!(op.a.end <= la && op.b.end <= lb);
        }
    }
}

#[test]
fn coverage_and_partner_lookups_agree_with_groups() {
    let c = sample();
    for g in &c.groups {
        for &s in &g.sources {
            assert_ne!(c.coverage[g.id][s], Coverage::Absent);
        }
        for &s in &g.statements {
            let source = c.story.statements[s].source;
            for &m in &g.statements {
                let other = c.story.statements[m].source;
                if other != source
                    && let Some(p) = c.best_partner(s, other)
                {
                    assert_eq!(c.story.statements[p.statement].source, other);
                }
            }
        }
    }
    let a = statement_of(&c, 0, "He suggested at the time that Putin come to Kyiv");
    let partner = c.best_partner(a, 1).expect("a partner in source 1");
    assert_eq!(partner.relation, Relation::Same);
    assert!(
        c.story.statements[partner.statement]
            .text
            .contains("Putin come to Kyiv")
    );
    assert!(c.word_diff(a, partner.statement).is_some());
}

#[test]
fn a_claim_one_outlet_repeats_is_still_one_claim_for_the_other() {
    let filler = |n: usize| {
        (0..n)
            .map(|i| format!("Filler line {i} mentions weather number {} only.", i * 7))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let c = compare(story(&[
        (
            "short",
            format!(
                "He will hold bilateral talks with the Prime Minister during his visit.\n\n{}",
                filler(3)
            ),
        ),
        (
            "repeats",
            format!(
                "President Trump will travel to Britain in July, where he will hold bilateral \
                 talks with the Prime Minister during his visit, and then fly to Scotland for golf.\n\n\
                 He will hold bilateral talks with the Prime Minister during his visit, Downing \
                 Street said.\n\n{}",
                filler(2)
            ),
        ),
    ]));
    let short = statement_of(&c, 0, "He will hold bilateral talks");
    let echo = statement_of(&c, 1, "Downing Street said");
    assert!(grouped_together(&c, short, echo));
    // The long statement repeats the claim: no second group for the same
    // short statement (the claims view would list the claim twice).
    assert_eq!(c.statement_groups[short].len(), 1, "{:?}", c.groups);
}

#[test]
fn aligned_statements_that_disagree_on_a_figure_or_a_day_conflict() {
    let s = story(&[
        (
            "one",
            "Russia controls roughly 20 percent of the Donetsk region, officials said.\n\n\
             The Kremlin said on Thursday that the talks in Abu Dhabi would resume next week.\n\n\
             Fierce fighting continued near Pokrovsk overnight.\n"
                .to_string(),
        ),
        (
            "two",
            "The Kremlin said on Wednesday that the talks in Abu Dhabi would resume next week.\n\n\
             Russia controls roughly 25 per cent of the Donetsk region, officials said.\n\n\
             A new bridge opened in Lisbon to traffic.\n"
                .to_string(),
        ),
    ]);
    let c = compare(s);
    let kinds: BTreeSet<String> = c
        .conflicts
        .iter()
        .map(|k| format!("{:?}:{}", k.kind, k.values.join("/")))
        .collect();
    assert!(kinds.contains("Number:20 percent/25 per cent"), "{kinds:?}");
    assert!(kinds.contains("Date:Thursday/Wednesday"), "{kinds:?}");
    for conflict in &c.conflicts {
        for &s in &conflict.statements {
            assert!(c.highlights[s].iter().any(|h| h.conflict));
        }
    }
    let bridge = statement_of(&c, 1, "bridge opened in Lisbon");
    assert!(c.is_unique(bridge));
    assert!(!c.conflicts.iter().any(|k| k.kind == ConflictKind::Name));
}

#[test]
fn rows_hold_every_paragraph_once_for_every_reference() {
    let c = sample();
    for reference in 0..c.story.sources.len() {
        let rows = c.rows(reference);
        for (source, src) in c.story.sources.iter().enumerate() {
            let mut seen: Vec<usize> = rows
                .iter()
                .flat_map(|r| r.cells[source].iter().copied())
                .collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..src.blocks.len()).collect::<Vec<_>>());
        }
        // The reference reads top to bottom in its own order.
        let order: Vec<usize> = rows
            .iter()
            .flat_map(|r| r.cells[reference].iter().copied())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]));
    }
}

#[test]
fn a_paragraph_told_elsewhere_is_marked_moved() {
    let s = story(&[
        (
            "first",
            "The central bank raised interest rates by half a point on Tuesday.\n\n\
             Inflation reached its highest level in four decades last month.\n\n\
             Shares in London fell sharply after the announcement.\n"
                .to_string(),
        ),
        (
            "second",
            "Shares in London fell sharply after the central bank announcement.\n\n\
             The central bank raised interest rates by half a point on Tuesday.\n\n\
             Inflation reached its highest level in four decades last month.\n"
                .to_string(),
        ),
    ]);
    let c = compare(s);
    let rows = c.rows(0);
    let moved: Vec<Option<usize>> = rows
        .iter()
        .flat_map(|r| r.moved[1].iter().copied())
        .collect();
    assert_eq!(moved.iter().filter(|m| m.is_some()).count(), 1, "{rows:?}");
    // Matched paragraphs in order share the reference's rows.
    let row_of = |source: usize, paragraph: usize| {
        rows.iter()
            .position(|r| r.cells[source].contains(&paragraph))
            .expect("placed")
    };
    assert_eq!(row_of(0, 1), row_of(1, 2));
    assert_eq!(row_of(0, 2), row_of(1, 3));
}

#[test]
fn one_source_is_all_unique_and_two_identical_files_share_everything() {
    let text = "The mayor opened the new library on Monday.\n\n\
                It holds forty thousand books and a cafe.\n\n\
                Critics said the building cost too much.\n"
        .to_string();
    let alone = compare(story(&[("only", text.clone())]));
    assert!(alone.groups.is_empty());
    assert!(
        alone
            .story
            .statements
            .iter()
            .all(|s| alone.is_unique(s.id) == s.kind.is_prose())
    );
    let twins = compare(story(&[("a", text.clone()), ("b", text)]));
    assert!((0..twins.uniqueness.len()).all(|s| !twins.is_unique(s)));
    let prose = twins
        .story
        .statements
        .iter()
        .filter(|s| s.kind.is_prose())
        .count();
    assert_eq!(twins.groups.len(), prose / 2);
    assert!(twins.groups.iter().all(|g| g.sources == vec![0, 1]));
    assert!(twins.highlights.iter().all(Vec::is_empty));
}

#[test]
fn a_one_sentence_article_against_a_hundred_paragraphs() {
    let long: String = (0..100)
        .map(|i| {
            format!(
                "Paragraph {i} reports that the council of district {i} approved budget line {} after a debate.\n\n",
                i * 7
            )
        })
        .collect();
    let s = story(&[
        (
            "short",
            "The council of district 42 approved budget line 294 after a debate.\n".to_string(),
        ),
        ("long", long),
    ]);
    let start = Instant::now();
    let c = compare(s);
    assert!(start.elapsed() < Duration::from_secs(5));
    let short = statement_of(&c, 0, "district 42");
    assert!(!c.is_unique(short));
    let partner = c.best_partner(short, 1).expect("found in the long article");
    assert!(
        c.story.statements[partner.statement]
            .text
            .contains("district 42 ")
    );
}

#[test]
fn five_hundred_tiny_sources_finish_quickly() {
    let claims = [
        "The dam burst after three days of heavy rain.",
        "Rescue teams evacuated two villages downstream.",
        "The regional governor declared an emergency.",
        "Engineers had warned about cracks last year.",
    ];
    let articles: Vec<(String, String)> = (0..500)
        .map(|i| {
            (
                format!("s{i}"),
                format!("{}\n\n{}\n", claims[i % 4], claims[(i + 1) % 4]),
            )
        })
        .collect();
    let refs: Vec<(&str, String)> = articles
        .iter()
        .map(|(n, t)| (n.as_str(), t.clone()))
        .collect();
    let start = Instant::now();
    let c = compare(story(&refs));
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert!(!c.groups.is_empty());
    for g in &c.groups {
        let sources: BTreeSet<usize> = g
            .statements
            .iter()
            .map(|&s| c.story.statements[s].source)
            .collect();
        assert_eq!(
            sources.len(),
            g.statements.len(),
            "one statement per source in a group"
        );
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Claims with a paraphrase each; sources tell a random subset in a random order.
    const CLAIMS: [(&str, &str); 8] = [
        (
            "The minister resigned on Friday after the audit was published.",
            "After the audit came out, the minister stepped down on Friday.",
        ),
        (
            "Police arrested 14 protesters outside the parliament building.",
            "Fourteen protesters were arrested by police outside parliament.",
        ),
        (
            "The company reported a loss of 3 billion dollars for the quarter.",
            "A quarterly loss of 3 billion dollars was reported by the company.",
        ),
        (
            "Heavy snow closed the mountain pass for the second day.",
            "The mountain pass stayed closed by heavy snow for a second day.",
        ),
        (
            "The court postponed the hearing until March.",
            "The hearing was postponed by the court until March.",
        ),
        (
            "Doctors at the city hospital went on strike over pay.",
            "City hospital doctors walked out in a dispute over pay.",
        ),
        (
            "The orchestra cancelled its autumn tour of Japan.",
            "A planned autumn tour of Japan by the orchestra was cancelled.",
        ),
        (
            "Farmers blocked the motorway with tractors to protest fuel prices.",
            "Tractors driven by farmers blocked the motorway in a protest over fuel prices.",
        ),
    ];

    fn article() -> impl Strategy<Value = String> {
        proptest::collection::vec((0..CLAIMS.len(), any::<bool>()), 1..6).prop_map(|picks| {
            let mut seen = BTreeSet::new();
            picks
                .into_iter()
                .filter(|(i, _)| seen.insert(*i))
                .map(|(i, para)| {
                    let (a, b) = CLAIMS[i];
                    format!("{}\n\n", if para { b } else { a })
                })
                .collect()
        })
    }

    fn as_refs(v: &[(String, String)]) -> Vec<(&str, String)> {
        v.iter().map(|(n, t)| (n.as_str(), t.clone())).collect()
    }

    /// Groups as sets of (source text, statement text): free of ids and order.
    fn canonical(c: &Comparison) -> BTreeSet<BTreeSet<(String, String)>> {
        c.groups
            .iter()
            .map(|g| {
                g.statements
                    .iter()
                    .map(|&s| {
                        let st = &c.story.statements[s];
                        (c.story.sources[st.source].text.clone(), st.text.clone())
                    })
                    .collect()
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn groups_do_not_depend_on_file_order(
            texts in proptest::collection::vec(article(), 2..6),
            seed in any::<u64>(),
        ) {
            let named: Vec<(String, String)> =
                texts.iter().enumerate().map(|(i, t)| (format!("f{i}"), t.clone())).collect();
            let mut shuffled = named.clone();
            // A deterministic shuffle from the seed.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let one = compare(story(&as_refs(&named)));
            let two = compare(story(&as_refs(&shuffled)));
            prop_assert_eq!(canonical(&one), canonical(&two));
        }

        #[test]
        fn groups_hold_one_statement_per_source_but_repeats_and_extra_groups_need_long_statements(
            texts in proptest::collection::vec(article(), 2..6),
        ) {
            let named: Vec<(&str, String)> = texts.iter().map(|t| ("x", t.clone())).collect();
            let c = compare(story(&named));
            for g in &c.groups {
                let sources: BTreeSet<usize> =
                    g.statements.iter().map(|&s| c.story.statements[s].source).collect();
                if sources.len() == g.statements.len() {
                    continue;
                }
                // A source twice in a claim: it told the claim twice, and
                // each of its statements has a strong link into the group.
                for &s in &g.statements {
                    let source = c.story.statements[s].source;
                    if g.statements.iter().filter(|&&m| c.story.statements[m].source == source).count() < 2 {
                        continue;
                    }
                    let linked = c.partners(s).any(|p| {
                        g.statements.contains(&p.statement)
                            && p.score >= c.options.group_threshold
                    });
                    prop_assert!(linked, "statement {} repeats a claim without a strong link", s);
                }
            }
            for (s, groups) in c.statement_groups.iter().enumerate() {
                if groups.len() < 2 {
                    continue;
                }
                // In every group but its first, the statement is the longer
                // side of a partial link: it carries that claim besides another.
                let contains_someone = groups.iter().filter(|&&g| {
                    c.groups[g].statements.iter().any(|&m| {
                        c.partners(s).any(|p| {
                            p.statement == m && c.links[p.link].contained == m
                        })
                    })
                }).count();
                prop_assert!(contains_someone + 1 >= groups.len());
            }
            for s in 0..c.uniqueness.len() {
                if c.is_unique(s) {
                    prop_assert!(c.statement_groups[s].is_empty());
                }
            }
        }
    }
}

#[test]
fn every_claim_gets_a_verdict_and_its_nearest_statement_per_source() {
    use crossread::align::Uniqueness;
    let c = sample();
    for s in &c.story.statements {
        let verdict = c.uniqueness[s.id];
        if !s.kind.is_prose() {
            assert_eq!(verdict, Uniqueness::NotAClaim);
            assert!(c.nearest[s.id].is_empty());
            continue;
        }
        // Two sources: one nearest, in the other one, scored in [0, 1].
        let nearest = &c.nearest[s.id];
        assert_eq!(nearest.len(), 1, "{}", s.text);
        assert_ne!(nearest[0].source, s.source);
        assert_eq!(
            c.story.statements[nearest[0].statement].source,
            nearest[0].source
        );
        assert!((0.0..=1.0).contains(&nearest[0].score));
        let grouped = !c.statement_groups[s.id].is_empty();
        match verdict {
            Uniqueness::Shared => {}
            Uniqueness::MaybeElsewhere => {
                assert!(!grouped);
                assert!(nearest[0].score >= c.options.unique_threshold);
                assert!(nearest[0].score < c.options.partial_threshold);
            }
            Uniqueness::OnlyHere => {
                assert!(!grouped);
                assert!(nearest[0].score < c.options.unique_threshold);
            }
            Uniqueness::NotAClaim => panic!("a claim judged not a claim: {}", s.text),
        }
    }
}

#[test]
fn odd_statements_get_a_verdict_and_finite_scores_quickly() {
    use crossread::align::Uniqueness;
    let long_sentence = format!(
        "The committee {} finally voted.",
        "discussed the budget and the schedule and the weather ".repeat(600)
    );
    let texts = [
        ("words", "Zxqv brrk plmf qwrtz vbnm.\n\nYes.\n\nThe council approved the new budget on Monday.".to_string()),
        ("scripts", "Совет утвердил новый бюджет в понедельник.\n\n議会は月曜日に新しい予算を承認した。\n\n🙂🙂🙂 🎉.".to_string()),
        ("long", long_sentence),
        ("plain", "The council approved the new budget on Monday.\n\nThe mayor was absent.".to_string()),
    ];
    let started = Instant::now();
    let c = compare(story(
        &texts
            .iter()
            .map(|(n, t)| (*n, t.clone()))
            .collect::<Vec<_>>(),
    ));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    for s in &c.story.statements {
        if !s.kind.is_prose() {
            continue;
        }
        assert_ne!(c.uniqueness[s.id], Uniqueness::NotAClaim, "{}", s.text);
        for n in &c.nearest[s.id] {
            assert!(
                n.score.is_finite() && (0.0..=1.0).contains(&n.score),
                "{n:?}"
            );
        }
    }
    for l in &c.links {
        assert!(l.score.is_finite() && l.cosine.is_finite(), "{l:?}");
    }
    // The two statements of the budget vote find each other.
    let a = statement_of(&c, 0, "approved the new budget");
    let b = statement_of(&c, 3, "approved the new budget");
    assert!(grouped_together(&c, a, b));
    let json = crossread::report::json(&c);
    assert!(!json.contains("NaN") && !json.contains("null,\n      \"nearest\""));
}
