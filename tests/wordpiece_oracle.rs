//! crossread tokenizes statements for the embedding table itself (fast, no
//! allocation per character); the `tokenizers` crate, configured as the
//! distilled model's tokenizer.json says, is the reference. Both must give
//! the same token ids.

use crossread::align::embed;
use proptest::prelude::*;
use tokenizers::Tokenizer;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::bert::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;

fn reference() -> Tokenizer {
    let vocab: ahash::AHashMap<String, u32> = include_str!("../assets/embed/vocab.txt")
        .split_terminator('\n')
        .enumerate()
        .map(|(i, t)| (t.to_string(), i as u32))
        .collect();
    let model = WordPiece::builder()
        .vocab(vocab)
        .unk_token("[UNK]".into())
        .continuing_subword_prefix("##".into())
        .max_input_chars_per_word(100)
        .build()
        .expect("wordpiece");
    let mut tokenizer = Tokenizer::new(model);
    tokenizer
        .with_normalizer(Some(BertNormalizer::new(true, true, None, true)))
        .expect("normalizer");
    tokenizer.with_pre_tokenizer(Some(BertPreTokenizer));
    tokenizer
}

fn check(reference: &Tokenizer, text: &str) -> Result<(), String> {
    let want = reference
        .encode_fast(text, false)
        .map_err(|e| e.to_string())?
        .get_ids()
        .to_vec();
    let got = embed::vocab()
        .expect("vocabulary")
        .tokenize(text, usize::MAX);
    if got == want {
        Ok(())
    } else {
        Err(format!("{text:?}: crossread {got:?}, tokenizers {want:?}"))
    }
}

#[test]
fn same_ids_as_the_reference_on_the_sample_story() {
    let reference = reference();
    let story = crossread::ingest::sample_story();
    for s in &story.statements {
        check(&reference, &s.text).unwrap();
    }
    for text in [
        "İstanbul, Zürich, Ærø and São Paulo: CAFÉ crème à la carte",
        "ﬁnance ½ ① ＡＢＣ ß ς Σ ﬀ",
        "东京 and 北京, 한국어 텍스트, カタカナ",
        "emoji 👍🏽 and \u{200b}zero\u{2060}width\u{feff}",
        "tab\tnew\nline\r\u{85}next \u{a0}nbsp\u{3000}ideographic",
        "control \u{7}\u{1b}[31mred\u{1b}[0m and \u{fffd} replacement",
        "hyphen-ated, co-operate; \"quotes\" ‘curly’ «guillemets» — dash…",
        "supercalifragilisticexpialidocioussupercalifragilisticexpialidocioussupercalifragilisticexpialidocious!",
        "$1,234.56 is 20% of 6,172.8 (approx.) on 2024-01-31T12:00Z",
        "",
    ] {
        check(&reference, text).unwrap();
    }
}

fn shared_corpus() -> Option<std::path::PathBuf> {
    ["../shared/corpus", "/work/shared/corpus"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.is_dir())
}

#[test]
fn same_ids_as_the_reference_on_the_corpus() {
    let Some(root) = shared_corpus() else {
        eprintln!("no ../shared/corpus: skipped");
        return;
    };
    let reference = reference();
    let mut checked = 0;
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    check(&reference, line).unwrap();
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} lines");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn same_ids_as_the_reference_on_random_text(
        text in proptest::collection::vec(prop_oneof![
            "[a-zA-Z]{1,12}",
            "[ \t\n\r]{1,3}",
            "[.,;:!?'\"()\\[\\]{}<>@#$%^&*_+=/\\\\|~`-]",
            "[0-9]{1,6}",
            "[àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœšžÀÉÎÕÜŒŠŽİıßſ]{1,4}",
            "[\u{0300}-\u{036f}]",
            "[\u{4e00}-\u{4e80}\u{3040}-\u{30ff}\u{ac00}-\u{ac80}]{1,3}",
            "[\u{0400}-\u{04ff}\u{0370}-\u{03ff}\u{0590}-\u{05ff}\u{0600}-\u{06ff}]{1,6}",
            "[\u{2000}-\u{206f}\u{fe00}-\u{fe0f}\u{feff}\u{fffd}\u{0}-\u{1f}\u{7f}-\u{9f}]",
            "[\u{1f300}-\u{1f6ff}\u{1f900}-\u{1f9ff}]",
            "[\u{ff01}-\u{ff5e}\u{fb00}-\u{fb06}\u{2160}-\u{217f}\u{2460}-\u{24ff}]",
        ], 0..24)
    ) {
        let text: String = text.concat();
        let reference = reference();
        prop_assert!(check(&reference, &text).is_ok(), "{}", check(&reference, &text).unwrap_err());
    }
}
