//! Where everything goes on screen. Computed in `update` when the size, the
//! view or the columns change, never while drawing, so scrolling and mouse
//! clicks use the same geometry the frame shows.

use super::data::ViewData;
use super::text::wrap;
use crate::align::Row;
use crate::model::{SourceId, StatementId};
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::ops::Range;

/// Short labels shown under statements (tags), by statement.
pub type Badges = HashMap<StatementId, Vec<String>>;

/// Below this, only a "terminal too small" message is drawn.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 6;
/// Below this width the compare view stacks sources instead of columns.
pub const STACK_BELOW: u16 = 80;
/// The narrowest column, gutter included.
pub const MIN_COLUMN: u16 = 32;
/// Gutter cells before each column's text: cursor mark, kind mark.
pub const GUTTER: u16 = 2;
pub const HEADER_LINES: u16 = 2;
pub const FOOTER_LINES: u16 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    pub body: Rect,
    pub footer: Rect,
}

/// Split the terminal, or None when it is too small to be useful.
pub fn screen(width: u16, height: u16) -> Option<Screen> {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let body_height = height - HEADER_LINES - FOOTER_LINES;
    Some(Screen {
        header: Rect::new(0, 0, width, HEADER_LINES),
        body: Rect::new(0, HEADER_LINES, width, body_height),
        footer: Rect::new(0, height - FOOTER_LINES, width, FOOTER_LINES),
    })
}

/// How many side-by-side columns fit in a body this wide.
pub fn columns_fit(width: u16) -> usize {
    usize::from(((width + 1) / (MIN_COLUMN + 1)).max(1))
}

/// The paragraphs of one source shown in one row.
#[derive(Debug, Clone)]
pub struct CellSpec {
    pub source: SourceId,
    pub paragraphs: Vec<usize>,
    pub moved: Vec<Option<usize>>,
}

/// Rows of the compare view from align's rows.
pub fn rows_from_align(rows: &[Row], sources: usize) -> Vec<Vec<CellSpec>> {
    rows.iter()
        .map(|row| {
            (0..sources)
                .map(|s| CellSpec {
                    source: s,
                    paragraphs: row.cells.get(s).cloned().unwrap_or_default(),
                    moved: row.moved.get(s).cloned().unwrap_or_default(),
                })
                .collect()
        })
        .collect()
}

/// Rows of the reader view: one per paragraph of one source.
pub fn rows_for_reader(data: &ViewData, source: SourceId) -> Vec<Vec<CellSpec>> {
    let blocks = data
        .comparison
        .story
        .sources
        .get(source)
        .map_or(0, |s| s.blocks.len());
    (0..blocks)
        .map(|p| {
            vec![CellSpec {
                source,
                paragraphs: vec![p],
                moved: vec![None],
            }]
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineItem {
    Text {
        statement: StatementId,
        /// Code points of the statement's text shown on this line.
        range: Range<usize>,
        first: bool,
    },
    /// The reference tells this paragraph at `row`; it is shown at `from`.
    Moved {
        row: usize,
        from: usize,
    },
    /// The source's name, in the stacked view.
    Label,
    /// The badges (tag labels) of a statement, on a line after its text.
    Badges {
        statement: StatementId,
    },
    Blank,
}

#[derive(Debug, Clone)]
pub struct CellLayout {
    /// Index into [`Layout::columns`] (always 0 when stacked).
    pub column: usize,
    pub source: SourceId,
    /// First line of this cell inside its row.
    pub offset: usize,
    pub lines: Vec<LineItem>,
}

#[derive(Debug, Clone)]
pub struct RowLayout {
    pub top: usize,
    pub height: usize,
    pub cells: Vec<CellLayout>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementPos {
    pub row: usize,
    /// Absolute first line.
    pub line: usize,
    pub height: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutKey {
    pub width: u16,
    pub columns: Vec<SourceId>,
    pub stacked: bool,
    pub rows_id: u64,
    /// Changes whenever a statement's badges change.
    pub badges_version: u64,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub key: LayoutKey,
    pub columns: Vec<SourceId>,
    pub stacked: bool,
    /// Cells of one column, gutter included.
    pub column_width: u16,
    pub text_width: usize,
    pub rows: Vec<RowLayout>,
    pub total_lines: usize,
    /// Per statement: where it is, if laid out.
    pub positions: Vec<Option<StatementPos>>,
}

impl Layout {
    pub fn empty() -> Self {
        Layout {
            key: LayoutKey {
                width: 0,
                columns: Vec::new(),
                stacked: false,
                rows_id: u64::MAX,
                badges_version: u64::MAX,
            },
            columns: Vec::new(),
            stacked: false,
            column_width: 0,
            text_width: 1,
            rows: Vec::new(),
            total_lines: 0,
            positions: Vec::new(),
        }
    }

    /// Where statement `s` is, if it is laid out.
    pub fn position(&self, s: StatementId) -> Option<StatementPos> {
        self.positions.get(s).copied().flatten()
    }

    /// Lay out `rows` for the given columns in a body `width` wide.
    pub fn build(data: &ViewData, rows: &[Vec<CellSpec>], badges: &Badges, key: LayoutKey) -> Self {
        let width = key.width.max(1);
        let columns = key.columns.clone();
        let stacked = key.stacked;
        let n = if stacked {
            1
        } else {
            columns.len().max(1) as u16
        };
        let separators = n.saturating_sub(1);
        let column_width = (width.saturating_sub(separators) / n).max(GUTTER + 1);
        let text_width = usize::from(column_width - GUTTER);
        let story = &data.comparison.story;
        let mut positions = vec![None; data.statement_count()];
        let mut out_rows = Vec::with_capacity(rows.len());
        let mut top = 0;
        for (row_index, row) in rows.iter().enumerate() {
            let mut cells = Vec::new();
            let mut stacked_offset = 0;
            for (column, &source) in columns.iter().enumerate() {
                let Some(spec) = row.iter().find(|c| c.source == source) else {
                    continue;
                };
                let Some(src) = story.sources.get(source) else {
                    continue;
                };
                if stacked && spec.paragraphs.is_empty() {
                    continue;
                }
                let mut lines = Vec::new();
                if stacked {
                    lines.push(LineItem::Label);
                }
                for (k, &paragraph) in spec.paragraphs.iter().enumerate() {
                    let Some(block) = src.blocks.get(paragraph) else {
                        continue;
                    };
                    if k > 0 {
                        lines.push(LineItem::Blank);
                    }
                    if let Some(Some(moved_to)) = spec.moved.get(k) {
                        lines.push(LineItem::Moved {
                            row: *moved_to,
                            from: row_index,
                        });
                    }
                    for statement in block.statements.clone() {
                        let Some(text) = data.texts.get(statement) else {
                            continue;
                        };
                        let wrapped = wrap(text, text_width);
                        let offset = if stacked { stacked_offset } else { 0 };
                        positions[statement] = Some(StatementPos {
                            row: row_index,
                            line: top + offset + lines.len(),
                            height: wrapped.len(),
                        });
                        for (i, range) in wrapped.into_iter().enumerate() {
                            lines.push(LineItem::Text {
                                statement,
                                range,
                                first: i == 0,
                            });
                        }
                        if badges.get(&statement).is_some_and(|b| !b.is_empty()) {
                            lines.push(LineItem::Badges { statement });
                        }
                    }
                }
                let cell_height = lines.len();
                cells.push(CellLayout {
                    column: if stacked { 0 } else { column },
                    source,
                    offset: if stacked { stacked_offset } else { 0 },
                    lines,
                });
                if stacked {
                    stacked_offset += cell_height;
                }
            }
            let content = if stacked {
                stacked_offset
            } else {
                cells.iter().map(|c| c.lines.len()).max().unwrap_or(0)
            };
            if content == 0 {
                // Nothing of the shown sources on this row.
                out_rows.push(RowLayout {
                    top,
                    height: 0,
                    cells,
                });
                continue;
            }
            let height = content + 1;
            out_rows.push(RowLayout { top, height, cells });
            top += height;
        }
        Layout {
            key,
            columns,
            stacked,
            column_width,
            text_width,
            rows: out_rows,
            total_lines: top,
            positions,
        }
    }

    /// Rows overlapping the lines `from..from + height`.
    pub fn visible_rows(&self, from: usize, height: usize) -> &[RowLayout] {
        let start = self.rows.partition_point(|r| r.top + r.height <= from);
        let end = self.rows.partition_point(|r| r.top < from + height);
        &self.rows[start..end.max(start)]
    }

    /// Left edge of a column inside the body.
    pub fn column_x(&self, column: usize) -> u16 {
        let column = u16::try_from(column).unwrap_or(u16::MAX);
        column.saturating_mul(self.column_width.saturating_add(1))
    }

    /// The statement shown at an absolute line of a column, if any.
    pub fn statement_at(&self, column: usize, line: usize) -> Option<StatementId> {
        let row = self.visible_rows(line, 1).first()?;
        let cell = row.cells.iter().find(|c| {
            c.column == column && {
                let start = row.top + c.offset;
                line >= start && line < start + c.lines.len()
            }
        })?;
        match cell.lines.get(line - row.top - cell.offset)? {
            LineItem::Text { statement, .. } => Some(*statement),
            _ => None,
        }
    }
}

/// Every source's statements in the order the rows show them.
pub fn reading_order(data: &ViewData, rows: &[Vec<CellSpec>]) -> Vec<Vec<StatementId>> {
    let story = &data.comparison.story;
    let mut order = vec![Vec::new(); story.sources.len()];
    for row in rows {
        for cell in row {
            let Some(src) = story.sources.get(cell.source) else {
                continue;
            };
            for &p in &cell.paragraphs {
                if let Some(block) = src.blocks.get(p) {
                    order[cell.source].extend(block.statements.clone());
                }
            }
        }
    }
    order
}
