//! Build-time check of the assets the binary embeds: the static embedding
//! table and its vocabulary (assets/embed/, rebuilt by assets/embed/rebuild.py).
//! A missing or damaged asset fails the build with a message naming it,
//! instead of a binary that aligns with garbage.

use sha2::{Digest, Sha256};
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/embed");
    let sums_path = dir.join("SHA256SUMS");
    println!("cargo:rerun-if-changed={}", sums_path.display());
    let sums = std::fs::read_to_string(&sums_path).unwrap_or_else(|e| {
        fail(&format!(
            "{}: {e} (rebuild with assets/embed/rebuild.py)",
            sums_path.display()
        ))
    });
    let mut checked = 0;
    for line in sums.lines().filter(|l| !l.trim().is_empty()) {
        let Some((want, name)) = line.split_once("  ") else {
            fail(&format!("{}: malformed line {line:?}", sums_path.display()));
        };
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            fail(&format!(
                "{}: {e} (rebuild with assets/embed/rebuild.py; a Git LFS pointer is not the file)",
                path.display()
            ))
        });
        let got = format!("{:x}", Sha256::digest(&bytes));
        if got != want {
            fail(&format!(
                "{}: damaged (sha256 {got}, expected {want}); restore it or rebuild with assets/embed/rebuild.py",
                path.display()
            ));
        }
        checked += 1;
    }
    if checked < 2 {
        fail(&format!(
            "{}: lists {checked} files, expected the table and the vocabulary",
            sums_path.display()
        ));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: crossread asset check: {message}");
    panic!("crossread asset check: {message}");
}
