//! The register of data-subject requests as the faces use it: add, list with days left, and the
//! moves (ask for identity, verify, extend, refuse, withdraw, done). Each change is one
//! transaction with a `request` audit event holding codes only. Acting on a request (an export,
//! an erasure) closes it through `close_by`, called by those use-cases.

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::request::{
    ExtendReason, Kind, Outcome, RefuseReason, Request, RequestError, VerifyMethod, Via,
};
use crate::domain::{Action, ContactId, Instant};
use crate::store::{self, Store};
use chrono::NaiveDate;
use serde::Serialize;

impl From<RequestError> for PrivacyError {
    fn from(e: RequestError) -> Self {
        PrivacyError::Invalid(e.to_string())
    }
}

/// The day in the firm's calendar (UTC; Swedish days start an hour or two earlier, which a
/// due date counted in whole days does not notice).
pub fn today(now: Instant) -> NaiveDate {
    now.date_naive()
}

/// A request as listed: the register's row and what follows from it today.
#[derive(Clone, Debug, Serialize)]
pub struct Listed {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: Kind,
    pub via: Via,
    pub contact: Option<String>,
    pub received_at: NaiveDate,
    pub due_at: NaiveDate,
    pub status: crate::domain::request::Status,
    /// Days until the due date (negative when overdue); null once closed.
    pub days_left: Option<i64>,
    pub overdue: bool,
    pub outcome: Option<Outcome>,
    pub closed_at: Option<NaiveDate>,
    pub verify_method: Option<VerifyMethod>,
    pub extend_reason: Option<ExtendReason>,
    pub refuse_reason: Option<RefuseReason>,
}

impl Listed {
    fn of(q: &Request, today: NaiveDate) -> Self {
        Listed {
            id: q.id,
            kind: q.kind,
            via: q.via,
            contact: q.subject.clone(),
            received_at: q.received_on,
            due_at: q.due(today),
            status: q.status,
            days_left: q.days_left(today),
            overdue: q.is_overdue(today),
            outcome: q.outcome,
            closed_at: q.closed_on,
            verify_method: q.verify_method,
            extend_reason: q.extend_reason,
            refuse_reason: q.refuse_reason,
        }
    }
}

/// Which requests to list.
#[derive(Clone, Copy, Debug, Default)]
pub struct Filter {
    pub open_only: bool,
    pub overdue_only: bool,
}

fn audit(tx: &store::Tx, q: &Request, what: &str, now: Instant) -> Result<(), PrivacyError> {
    let subject = q.subject.as_deref().and_then(|s| ContactId::parse(s).ok());
    let event = NewEvent::new(now, Action::Request, subject).detail(format!(
        "request={} type={} {what}",
        q.id,
        q.kind.as_str()
    ));
    store::audit::append(tx, &event)?;
    Ok(())
}

/// Registers a request received on `received` (not in the future); returns its id.
pub fn add(
    store: &mut Store,
    kind: Kind,
    via: Via,
    received: NaiveDate,
    contact: Option<ContactId>,
    now: Instant,
) -> Result<i64, PrivacyError> {
    if received > today(now) {
        return Err(PrivacyError::Invalid(
            "a request cannot be received in the future: give the day it arrived".into(),
        ));
    }
    store.write(|tx| {
        if let Some(id) = contact
            && !store::contacts::exists(tx, id)?
        {
            return Err(PrivacyError::not_found());
        }
        let mut q = Request::new(kind, via, contact.map(|c| c.to_string()), received);
        q.id = store::requests::insert(tx, &q)?;
        audit(tx, &q, &format!("added via={}", via.as_str()), now)?;
        Ok(q.id)
    })
}

/// The register, as of `now`, open ones by days left first, then closed ones.
pub fn list(store: &Store, filter: Filter, now: Instant) -> Result<Vec<Listed>, PrivacyError> {
    let today = today(now);
    let mut out: Vec<Listed> = store
        .read(store::requests::list)?
        .iter()
        .map(|q| Listed::of(q, today))
        .filter(|l| !filter.open_only || l.days_left.is_some())
        .filter(|l| !filter.overdue_only || l.overdue)
        .collect();
    out.sort_by_key(|l| (l.days_left.is_none(), l.days_left, l.id));
    Ok(out)
}

/// One request as of `now`.
pub fn get(store: &Store, id: i64, now: Instant) -> Result<Listed, PrivacyError> {
    let q = store
        .read(|tx| store::requests::get(tx, id))?
        .ok_or_else(unknown)?;
    Ok(Listed::of(&q, today(now)))
}

fn unknown() -> PrivacyError {
    PrivacyError::Invalid("there is no request with that id: see `rapport requests`".into())
}

/// A move on a request, as the faces ask for it.
#[derive(Clone, Copy, Debug)]
pub enum Move {
    AskIdentity,
    Verify(VerifyMethod),
    Extend(ExtendReason),
    Refuse(RefuseReason),
    Withdraw,
    Done,
}

/// Applies a move to request `id`; returns it as it is now.
pub fn apply(store: &mut Store, id: i64, m: Move, now: Instant) -> Result<Listed, PrivacyError> {
    let today = today(now);
    store.write(|tx| {
        let mut q = store::requests::get(tx, id)?.ok_or_else(unknown)?;
        let what = match m {
            Move::AskIdentity => {
                q.ask_identity(today)?;
                "identity asked".to_string()
            }
            Move::Verify(method) => {
                q.verify(method, today)?;
                format!("verified method={}", method.as_str())
            }
            Move::Extend(reason) => {
                q.extend(reason, today)?;
                format!("extended reason={}", reason.as_str())
            }
            Move::Refuse(reason) => {
                q.refuse(reason, today)?;
                format!("refused reason={}", reason.as_str())
            }
            Move::Withdraw => {
                q.withdraw(today)?;
                "withdrawn".into()
            }
            Move::Done => {
                q.complete(Outcome::Done, today)?;
                "done".into()
            }
        };
        store::requests::save(tx, &q)?;
        audit(tx, &q, &what, now)?;
        Ok(Listed::of(&q, today))
    })
}

/// Checks, before acting, that request `id` is open, is about `contact` (when it names one) and
/// may be answered by `outcome`: nothing is exported or erased for a request it cannot close.
pub fn check_closable(
    store: &Store,
    id: i64,
    contact: ContactId,
    outcome: Outcome,
    now: Instant,
) -> Result<(), PrivacyError> {
    let q = store
        .read(|tx| store::requests::get(tx, id))?
        .ok_or_else(unknown)?;
    check(&q, contact)?;
    q.clone().complete(outcome, today(now))?;
    Ok(())
}

fn check(q: &Request, contact: ContactId) -> Result<(), PrivacyError> {
    if q.subject
        .as_deref()
        .is_some_and(|s| s != contact.to_string())
    {
        return Err(PrivacyError::Invalid(
            "that request is about another contact: see `rapport requests`".into(),
        ));
    }
    Ok(())
}

/// Closes request `id` as answered by `outcome` inside an open transaction (the export's or
/// the erasure's own), recording the contact when the request did not name one.
pub(crate) fn close_in(
    tx: &store::Tx,
    id: i64,
    contact: ContactId,
    outcome: Outcome,
    now: Instant,
) -> Result<(), PrivacyError> {
    let mut q = store::requests::get(tx, id)?.ok_or_else(unknown)?;
    check(&q, contact)?;
    q.complete(outcome, today(now))?;
    q.subject = Some(contact.to_string());
    store::requests::save(tx, &q)?;
    audit(
        tx,
        &q,
        &format!("completed outcome={}", outcome.as_str()),
        now,
    )
}

/// Closes request `id` as answered by `outcome` in a transaction of its own.
pub fn close_by(
    store: &mut Store,
    id: i64,
    contact: ContactId,
    outcome: Outcome,
    now: Instant,
) -> Result<(), PrivacyError> {
    store.write(|tx| close_in(tx, id, contact, outcome, now))
}

/// The open requests of one contact (the app shows them on the contact).
pub fn open_for(
    store: &Store,
    contact: ContactId,
    now: Instant,
) -> Result<Vec<Listed>, PrivacyError> {
    let today = today(now);
    Ok(store
        .read(|tx| store::requests::open_for(tx, &contact.to_string()))?
        .iter()
        .map(|q| Listed::of(q, today))
        .collect())
}

/// The oldest open request of `contact` that `outcome` can answer now, if any: the app's Export
/// and Erase buttons answer it (and close it) without asking which.
pub fn answerable(
    store: &Store,
    contact: ContactId,
    outcome: Outcome,
    now: Instant,
) -> Result<Option<i64>, PrivacyError> {
    let today = today(now);
    Ok(store
        .read(|tx| store::requests::open_for(tx, &contact.to_string()))?
        .into_iter()
        .find(|q| q.clone().complete(outcome, today).is_ok())
        .map(|q| q.id))
}
