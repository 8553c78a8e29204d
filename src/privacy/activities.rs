//! Logging activities and working follow-ups (issue 15). An activity is codes, a day and links —
//! no free text — and logging one moves its people's last activity, which retention counts from.
//! The log dialog can also set structured preferences and record a consent with its proof: those
//! go through the same use-cases as anywhere else (`contacts::rectify`, `consent::give`), each
//! audited, after the activity has committed.

use super::PrivacyError;
use crate::domain::activity::{
    self as rules, Activity, ActivityError, FollowUp, FollowUpState, Kind, Outcome,
};
use crate::domain::audit::NewEvent;
use crate::domain::purpose::CUSTOMER_RELATIONSHIP;
use crate::domain::{Action, ContactId, Instant, PrefAssignment};
use crate::store::{self, Store};

impl From<ActivityError> for PrivacyError {
    fn from(e: ActivityError) -> Self {
        PrivacyError::Invalid(e.to_string())
    }
}

/// What a salesperson records after a call, meeting, visit, email or event.
#[derive(Clone)]
pub struct Log {
    /// The people involved (at least one; the first is the one the dialog was opened for).
    pub people: Vec<ContactId>,
    pub kind: Kind,
    /// An outcome code of the vocabulary.
    pub outcome: String,
    /// The day (default: today); never a day to come.
    pub on: Option<Instant>,
    /// A purpose name (default: "Customer relationship").
    pub purpose: Option<String>,
    /// An organisation name (default: the first person's organisation).
    pub organisation: Option<String>,
    /// A follow-up with the first person: its due day and kind (default: the activity's kind).
    pub follow_up: Option<(Instant, Option<Kind>)>,
    /// What was learned, as structured preferences ("channels=digital-only", "interest.golf=no").
    pub preferences: Vec<PrefAssignment>,
    /// A consent given in the conversation, with its proof.
    pub consent: Option<super::consent::Given>,
}

super::redacted_debug!(Log);

/// What logging produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Logged {
    pub activity: i64,
    pub follow_up: Option<i64>,
}

/// Logs an activity (and its follow-up) in one transaction, audited once per person; then the
/// preferences and the consent, if given.
pub fn log(store: &mut Store, l: &Log, now: Instant) -> Result<Logged, PrivacyError> {
    let day = rules::activity_day(l.on, now)?;
    let follow_up = l
        .follow_up
        .map(|(due, kind)| {
            Ok::<_, ActivityError>((rules::follow_up_day(due, now)?, kind.unwrap_or(l.kind)))
        })
        .transpose()?;
    let first = *l.people.first().ok_or(ActivityError::NobodyInvolved)?;
    let logged = store.write(|tx| {
        let mut seqs = Vec::with_capacity(l.people.len());
        for id in &l.people {
            let c = store::contacts::get(tx, *id)?.ok_or_else(PrivacyError::not_found)?;
            if c.restricted {
                return Err(PrivacyError::Restricted);
            }
            seqs.push(store::contacts::seq(tx, *id)?);
        }
        let outcome = store::activities::usable_outcome_id(tx, &l.outcome)?
            .ok_or(ActivityError::UnknownOutcome)?;
        let purpose_name = l.purpose.as_deref().unwrap_or(CUSTOMER_RELATIONSHIP);
        let purpose = store::purposes::by_name(tx, purpose_name)?;
        let purpose = match (purpose, &l.purpose) {
            (Some(p), _) => Some(p.id.0),
            (None, Some(_)) => return Err(PrivacyError::UnknownPurpose),
            (None, None) => None,
        };
        let organisation = match &l.organisation {
            Some(name) => Some(store::organisations::find(tx, name)?.id.0),
            None => store::organisations::of_contact(tx, seqs[0])?.map(|o| o.0),
        };
        let activity = store::activities::insert(
            tx,
            &store::activities::NewActivity {
                kind: l.kind,
                day,
                people: seqs.clone(),
                organisation,
                purpose,
                outcome,
            },
            now,
        )?;
        for id in &l.people {
            store::audit::append(
                tx,
                &NewEvent::new(now, Action::Activity, Some(*id)).detail(format!(
                    "kind={} outcome={}",
                    l.kind.as_str(),
                    l.outcome.trim()
                )),
            )?;
        }
        let follow_up = match follow_up {
            Some((due, kind)) => {
                let f = store::activities::insert_follow_up(
                    tx,
                    seqs[0],
                    Some(activity),
                    kind,
                    due,
                    now,
                )?;
                audit_follow_up(tx, first, "planned", kind, now)?;
                Some(f)
            }
            None => None,
        };
        Ok(Logged {
            activity,
            follow_up,
        })
    })?;
    if !l.preferences.is_empty() {
        let edit = super::contacts::Edit {
            preferences: l.preferences.clone(),
            ..Default::default()
        };
        super::contacts::rectify(store, first, &edit, now)?;
    }
    if let Some(g) = &l.consent {
        super::consent::give(store, first, g, now)?;
    }
    Ok(logged)
}

fn audit_follow_up(
    tx: &store::Tx,
    id: ContactId,
    what: &str,
    kind: Kind,
    now: Instant,
) -> Result<(), PrivacyError> {
    store::audit::append(
        tx,
        &NewEvent::new(now, Action::FollowUp, Some(id))
            .detail(format!("{what} kind={}", kind.as_str())),
    )?;
    Ok(())
}

/// A person's activities, newest first, and follow-ups, open ones first.
pub fn of_contact(
    store: &Store,
    id: ContactId,
) -> Result<(Vec<Activity>, Vec<FollowUp>), PrivacyError> {
    Ok(store.read(|tx| {
        let seq = store::contacts::seq(tx, id)?;
        Ok((
            store::activities::for_contact(tx, seq)?,
            store::activities::follow_ups_for(tx, seq)?,
        ))
    })?)
}

/// Plans a follow-up on its own (not from an activity).
pub fn plan(
    store: &mut Store,
    id: ContactId,
    kind: Kind,
    due: Instant,
    now: Instant,
) -> Result<i64, PrivacyError> {
    let due = rules::follow_up_day(due, now)?;
    store.write(|tx| {
        let c = store::contacts::get(tx, id)?.ok_or_else(PrivacyError::not_found)?;
        if c.restricted {
            return Err(PrivacyError::Restricted);
        }
        let seq = store::contacts::seq(tx, id)?;
        let f = store::activities::insert_follow_up(tx, seq, None, kind, due, now)?;
        audit_follow_up(tx, id, "planned", kind, now)?;
        Ok(f)
    })
}

/// What one click does to a follow-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Done,
    /// Moves it this many days on (1-90).
    Snooze(i64),
    Cancel,
}

/// Marks an open follow-up done, snoozes or cancels it. Returns it as it is now.
pub fn step(store: &mut Store, id: i64, s: Step, now: Instant) -> Result<FollowUp, PrivacyError> {
    store.write(|tx| {
        let f = store::activities::follow_up(tx, id)?.ok_or_else(|| {
            PrivacyError::Invalid("no follow-up with that number: see `rapport today`".into())
        })?;
        if f.state != FollowUpState::Open {
            return Err(ActivityError::Closed.into());
        }
        let what = match s {
            Step::Done => {
                store::activities::close_follow_up(tx, id, FollowUpState::Done, now)?;
                "done"
            }
            Step::Cancel => {
                store::activities::close_follow_up(tx, id, FollowUpState::Cancelled, now)?;
                "cancelled"
            }
            Step::Snooze(days) => {
                store::activities::move_follow_up(tx, id, rules::snoozed(f.due_on, days, now)?)?;
                "snoozed"
            }
        };
        audit_follow_up(tx, f.contact, what, f.kind, now)?;
        Ok(store::activities::follow_up(tx, id)?.unwrap_or(f))
    })
}

/// The outcome vocabulary.
pub fn outcomes(store: &Store) -> Result<Vec<Outcome>, PrivacyError> {
    Ok(store.read(store::activities::outcomes)?)
}

/// Adds an outcome; without a code, one is made from the label ("Send offer" → `send_offer`).
pub fn add_outcome(
    store: &mut Store,
    label: &str,
    code: Option<&str>,
    now: Instant,
) -> Result<Outcome, PrivacyError> {
    let code = code.map_or_else(|| rules::code_of(label), |c| c.to_string());
    let o = rules::outcome(&code, label)?;
    store.write(|tx| {
        store::activities::add_outcome(tx, &o)?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Settings, None).detail(format!("outcome.add {}", o.code)),
        )?;
        Ok(o)
    })
}

/// Removes an outcome that no activity uses.
pub fn remove_outcome(store: &mut Store, code: &str, now: Instant) -> Result<(), PrivacyError> {
    store.write(|tx| {
        store::activities::remove_outcome(tx, code)?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Settings, None).detail("outcome.remove"),
        )?;
        Ok(())
    })
}
