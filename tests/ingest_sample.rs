//! The bundled sample story, cleaned: the checklist of the hand-labelled gold
//! (junk, mojibake, rejoined sentences), written out here.

use crossread::ingest::sample_story;
use crossread::model::{BlockKind, Story};

fn source_texts(story: &Story, source: usize) -> Vec<&str> {
    story
        .source_statements(source)
        .iter()
        .map(|s| s.text.as_str())
        .collect()
}

#[test]
fn no_junk_or_mojibake_left_in_any_statement() {
    let story = sample_story();
    let junk = [
        "/images/ppid_",
        "READ MORE:",
        "Listen to This Article",
        "Also Read",
        "More From This Section",
        "Don't miss the most important news",
        "Get them on our Telegram channel",
        "Topics : Russia Ukraine Conflict",
        "First Published",
        ".webp",
    ];
    for statement in &story.statements {
        for needle in junk {
            assert!(
                !statement.text.contains(needle),
                "junk {needle:?} left in {:?}",
                statement.text
            );
        }
        for mojibake in ["â€", " â ", "â", "Â", "\u{fffd}"] {
            assert!(
                !statement.text.contains(mojibake),
                "mojibake {mojibake:?} left in {:?}",
                statement.text
            );
        }
    }
}

#[test]
fn removals_are_reported_with_rule_and_line() {
    let story = sample_story();
    let rules = |source: usize| -> Vec<(Option<usize>, &str)> {
        story.sources[source]
            .removed
            .iter()
            .map(|r| (r.line, r.rule.as_str()))
            .collect()
    };
    assert_eq!(
        rules(0),
        [
            (Some(5), "join-broken-line"),
            (Some(7), "read-more"),
            (Some(23), "image-path"),
            (Some(29), "image-path"),
        ]
    );
    let b = rules(1);
    for expected in [
        (Some(4), "listen-prompt"),
        (Some(5), "mojibake-remnant"),
        (Some(10), "read-more"),
        (Some(13), "mojibake-remnant"),
        (Some(16), "mojibake-remnant"),
        (Some(16), "join-broken-line"),
        (Some(23), "more-from-section"),
        (Some(24), "topics"),
        (Some(25), "newsletter-promo"),
        (Some(26), "first-published"),
    ] {
        assert!(b.contains(&expected), "{expected:?} missing from {b:?}");
    }
}

#[test]
fn broken_sentences_are_joined() {
    let story = sample_story();
    let a = source_texts(&story, 0);
    assert!(a.contains(&"However, he rejected the invitation saying he could not to go to the capital of a nation that was firing missiles at his country every day."));
    let b = source_texts(&story, 1);
    assert!(b.contains(&"US Secretary of State Marco Rubio on Wednesday described the two sides' disagreement over who gets what territory as the one central issue which was \"very difficult\" to resolve."));
    assert!(b.contains(&"Zelenskiy rejected a similar invitation last year, saying he could not to go to the capital of a nation that was firing missiles at his country every day."));
}

#[test]
fn every_sentence_is_a_statement_with_the_right_boundaries() {
    let story = sample_story();
    let a = source_texts(&story, 0);
    let expected_a = [
        "Russia on Thursday said that it has sent an invitation for Ukrainian President Volodymyr Zelenskyy to come to Moscow for peace talks.",
        "The development came as the US-led efforts intensified to reach a deal to end the nearly four-year war in Ukraine.",
        "The Kremlin’s statement came hours after it declined to comment on rumours that Moscow and Kyiv have agreed to stop striking each other’s energy infrastructure.",
        "Kremlin spokesman Dmitry Peskov, cited by the Interfax news agency, said on Thursday that Moscow had not yet received a response to its invitation for Zelenskyy to come to Moscow.",
        "Notably, Zelenskyy last year rejected a similar invitation.",
        "However, he rejected the invitation saying he could not to go to the capital of a nation that was firing missiles at his country every day.",
        "He suggested at the time that Putin come to Kyiv instead.",
        "Last weekend, Washington-mediated peace talks in Abu Dhabi renewed efforts to clinch a peace deal, but differences persisted between the Russian and Ukrainian negotiating stances.",
        "US-Mediated Abu Dhabi Talks",
        "While the talks gained momentum, an unnamed US official on Saturday said that Zelenskyy and Russian President Vladimir Putin were “very close” to setting up a meeting after the US mediated the talks.",
        "Meanwhile, a new round of Abu Dhabi talks between Russia and Ukraine is scheduled for Sunday.",
        "In view of the talks, US President Donald Trump – who is pushing for a deal to end the conflict – said on Tuesday that “very good things” were happening in the process.",
        "However, several disagreements are still acting as the roadblock in the peace talks, including who gets what territory in any deal, the potential presence of international peacekeepers or monitors in post-war Ukraine, and the fate of the Russian-controlled Zaporizhzhia nuclear power plant.",
        "US Secretary of State Marco Rubio on Wednesday described the two sides’ disagreement over who gets what territory as the one central issue, which was “very difficult” to resolve.",
        "Russia wants Ukrainian forces to withdraw from the roughly 20 percent of Donetsk region which the Russian army does not control.",
        "Kyiv has said it does not want to gift Moscow territory, which Russia has not won on the battlefield and which could serve as a platform in future for Russian forces to push deeper into Ukraine.",
        "Trump Says Putin Agreed To Not Attack Kyiv For A Week",
        "US President Donald Trump on Thursday said that Russian President Vladimir Putin has agreed to halt attacks on Kyiv and other Ukrainian cities for a week, after Moscow’s strikes left buildings without heating in freezing temperatures.",
        "“They’ve never experienced cold like that.",
        "And I personally asked President Putin not to fire into Kyiv and the various towns for a week.",
        "And he agreed to do that, and I have to tell you, it was very nice,” Trump said at a Cabinet meeting, citing “extraordinary cold” in the region.",
    ];
    assert_eq!(a, expected_a);

    let b = source_texts(&story, 1);
    let expected_b_sentences = [
        "Russia invites Zelenskiy to Moscow as US-led push for Ukraine peace grows",
        "The Kremlin said Russia has renewed its invitation to Ukraine's President Zelenskiy for talks in Moscow as US-mediated efforts to end the war gain momentum",
        "The Kremlin said on Thursday that Russia had reiterated its invitation for Ukrainian President Volodymyr Zelenskiy to come to Moscow for peace talks, as US-led efforts to reach a deal to end the nearly four-year war in Ukraine intensify.",
        "Washington-mediated peace talks in Abu Dhabi last weekend have injected some new momentum into efforts to clinch a peace deal, but profound differences persist between the Russian and Ukrainian negotiating stances.",
        "Fierce fighting is still raging, while Kyiv battles debilitating power outages caused by recent missile strikes.",
        "Zelenskiy rejected a similar invitation last year, saying he could not to go to the capital of a nation that was firing missiles at his country every day.",
        "He suggested at the time that Putin come to Kyiv instead.",
        "Any meeting between Putin and Zelenskiy would need to be well prepared and results-oriented, Kremlin foreign policy aide Yuri Ushakov said on Wednesday.",
        "He said Zelenskiy's safety would be guaranteed if he came to Moscow.",
        "Ushakov, the Kremlin aide, said on Thursday he didn't regard the land issue as the only key one left on the table.",
        "\"I believe the war must be taken to its conclusion,\" told reporters at the Kremlin.",
        "\"I am against negotiations.\"",
    ];
    for sentence in expected_b_sentences {
        assert!(b.contains(&sentence), "missing statement {sentence:?}");
    }
    assert_eq!(b.len(), 24);
    assert_eq!(b.last(), Some(&"\"I am against negotiations.\""));
}

#[test]
fn structure_and_metadata() {
    let story = sample_story();
    let a = &story.sources[0];
    let b = &story.sources[1];
    assert_eq!(a.title, None, "the first sample file starts with body text");
    assert_eq!(
        b.title.as_deref(),
        Some("Russia invites Zelenskiy to Moscow as US-led push for Ukraine peace grows")
    );
    assert_eq!(b.date.as_deref(), Some("Jan 29 2026 | 11:14 PM IST"));
    assert_eq!(story.title, b.title.clone().unwrap());
    let kinds_b: Vec<BlockKind> = b.blocks.iter().take(4).map(|k| k.kind).collect();
    assert_eq!(
        kinds_b,
        [
            BlockKind::Title,
            BlockKind::Standfirst,
            BlockKind::Caption,
            BlockKind::Paragraph
        ]
    );
    let subheadings: Vec<&str> = a
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Subheading)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        subheadings,
        [
            "US-Mediated Abu Dhabi Talks",
            "Trump Says Putin Agreed To Not Attack Kyiv For A Week"
        ]
    );
    for statement in &story.statements {
        let block = &story.sources[statement.source].blocks[statement.paragraph];
        assert_eq!(statement.kind, block.kind);
    }
    assert_eq!(a.name, "000_d3dc8e5c70a61056");
    assert_eq!(a.origin, "sample/000_d3dc8e5c70a61056.txt");
    assert_eq!(a.content_hash.len(), 64);
    assert_ne!(a.content_hash, b.content_hash);
}

#[test]
fn offsets_ids_and_ranges_are_consistent() {
    let story = sample_story();
    let mut next_id = 0;
    for source in &story.sources {
        let chars: Vec<char> = source.text.chars().collect();
        assert_eq!(source.statements.start, next_id);
        for (index, block) in source.blocks.iter().enumerate() {
            let slice: String = chars[block.start..block.end].iter().collect();
            assert_eq!(slice, block.text);
            for id in block.statements.clone() {
                assert_eq!(story.statements[id].paragraph, index);
            }
        }
        for statement in story.source_statements(source.id) {
            assert_eq!(statement.id, next_id);
            assert_eq!(statement.source, source.id);
            let slice: String = chars[statement.start..statement.end].iter().collect();
            assert_eq!(slice, statement.text);
            next_id += 1;
        }
        assert_eq!(source.statements.end, next_id);
    }
    assert_eq!(next_id, story.statements.len());
}
