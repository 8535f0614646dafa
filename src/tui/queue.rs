//! What the App does for its views (their queued `Command`s) and for the world outside
//! (the team's files, the gazetteer, the watcher), and the keys that mean the same in
//! every pane.

use super::app::{App, Effect, Prompt, PromptKind};
use super::component::Command;
use super::screen::Focus;
use crate::action::Action;
use crate::suggest::Gazetteer;
use crate::tui::team::TeamDocs;

impl App {
    /// Does what the views asked, in order.
    pub(crate) fn run(&mut self, queue: Vec<Command>) {
        for command in queue {
            self.run_one(command);
        }
    }

    fn run_one(&mut self, command: Command) {
        match command {
            Command::Open(article) => self.open_article(article),
            Command::FocusText if self.reader.is_some() => self.focus = Focus::Text,
            Command::FocusText => {}
            Command::Layer(layer) => self.layers.push(layer),
            Command::Heard(outcome) => self.heard(outcome),
            Command::Label(label) => {
                self.with_reader(|reader, ctx| reader.apply_label(&label, ctx));
            }
            Command::Jump(c, forward) => {
                self.last_jump = Some((c, forward));
                self.with_reader(|reader, ctx| reader.jump_to_word(c, forward, ctx));
            }
            Command::RepeatJump(same_way) => self.repeat_jump(same_way),
            Command::Step(by) => self.step_article(by),
            Command::QueryEdited(input) => self.query_edited(input),
            Command::StepHit(action) => self.step_hit(action),
            Command::ConfirmSearch(input) => {
                if self.confirm_search(&input) {
                    self.close_search_line();
                }
            }
            Command::CancelSearch => self.cancel_search(),
            Command::ClearSearch => self.clear_search(),
            Command::Note {
                start,
                end,
                label,
                text,
            } => {
                if let Some(article) = self.reader.as_ref().map(|r| r.article) {
                    let outcome = self.desk.note(article, start..end, &label, &text);
                    self.heard(outcome);
                }
            }
            Command::RelateTo(from) => {
                self.with_reader(|reader, ctx| reader.relate_to(from, ctx));
            }
            Command::Quit => self.effect = Some(Effect::Quit),
            Command::Suspend => self.effect = Some(Effect::Suspend),
        }
    }

    /// Takes the search's query line off the screen.
    pub(crate) fn close_search_line(&mut self) {
        self.layers
            .close::<Prompt>(|p| p.kind == PromptKind::Search);
    }

    /// `;` (same way) and `,` (the other way): the last word jump again.
    fn repeat_jump(&mut self, same_way: bool) {
        match self.last_jump {
            Some((c, forward)) => {
                let forward = forward == same_way;
                self.with_reader(|reader, ctx| reader.jump_to_word(c, forward, ctx));
            }
            None => self.say("no word jump yet: m then a character"),
        }
    }

    /// `J`/`K`: the next (previous) article of the list, opened in the text.
    pub(crate) fn step_article(&mut self, by: isize) {
        let visible = self.desk.visible();
        let Some(at) = visible.position(self.current) else {
            if let Some(first) = visible.first() {
                self.open_article(first);
            }
            return;
        };
        let to = at as isize + by;
        if to < 0 || to as usize >= visible.len() {
            self.say(if by > 0 {
                "this is the last article"
            } else {
                "this is the first article"
            });
            return;
        }
        if let Some(article) = visible.get(to as usize) {
            self.open_article(article);
        }
    }

    /// Takes the workspace's assignment; the list then shows the assigned articles.
    pub fn set_assignment(&mut self, assignment: &crate::assign::Assignment, stale_days: u32) {
        self.desk.set_assignment(assignment, stale_days);
        self.keep_current_listed();
    }

    /// The list no longer shows the current article (someone else's, once the list is
    /// narrowed to the assigned ones): its first article is opened instead, so `enter`
    /// never starts work on an article the list does not show.
    fn keep_current_listed(&mut self) {
        let visible = self.desk.visible();
        if visible.position(self.current).is_none()
            && let Some(first) = visible.first()
        {
            self.open_article(first);
        }
    }

    pub(crate) fn switch_pane(&mut self) {
        self.focus = match self.focus {
            Focus::List if self.reader.is_some() => Focus::Text,
            _ => Focus::List,
        };
    }

    /// Undo, redo, `o` (the next annotator's view), `D`, `R`: the desk's, on the open
    /// article.
    pub(crate) fn desk_global(&mut self, action: Action) {
        let open = self.reader.as_ref().map(|r| r.article);
        let outcome = match action {
            Action::Undo => self.desk.undo(open),
            Action::Redo => self.desk.redo(open),
            Action::NextView => match open {
                Some(article) => self.desk.next_view(article),
                None => return,
            },
            Action::SortDisagreements => self.desk.sort_by_disagreements(),
            Action::ToggleAssigned => {
                let outcome = self.desk.toggle_assigned();
                self.keep_current_listed();
                outcome
            }
            Action::SortDoubt => self.desk.sort_by_doubt(),
            Action::Reload => self.desk.reload(),
            _ => return,
        };
        self.heard(outcome);
    }

    /// The team's guidelines over the panes, when the workspace has them.
    pub fn open_guidelines(&mut self) {
        match self.desk.guidelines {
            Some(_) => self.open_view(super::views::guidelines::GuidelinesView::default()),
            None => self
                .say("no guidelines: the team writes them in guidelines.md at the workspace root"),
        }
    }

    /// `S`: the dashboard over the panes.
    pub(crate) fn open_dashboard(&mut self) {
        self.desk.prepare_dashboard();
        self.open_view(super::views::dashboard::DashboardPanel::default());
    }

    /// Live spans under the cursor, innermost first.
    pub fn spans_under_cursor(&self) -> Vec<&crate::annotation::Span> {
        match &self.reader {
            Some(r) => self.desk.spans_at(r.article, r.cursor),
            None => Vec::new(),
        }
    }

    /// The team's files arrived from their source.
    pub fn team_loaded(&mut self, result: Result<TeamDocs, String>) {
        let outcome = self.desk.team_loaded(result);
        self.heard(outcome);
    }

    /// The gazetteer arrived from the background: the open article gets its suggestions.
    pub fn attach_gazetteer(&mut self, gazetteer: Gazetteer, problems: &[String]) {
        self.desk.suggest.gazetteer = Some(gazetteer);
        // an earlier message (a read-only article, say) stays: the gazetteer's can wait
        if let Some(first) = problems.first().filter(|_| self.message.is_none()) {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            self.fail(format!("gazetteer: {first}{more}"));
        }
        self.desk.forget_entry();
        self.suggest_on_entry();
    }

    /// The watcher saw the workspace change: said once in the status line, and by the
    /// dashboard until the files are read again.
    pub fn disk_changed(&mut self) {
        let team = &mut self.desk.team;
        if !std::mem::replace(&mut team.changed_on_disk, true) && self.message.is_none() {
            let key = self
                .keymap
                .bindings(crate::keymap::Mode::Global)
                .into_iter()
                .find(|(a, _)| *a == Action::Reload)
                .and_then(|(_, keys)| keys.first().map(|k| k.to_string()));
            if let Some(key) = key {
                self.say(format!("the team's files changed on disk: {key} reloads"));
            }
        }
    }
}
