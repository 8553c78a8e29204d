//! Which role-checked action each command line is (`None`: a read, open to every role, or a
//! change to this laptop's own protection). The dispatch asks this once per run and the
//! context refuses before the store is written (`privacy::gate`). The match is exhaustive on
//! purpose: a new command does not compile until someone decides what it is.

use super::Command;
use super::accountability::{ControllerArgs, RecipientCommand};
use super::team::{TeamArgs, TeamCommand};
use super::work::OrgCommand;
use crate::team::access::Action;

/// The action `command` performs, if it writes or exports shared data.
pub fn action(command: &Command) -> Option<Action> {
    use Command as C;
    match command {
        C::Init(_) | C::RecoveryKey | C::RestoreKey(_) | C::Check => None,
        C::Security(_) | C::Rekey | C::Sync(_) => None,
        C::List(_) | C::Show(_) | C::Purposes(_) | C::Audience(_) | C::Audit(_) => None,
        C::Activities(_) | C::Today(_) | C::Requests(_) => None,
        C::Demo(_) => Some(Action::Demo),
        C::Add(_) => Some(Action::ContactAdd),
        C::Edit(_) => Some(Action::ContactEdit),
        C::Import(_) => Some(Action::Import),
        C::ExportAll(_) => Some(Action::ExportAll),
        C::Consent(_) => Some(Action::Consent),
        C::Wording(a) => a.version.is_some().then_some(Action::Wording),
        C::Interests(a) => a.add.is_some().then_some(Action::Interests),
        C::Export(_) => Some(Action::AccessExport),
        C::Erase(a) => a.yes.then_some(Action::ContactErase),
        C::Object(_) => Some(Action::Objection),
        C::Restrict(_) | C::Unrestrict(_) => Some(Action::Restriction),
        C::Retention(a) => a.apply.then_some(Action::RetentionSweep),
        C::Org(c) => match c {
            OrgCommand::Add { .. } | OrgCommand::Edit { .. } => Some(Action::Organisation),
            // The industry vocabulary is the firm's settings (team::access), admin's.
            OrgCommand::Industries(a) => a.changes().then_some(Action::Settings),
            OrgCommand::List { .. } | OrgCommand::Show { .. } => None,
        },
        C::Activity(_) => Some(Action::Activity),
        C::FollowUp(_) => Some(Action::FollowUp),
        C::Outcomes(a) => a.changes().then_some(Action::Outcomes),
        C::Request(_) => Some(Action::Request),
        C::Controller(ControllerArgs { command, .. }) => {
            command.as_ref().map(|_| Action::RecordOfProcessing)
        }
        C::Recipient(c) => match c {
            RecipientCommand::Add { .. } | RecipientCommand::Remove { .. } => {
                Some(Action::RecordOfProcessing)
            }
            RecipientCommand::List { .. } => None,
        },
        C::PurposeNote(a) => {
            (a.balancing_note.is_some() || a.source.is_some()).then_some(Action::RecordOfProcessing)
        }
        C::Exports(a) => {
            if a.expiry_days.is_some() {
                Some(Action::Settings)
            } else {
                a.sweep.then_some(Action::ExportsSweep)
            }
        }
        C::Record(a) => (!a.history).then_some(Action::RecordDocument),
        C::Backup(_) => Some(Action::Backup),
        C::Restore(_) => Some(Action::Restore),
        C::Team(TeamArgs { command, .. }) => command.as_ref().and_then(|c| match c {
            TeamCommand::Create { .. } => Some(Action::TeamCreate),
            TeamCommand::Invite { .. } => Some(Action::TeamInvite),
            TeamCommand::Join { .. } => Some(Action::TeamJoin),
            TeamCommand::Remove { .. } | TeamCommand::RemoveDevice { .. } => {
                Some(Action::TeamRemove)
            }
            TeamCommand::Role { .. } => Some(Action::TeamRole),
            // `rapport team policy` alone only shows the policy.
            TeamCommand::Policy {
                second_factor: None,
                max_idle_minutes: None,
                ..
            } => None,
            TeamCommand::Policy { .. } => Some(Action::TeamPolicy),
        }),
    }
}
