//! Tags and notes on statements: the durable store, anchoring, and export.
