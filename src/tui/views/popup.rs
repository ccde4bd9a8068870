//! Boxes drawn over the views: help, the source picker and the tagging
//! overlays all clear their rectangle and frame it the same way.

use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// A `width` x `height` rectangle centred across `area`, one line below its
/// top. `width` must not exceed `area.width`.
pub(super) fn below_top(area: Rect, width: u16, height: u16) -> Rect {
    Rect::new(area.x + (area.width - width) / 2, area.y + 1, width, height)
}

/// Clear `rect` and frame it as an overlay with `title` in the top border.
/// Returns the inside of the frame.
pub(super) fn boxed(buf: &mut Buffer, rect: Rect, title: &str, theme: &Theme) -> Rect {
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border)
        .style(theme.overlay)
        .title(title.to_string());
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}
