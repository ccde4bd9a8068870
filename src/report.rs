//! Headless output of a comparison: JSON, text and Markdown.

use crate::align::Comparison;

/// The comparison as JSON for scripts.
pub fn json(comparison: &Comparison) -> String {
    serde_json::to_string_pretty(comparison).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
