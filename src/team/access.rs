//! What each role may do: one pure table, read by the CLI's gate, the GUI's disabled buttons and
//! (issue 13) the merge, so the three can never disagree. `Action` names every write or export
//! the app has; reading (lists, a contact's page, the audit log, the overview) is open to every
//! role and is not an action.
//!
//! The rule: admin everything; sales everything about contacts (add, edit, consents,
//! objections, restriction, access export, erasure on request, imports, audiences, activities,
//! organisations, follow-ups, requests); read-only sees contacts and the audit log, no export, no
//! writes. Decisions on the unclear ones (README "Roles" says the same):
//! - backups and restore are admin's: a backup is every person's data in one file, a restore
//!   replaces the whole store;
//! - the requests register is sales': requests arrive with the contacts salespeople handle;
//! - generating the record of processing (Art. 30) and sweeping expired exports are sales': the
//!   record holds the firm's documentation, not customers' data, and the sweep only deletes
//!   files the rule already made due (every unlock runs it anyway);
//! - what the record says (controller, recipients, purpose notes), the vocabularies (purposes,
//!   interests, outcomes, wordings), the retention sweep, the exports' expiry, demo data and the
//!   team itself are admin's;
//! - this laptop's own protection (passphrase, second factor, rekey, recovery key) and `sync`
//!   are no actions: they change no shared data, and a member who is not yet accepted must be
//!   able to sync to become one.

use super::roster::Role;

/// Every write or export of the app, as the role table sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter, strum::AsRefStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Action {
    ContactAdd,
    ContactEdit,
    /// Erasure on request (Art. 17) of one person.
    ContactErase,
    Consent,
    Objection,
    Restriction,
    /// A person's data (Art. 15 + 20).
    AccessExport,
    Import,
    /// Many contacts at once: export-all, an audience's file.
    ExportAll,
    Organisation,
    Activity,
    FollowUp,
    /// The register of data-subject requests.
    Request,
    /// The record of processing as HTML/PDF.
    RecordDocument,
    /// Deleting exported files whose expiry has come.
    ExportsSweep,
    Purposes,
    Interests,
    Wording,
    Outcomes,
    RetentionSweep,
    /// Controller, recipients and processors, purpose notes.
    RecordOfProcessing,
    Backup,
    Restore,
    /// Synthetic contacts for trying the app.
    Demo,
    /// The firm's settings: export expiry, industries and the like.
    Settings,
    TeamCreate,
    TeamJoin,
    TeamInvite,
    TeamRemove,
    TeamRole,
    TeamPolicy,
}

impl Action {
    /// What the action does, as the end of "it cannot …" (English; the CLI's sentence).
    pub fn phrase(self) -> &'static str {
        match self {
            Action::ContactAdd => "add contacts",
            Action::ContactEdit => "edit contacts",
            Action::ContactErase => "erase contacts",
            Action::Consent => "record or withdraw consent",
            Action::Objection => "record objections",
            Action::Restriction => "restrict processing or lift a restriction",
            Action::AccessExport => "export a person's data",
            Action::Import => "import contacts",
            Action::ExportAll => "export contacts",
            Action::Organisation => "add or edit organisations",
            Action::Activity => "log activities",
            Action::FollowUp => "plan or change follow-ups",
            Action::Request => "register or change data-subject requests",
            Action::RecordDocument => "generate the record of processing",
            Action::ExportsSweep => "delete expired exports",
            Action::Purposes => "change the purposes",
            Action::Interests => "change the interest vocabulary",
            Action::Wording => "record consent wordings",
            Action::Outcomes => "change the outcome vocabulary",
            Action::RetentionSweep => "apply the retention sweep",
            Action::RecordOfProcessing => {
                "change the record of processing (controller, recipients, purpose notes)"
            }
            Action::Backup => "write backups",
            Action::Restore => "restore backups",
            Action::Demo => "add demo contacts",
            Action::Settings => "change the firm's settings",
            Action::TeamCreate => "create a team",
            Action::TeamJoin => "join a team",
            Action::TeamInvite => "invite people to the team",
            Action::TeamRemove => "remove members or devices",
            Action::TeamRole => "change roles",
            Action::TeamPolicy => "change the team's policy",
        }
    }

    /// Whether the sales role may do it (admin may do everything, read-only nothing).
    fn for_sales(self) -> bool {
        matches!(
            self,
            Action::ContactAdd
                | Action::ContactEdit
                | Action::ContactErase
                | Action::Consent
                | Action::Objection
                | Action::Restriction
                | Action::AccessExport
                | Action::Import
                | Action::ExportAll
                | Action::Organisation
                | Action::Activity
                | Action::FollowUp
                | Action::Request
                | Action::RecordDocument
                | Action::ExportsSweep
        )
    }
}

/// Whether `role` may do `action`.
pub fn allows(role: Role, action: Action) -> bool {
    match role {
        Role::Admin => true,
        Role::Sales => action.for_sales(),
        Role::ReadOnly => false,
    }
}

/// `allows` for a user who may have no role (not yet accepted, removed): such a user only reads.
pub fn permits(role: Option<Role>, action: Action) -> bool {
    role.is_some_and(|r| allows(r, action))
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn admin_everything_read_only_nothing_no_role_nothing() {
        for a in Action::iter() {
            assert!(allows(Role::Admin, a), "{a:?}");
            assert!(!allows(Role::ReadOnly, a), "{a:?}");
            assert!(!permits(None, a), "{a:?}");
            assert!(!a.phrase().is_empty());
        }
    }

    #[test]
    fn sales_does_the_contacts_work_and_not_the_firms_rules() {
        for a in [
            Action::ContactAdd,
            Action::ContactEdit,
            Action::ContactErase,
            Action::Consent,
            Action::Objection,
            Action::Restriction,
            Action::AccessExport,
            Action::Import,
            Action::ExportAll,
            Action::Activity,
            Action::Organisation,
            Action::FollowUp,
            Action::Request,
        ] {
            assert!(allows(Role::Sales, a), "{a:?}");
        }
        for a in [
            Action::Purposes,
            Action::Interests,
            Action::Wording,
            Action::Outcomes,
            Action::RetentionSweep,
            Action::RecordOfProcessing,
            Action::Backup,
            Action::Restore,
            Action::Settings,
            Action::TeamInvite,
            Action::TeamRemove,
            Action::TeamRole,
            Action::TeamPolicy,
        ] {
            assert!(!allows(Role::Sales, a), "{a:?}");
        }
    }
}
