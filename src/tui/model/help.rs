//! The help overlay's lines, generated from the keymap so they show the keys
//! that work. The view draws them; `update` scrolls within them.

use crate::tui::keymap::Keymap;
use crate::tui::theme::marker;

/// The help text, one entry per bound command, grouped by section.
pub fn help_lines(keymap: &Keymap) -> Vec<(Option<String>, String, String)> {
    let mut sections: Vec<&str> = Vec::new();
    for info in &keymap.commands {
        if !sections.contains(&info.section.as_str()) {
            sections.push(&info.section);
        }
    }
    let mut out = Vec::new();
    for section in sections {
        out.push((Some(section.to_string()), String::new(), String::new()));
        for info in keymap.commands.iter().filter(|c| c.section == section) {
            let keys = keymap.keys_for(info.command);
            if keys.is_empty() {
                continue;
            }
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            out.push((None, keys.join(", "), info.desc.clone()));
        }
    }
    // What the gutter and the styles mean: not keys, but read with them.
    out.push((Some("marks".to_string()), String::new(), String::new()));
    let marks = [
        (marker::CURSOR.to_string(), "the statement under the cursor"),
        (
            marker::MATE.to_string(),
            "a statement matching the cursor's, in another source",
        ),
        (
            marker::KIN.to_string(),
            "a statement sharing a fact with the cursor's, without the same claim",
        ),
        (
            marker::UNIQUE.to_string(),
            "only here: no other source comes close to this claim",
        ),
        (
            marker::MAYBE.to_string(),
            "maybe elsewhere: another source has a candidate that falls short (w shows it)",
        ),
        (
            marker::CONFLICT.to_string(),
            "a conflict: a number, date or name that matching statements contradict",
        ),
        (
            marker::DIFFERS.to_string(),
            "words that other sources' matching statements lack",
        ),
        (
            "↑ ↓".to_string(),
            "a paragraph the reference tells elsewhere",
        ),
        (
            "●◐?·".to_string(),
            "claims view: source carries the claim fully, in part, maybe, not at all",
        ),
    ];
    for (mark, meaning) in marks {
        out.push((None, mark, meaning.to_string()));
    }
    out
}
