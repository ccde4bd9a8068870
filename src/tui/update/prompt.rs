//! The one-line prompt in the footer (search): typing, deleting, giving up,
//! and handing the text to what it is for.

use super::search;
use crate::tui::action::Action;
use crate::tui::model::{Modal, Model, PromptPurpose};

pub(super) fn update(model: &mut Model, action: Action) {
    match action {
        Action::PromptInput(c) => {
            if let Some(Modal::Prompt(prompt)) = &mut model.modal
                && prompt.input.chars().count() < 200
            {
                prompt.input.push(c);
            }
        }
        Action::PromptBackspace => {
            if let Some(Modal::Prompt(prompt)) = &mut model.modal {
                prompt.input.pop();
            }
        }
        Action::PromptCancel => {
            if matches!(model.modal, Some(Modal::Prompt(_))) {
                model.modal = None;
            }
        }
        Action::PromptSubmit => {
            if let Some(Modal::Prompt(prompt)) = model.modal.take() {
                match prompt.purpose {
                    PromptPurpose::Search => search::start(model, &prompt.input),
                }
            }
        }
        _ => {}
    }
}
