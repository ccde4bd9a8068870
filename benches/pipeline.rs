fn main() {
    divan::main();
}

#[divan::bench]
fn sample_story() -> crossread::model::Story {
    crossread::ingest::sample_story()
}
