//! The reader's whole state. Only `update` changes it; views read it.
//!
//! What is drawn over a view lives here too, so views need nothing from the
//! code that handles keys: [`modal`] (help, prompt, source picker, the
//! [`library`] view), [`tagging`] (the notes and their overlays), [`help`]
//! (the help's lines). Before the story is read, the reader is a
//! [`loading::Loading`] instead.

pub mod help;
pub mod library;
pub mod loading;
pub mod modal;
pub mod tagging;

pub use modal::{Modal, NearestEntry, NearestView, Prompt, PromptPurpose};

use self::tagging::{NotesStore, Tagging, badge_label};
use super::config::Config;
use super::data::{ClaimFilter, ViewData, claims_order};
use super::keymap::Keymap;
use super::layout::{
    self, Badges, CellSpec, Layout, LayoutKey, STACK_BELOW, StatementPos, columns_fit,
    reading_order, rows_for_reader, rows_from_align,
};
use super::theme::{Theme, ThemeName};
use crate::align::Comparison;
use crate::model::{SourceId, StatementId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Compare,
    Claims,
    Reader,
    Removed,
}

impl View {
    pub const ALL: [View; 4] = [View::Compare, View::Claims, View::Reader, View::Removed];

    /// The name the keymap's `views` lists use.
    pub fn name(self) -> &'static str {
        match self {
            View::Compare => "compare",
            View::Claims => "claims",
            View::Reader => "reader",
            View::Removed => "removed",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::Compare => "Compare",
            View::Claims => "Claims",
            View::Reader => "Reader",
            View::Removed => "Removed by cleaning",
        }
    }

    /// Views that show statements laid out in rows.
    pub fn has_statements(self) -> bool {
        matches!(self, View::Compare | View::Reader)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    /// Matching statements, in the order the compare view shows them.
    pub matches: Vec<StatementId>,
    pub current: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct ClaimsState {
    pub filter: ClaimFilter,
    /// Claim indices, sorted and filtered.
    pub order: Vec<usize>,
    pub selected: usize,
    pub scroll: usize,
    /// First source shown in the coverage matrix.
    pub source_offset: usize,
}

/// Options the binary passes in.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub config_path: Option<std::path::PathBuf>,
    pub theme: Option<ThemeName>,
    pub mouse: bool,
    /// Draw one frame and leave (to time start-up).
    pub exit_after_first_frame: bool,
    /// Where tags are saved (tests leave it off: in memory).
    pub notes: NotesStore,
}

pub struct Model {
    pub data: ViewData,
    pub keymap: Keymap,
    pub theme: Theme,
    pub tag_labels: Vec<String>,
    pub view: View,
    pub modal: Option<Modal>,
    pub reference: SourceId,
    /// Per source: shown as a column.
    pub shown: Vec<bool>,
    /// The focused source (column).
    pub focus: SourceId,
    /// The statement under the cursor, always of the focused source.
    pub cursor: Option<StatementId>,
    /// Per source: where its cursor was, to come back to.
    pub cursor_by_source: Vec<Option<StatementId>>,
    /// First non-reference column shown, among the shown sources.
    pub column_offset: usize,
    /// First body line shown in the compare and reader views.
    pub scroll: usize,
    pub rows: Vec<Vec<CellSpec>>,
    rows_id: u64,
    /// Labels shown under statements (the tags of the notes feature).
    badges: Badges,
    badges_version: u64,
    /// Per source: its statements in the order the current rows show them.
    pub order: Vec<Vec<StatementId>>,
    pub layout: Layout,
    pub width: u16,
    pub height: u16,
    pub search: Search,
    pub status: Option<Status>,
    pub mouse: bool,
    pub claims: ClaimsState,
    pub removed_scroll: usize,
    pub quit: bool,
    /// Tags and notes, and the overlays that edit them.
    pub tagging: Tagging,
}

impl Model {
    pub fn new(
        comparison: Comparison,
        config: &Config,
        options: &Options,
        size: (u16, u16),
    ) -> Self {
        let data = ViewData::new(comparison);
        let n = data.source_count();
        let theme_name = options.theme.unwrap_or(config.theme);
        let claims_order = claims_order(&data, ClaimFilter::All);
        let tagging = Tagging::open(&options.notes, &data.comparison);
        let mut model = Model {
            keymap: config.keymap.clone(),
            theme: Theme::new(theme_name),
            tag_labels: config.tag_labels.clone(),
            view: View::Compare,
            modal: None,
            reference: 0,
            shown: vec![true; n],
            focus: 0,
            cursor: None,
            cursor_by_source: vec![None; n],
            column_offset: 0,
            scroll: 0,
            rows: Vec::new(),
            rows_id: 0,
            badges: Badges::new(),
            badges_version: 0,
            order: Vec::new(),
            layout: Layout::empty(),
            width: size.0,
            height: size.1,
            search: Search::default(),
            status: None,
            mouse: options.mouse || config.mouse,
            claims: ClaimsState {
                filter: ClaimFilter::All,
                order: claims_order,
                selected: 0,
                scroll: 0,
                source_offset: 0,
            },
            removed_scroll: 0,
            quit: false,
            tagging,
            data,
        };
        model.rebuild_rows();
        model.cursor = model
            .order
            .get(model.focus)
            .and_then(|o| o.first().copied());
        model.relayout();
        model.sync_badges();
        if let Some(warning) = model.tagging.notes.warning() {
            let warning = warning.to_string();
            model.set_error(warning);
        }
        model
    }

    pub fn source_count(&self) -> usize {
        self.data.source_count()
    }

    /// The statement under the cursor.
    pub fn cursor_statement(&self) -> Option<StatementId> {
        self.cursor
    }

    pub fn set_status(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Info,
        });
    }

    pub fn set_error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Error,
        });
    }

    /// Rows for the current view (compare: align's rows for the reference;
    /// reader: the focused source's paragraphs).
    pub fn rebuild_rows(&mut self) {
        let n = self.source_count();
        self.rows = match self.view {
            View::Reader => rows_for_reader(&self.data, self.focus),
            _ => rows_from_align(&self.data.comparison.rows(self.reference), n),
        };
        self.rows_id = self.rows_id.wrapping_add(1);
        self.order = reading_order(&self.data, &self.rows);
    }

    pub fn stacked(&self) -> bool {
        self.view == View::Compare && self.width < STACK_BELOW
    }

    /// Shown sources other than the reference, in source order.
    pub fn other_columns(&self) -> Vec<SourceId> {
        (0..self.source_count())
            .filter(|&s| s != self.reference && self.shown.get(s).copied().unwrap_or(false))
            .collect()
    }

    /// Side-by-side columns that fit now (reference first).
    pub fn visible_columns(&self) -> Vec<SourceId> {
        if self.source_count() == 0 {
            return Vec::new();
        }
        if self.view == View::Reader {
            return vec![self.focus];
        }
        let others = self.other_columns();
        if self.stacked() {
            let mut all = vec![self.reference];
            all.extend(others);
            return all;
        }
        let fit = columns_fit(self.width).max(2) - 1;
        let offset = self.column_offset.min(others.len().saturating_sub(fit));
        let mut columns = vec![self.reference];
        columns.extend(others.iter().skip(offset).take(fit));
        columns
    }

    /// Move the window of columns so the focused source is in it.
    pub fn ensure_focus_column_visible(&mut self) {
        if self.focus == self.reference || self.stacked() {
            return;
        }
        let others = self.other_columns();
        let fit = columns_fit(self.width).max(2) - 1;
        self.column_offset = self.column_offset.min(others.len().saturating_sub(fit));
        if let Some(pos) = others.iter().position(|&s| s == self.focus) {
            if pos < self.column_offset {
                self.column_offset = pos;
            } else if pos >= self.column_offset + fit {
                self.column_offset = pos + 1 - fit;
            }
        }
    }

    /// Recompute the layout if its inputs changed, then keep the cursor in view.
    pub fn relayout(&mut self) {
        self.ensure_focus_column_visible();
        let body_width = self.width;
        let key = LayoutKey {
            width: body_width,
            columns: self.visible_columns(),
            stacked: self.stacked(),
            rows_id: self.rows_id,
            badges_version: self.badges_version,
        };
        if self.layout.key != key {
            self.layout = Layout::build(&self.data, &self.rows, &self.badges, key);
        }
        self.keep_cursor_visible();
    }

    pub fn body_height(&self) -> usize {
        layout::screen(self.width, self.height).map_or(1, |s| usize::from(s.body.height).max(1))
    }

    pub fn max_scroll(&self) -> usize {
        self.layout.total_lines.saturating_sub(self.body_height())
    }

    /// Scroll so the cursor's statement is on screen, with a little context.
    pub fn keep_cursor_visible(&mut self) {
        let height = self.body_height();
        if let Some(pos) = self.cursor_position() {
            let margin = if height > 8 { 2 } else { 0 };
            let bottom = pos.line + pos.height;
            if bottom + margin > self.scroll + height {
                self.scroll = (bottom + margin).saturating_sub(height);
            }
            if pos.line < self.scroll + margin {
                self.scroll = pos.line.saturating_sub(margin);
            }
            // A statement taller than the screen shows its start.
            if pos.height > height {
                self.scroll = pos.line;
            }
        }
        self.scroll = self.scroll.min(self.max_scroll());
    }

    /// Scroll so the cursor sits a third of the way down, with the rows
    /// before it in view: for jumps, where the context matters.
    pub fn center_cursor(&mut self) {
        let height = self.body_height();
        if let Some(pos) = self.cursor_position() {
            self.scroll = pos.line.saturating_sub(height / 3).min(self.max_scroll());
        }
        self.keep_cursor_visible();
    }

    /// The badges of a statement (empty when it has none).
    pub fn badges(&self, statement: StatementId) -> &[String] {
        self.badges.get(&statement).map_or(&[], Vec::as_slice)
    }

    /// Show `labels` under a statement (an empty list removes them). The
    /// layout makes room for them on its next relayout, which this triggers.
    pub fn set_badges(&mut self, statement: StatementId, labels: Vec<String>) {
        let labels: Vec<String> = labels
            .iter()
            .map(|l| crate::tui::text::sanitize(l))
            .collect();
        if self.badges(statement) == labels.as_slice() {
            return;
        }
        if labels.is_empty() {
            self.badges.remove(&statement);
        } else {
            self.badges.insert(statement, labels);
        }
        self.badges_version = self.badges_version.wrapping_add(1);
        self.relayout();
    }

    /// Replace every statement's badges at once, with one relayout (tagging
    /// keeps them in step with its tags this way).
    pub fn replace_badges(&mut self, badges: Badges) {
        let badges: Badges = badges
            .into_iter()
            .filter(|(_, labels)| !labels.is_empty())
            .map(|(s, labels)| {
                (
                    s,
                    labels
                        .iter()
                        .map(|l| crate::tui::text::sanitize(l))
                        .collect(),
                )
            })
            .collect();
        if self.badges == badges {
            return;
        }
        self.badges = badges;
        self.badges_version = self.badges_version.wrapping_add(1);
        self.relayout();
    }

    /// Show every tag as a badge under its statements.
    pub fn sync_badges(&mut self) {
        let mut badges = Badges::new();
        for tag in self.tagging.notes.tags() {
            let label = badge_label(tag);
            for &statement in &tag.statements {
                let labels = badges.entry(statement).or_default();
                if !labels.contains(&label) {
                    labels.push(label.clone());
                }
            }
        }
        self.replace_badges(badges);
    }

    /// Where the cursor's statement is laid out, if it is.
    pub fn cursor_position(&self) -> Option<StatementPos> {
        self.cursor.and_then(|c| self.layout.position(c))
    }

    /// The focused source's statements, in the order the rows show them.
    pub fn focused_order(&self) -> &[StatementId] {
        self.order.get(self.focus).map_or(&[], Vec::as_slice)
    }

    /// Matching statements of the other shown sources for the cursor.
    pub fn cursor_mates(&self) -> &[StatementId] {
        self.cursor
            .and_then(|c| self.data.mates.get(c))
            .map_or(&[], Vec::as_slice)
    }

    /// Statements that share a fact with the cursor's without a shared claim.
    pub fn cursor_kin(&self) -> &[StatementId] {
        self.cursor
            .and_then(|c| self.data.kin.get(c))
            .map_or(&[], Vec::as_slice)
    }

    /// Put the cursor on a statement, focusing its source.
    pub fn move_cursor_to(&mut self, statement: StatementId) {
        let Some(source) = self.data.source_of(statement) else {
            return;
        };
        if let Some(slot) = self.cursor_by_source.get_mut(self.focus) {
            *slot = self.cursor;
        }
        if !self.shown.get(source).copied().unwrap_or(true) {
            self.shown[source] = true;
        }
        let source_changed = source != self.focus;
        self.focus = source;
        self.cursor = Some(statement);
        if source_changed && self.view == View::Reader {
            self.rebuild_rows();
        }
        self.relayout();
    }
}
