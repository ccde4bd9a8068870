//! While the story is read: keys (quit, open what arrived, suspend), the
//! terminal's size, and each source's progress. Once it is open, the reader
//! says what opening gave (sources that failed, what a refresh changed).

use crate::tui::action::{Action, Command, Effect};
use crate::tui::model::Model;
use crate::tui::model::loading::{Loading, opened_status};
use crate::tui::news::{LoadingNews, OpenedSummary};
use crossterm::event::{Event, KeyEventKind};

/// Handle one terminal event while the story is read.
pub fn handle_event(loading: &mut Loading, event: &Event) -> Vec<Effect> {
    let action = match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            loading.keymap.lookup(key).map(Action::Command)
        }
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    };
    match action {
        Some(action) => update(loading, action),
        None => Vec::new(),
    }
}

/// The only place the loading state changes.
pub fn update(loading: &mut Loading, action: Action) -> Vec<Effect> {
    match action {
        Action::Command(Command::Quit | Command::ForceQuit) => vec![Effect::Quit],
        Action::Command(Command::Suspend) => vec![Effect::Suspend],
        // Only when something arrived: there is nothing to open otherwise.
        Action::Command(Command::Cancel) if !loading.stopping && loading.ready() > 0 => {
            loading.stopping = true;
            vec![Effect::CancelFetches, Effect::Redraw]
        }
        Action::Resize { width, height } => {
            loading.width = width;
            loading.height = height;
            vec![Effect::Redraw]
        }
        Action::Loading(news) => news_while_loading(loading, news),
        _ => Vec::new(),
    }
}

fn news_while_loading(loading: &mut Loading, news: LoadingNews) -> Vec<Effect> {
    match news {
        LoadingNews::Source { index, state } => {
            let Some(source) = loading.sources.get_mut(index) else {
                return Vec::new();
            };
            // A late progress report never undoes a final state.
            if source.state == state || source.state.is_final() {
                return Vec::new();
            }
            source.state = state;
        }
        LoadingNews::Elapsed(seconds) if seconds != loading.elapsed => loading.elapsed = seconds,
        LoadingNews::Aligning if !loading.aligning => loading.aligning = true,
        _ => return Vec::new(),
    }
    vec![Effect::Redraw]
}

/// News for the reader once it shows a story: what opening it gave goes to
/// the status line.
pub(super) fn news_for_reader(model: &mut Model, news: LoadingNews) -> bool {
    let LoadingNews::Opened(summary) = news else {
        return false;
    };
    say_opened(model, &summary);
    true
}

fn say_opened(model: &mut Model, summary: &OpenedSummary) {
    match opened_status(summary) {
        Some((text, true)) => model.set_error(text),
        Some((text, false)) => model.set_status(text),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::config::Config;
    use crate::tui::model::Options;
    use crate::tui::model::loading::progress_text;
    use crate::tui::news::SourceState;

    fn loading() -> Loading {
        let config = Config::defaults().unwrap();
        Loading::new(
            vec!["http://a.example/x".into(), "/tmp/b.txt".into()],
            &config,
            &Options::default(),
            (80, 24),
            30,
        )
    }

    #[test]
    fn progress_moves_forward_and_a_final_state_stays() {
        let mut l = loading();
        let news = |index, state| Action::Loading(LoadingNews::Source { index, state });
        assert_eq!(
            update(&mut l, news(0, SourceState::Receiving(12_000))),
            vec![Effect::Redraw]
        );
        assert_eq!(progress_text(&l.sources[0].state), "fetching 11 KB");
        update(&mut l, news(0, SourceState::Failed("x: cancelled".into())));
        assert!(update(&mut l, news(0, SourceState::Cleaning)).is_empty());
        assert_eq!(
            l.sources[0].state,
            SourceState::Failed("x: cancelled".into())
        );
        // A source that does not exist is ignored.
        assert!(update(&mut l, news(9, SourceState::Cleaning)).is_empty());
        assert_eq!(l.failed(), 1);
    }

    #[test]
    fn quit_cancel_and_size() {
        let mut l = loading();
        assert_eq!(
            update(&mut l, Action::Command(Command::ForceQuit)),
            vec![Effect::Quit]
        );
        // Nothing arrived yet: nothing to open.
        assert!(update(&mut l, Action::Command(Command::Cancel)).is_empty());
        let ready = SourceState::Ready {
            title: None,
            paragraphs: 3,
            kept_snapshot: None,
        };
        update(
            &mut l,
            Action::Loading(LoadingNews::Source {
                index: 1,
                state: ready,
            }),
        );
        assert_eq!(
            update(&mut l, Action::Command(Command::Cancel)),
            vec![Effect::CancelFetches, Effect::Redraw]
        );
        assert!(l.stopping);
        // Asked once is enough.
        assert!(update(&mut l, Action::Command(Command::Cancel)).is_empty());
        // Keys of the reader do nothing yet.
        assert!(update(&mut l, Action::Command(Command::CursorDown)).is_empty());
        update(
            &mut l,
            Action::Resize {
                width: 1,
                height: 1,
            },
        );
        assert_eq!((l.width, l.height), (1, 1));
    }
}
