//! `crossread inspect` on the bundled sample story, as a reviewed snapshot:
//! any change to cleaning, structure or segmentation shows up here.

#[test]
fn inspect_report_of_the_sample_story() {
    let story = crossread::ingest::sample_story();
    insta::assert_snapshot!(crossread::ingest::inspect::report(&story));
}

#[test]
fn html_saved_as_txt_is_read_as_a_page() {
    let page = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/page_with_menus.html"
    ))
    .expect("fixture exists");
    let story = crossread::ingest::build_story(vec![crossread::ingest::RawArticle {
        origin: "saved-page.txt".into(),
        path: None,
        bytes: page,
    }])
    .expect("the page loads");
    let source = &story.sources[0];
    assert_eq!(source.name, "The Coastal Ledger");
    assert!(!source.text.contains("<p>"));
    assert!(!source.text.contains("Privacy policy"));
}
