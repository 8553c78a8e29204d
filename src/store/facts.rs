//! Bulk reads for retention, which looks at every contact: one pass over `contact` joined in
//! Rust with side tables, so that the cost is a few sequential scans rather than a query per
//! contact. (Audiences read narrower data: `store::audience`.)

use super::consents::list_for_seq;
use super::contacts::id_from_sql;
use super::time::{from_db, opt_from_db};
use super::{StoreError, Tx, settings};
use crate::domain::purpose::{CUSTOMER_RELATIONSHIP, RetentionRule};
use crate::domain::retention::Policy;
use crate::domain::{Consent, ConsentSource, ContactId, Instant, ProofKind, PurposeId, Stage};
use std::collections::HashMap;

/// Setting key of the grace period (days) for contacts without a legal basis.
pub const GRACE_DAYS: &str = "retention.grace_days";

/// The retention policy from settings and the "Customer relationship" purpose.
pub fn retention_policy(tx: &Tx) -> Result<Policy, StoreError> {
    let mut p = Policy::default();
    if let Some(days) = settings::get(tx, GRACE_DAYS)?.and_then(|d| d.parse().ok()) {
        p.grace_days = days;
    }
    if let Some(purpose) = super::purposes::by_name(tx, CUSTOMER_RELATIONSHIP)?
        && let RetentionRule::AfterLastActivity { months } = purpose.retention
    {
        p.customer_months = months;
    }
    Ok(p)
}

/// What retention needs of one contact.
pub struct RetentionFacts {
    pub id: ContactId,
    pub name: String,
    pub stage: Stage,
    pub created_at: Instant,
    pub last_activity: Instant,
    /// Consent records for consent-based purposes.
    pub consents: Vec<Consent>,
}

fn consent_row(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Consent> {
    Ok(Consent {
        id: r.get(at)?,
        purpose: PurposeId(r.get(at + 1)?),
        given_at: from_db(r.get(at + 2)?),
        expires_at: opt_from_db(r.get(at + 3)?),
        source: ConsentSource {
            kind: ProofKind::parse(&r.get::<_, String>(at + 4)?).unwrap_or(ProofKind::Other),
            reference: r.get(at + 5)?,
        },
        wording_version: r.get(at + 6)?,
        withdrawn_at: opt_from_db(r.get(at + 7)?),
    })
}

/// Activity with the person is the last contact, else when they were added. Edits by the
/// salesperson (a typo fixed, an import merged) are not activity and do not extend retention.
pub(super) fn last_activity(created: i64, contacted: Option<i64>) -> Instant {
    from_db(contacted.map_or(created, |c| c.max(created)))
}

/// Calls `f` for every contact that is not restricted (customers too: their contract basis
/// lasts while there is activity, issue 15).
pub fn for_retention(tx: &Tx, f: impl FnMut(&RetentionFacts)) -> Result<(), StoreError> {
    retention_scan(tx, Which::All, f)
}

/// Like `for_retention`, for the contacts with row numbers in `from..to` only, in row order:
/// the sweep reads what is due in such short slices ([`last_seq`] is where to stop).
pub fn for_retention_in(
    tx: &Tx,
    from: i64,
    to: i64,
    f: impl FnMut(&RetentionFacts),
) -> Result<(), StoreError> {
    retention_scan(tx, Which::Seqs(from, to), f)
}

/// The highest row number of a contact (0 without contacts).
pub fn last_seq(tx: &Tx) -> Result<i64, StoreError> {
    Ok(tx
        .prepare_cached("SELECT coalesce(max(seq), 0) FROM contact")?
        .query_row([], |r| r.get(0))?)
}

/// Like `for_retention`, but only for the contacts `ids` (those that still exist): the sweep
/// re-assesses each chunk inside its write transaction, so that a contact that got a new consent
/// (or became a customer, or restricted) after the due list was read is not erased.
pub fn for_retention_of(
    tx: &Tx,
    ids: &[ContactId],
    f: impl FnMut(&RetentionFacts),
) -> Result<(), StoreError> {
    super::erasure::stage(tx, ids)?;
    retention_scan(tx, Which::Staged, f)
}

/// The contacts a retention read covers.
#[derive(Clone, Copy)]
enum Which {
    All,
    /// Those in `temp.rapport_sweep` (`erasure::stage`).
    Staged,
    /// Row numbers `from..to`.
    Seqs(i64, i64),
}

impl Which {
    /// The condition on `column` (a contact's row number) and its parameters.
    fn only(self, column: &str) -> (String, Vec<i64>) {
        match self {
            Which::All => (String::new(), Vec::new()),
            Which::Staged => (
                format!(" AND {column} IN (SELECT seq FROM temp.rapport_sweep)"),
                Vec::new(),
            ),
            Which::Seqs(from, to) => (
                format!(" AND {column} >= ?1 AND {column} < ?2"),
                vec![from, to],
            ),
        }
    }
}

fn retention_scan(
    tx: &Tx,
    which: Which,
    mut f: impl FnMut(&RetentionFacts),
) -> Result<(), StoreError> {
    let mut consents: HashMap<i64, Vec<Consent>> = HashMap::new();
    let (only, params) = which.only("k.contact_seq");
    let mut st = tx.prepare_cached(&format!(
        "SELECT k.contact_seq, k.id, k.purpose_id, k.given_at, k.expires_at, k.source_kind, k.source_ref, k.wording_version, k.withdrawn_at
         FROM consent k JOIN purpose p ON p.id = k.purpose_id WHERE p.legal_basis = 'consent'{only}"
    ))?;
    let rows = st.query_map(rusqlite::params_from_iter(&params), |r| {
        Ok((r.get::<_, i64>(0)?, consent_row(r, 1)?))
    })?;
    for row in rows {
        let (seq, c) = row?;
        consents.entry(seq).or_default().push(c);
    }
    let (only, params) = which.only("seq");
    let mut st = tx.prepare_cached(&format!(
        "SELECT seq, id, display_name, stage, created_at, last_contacted_at FROM contact
         WHERE restricted = 0{only} ORDER BY seq"
    ))?;
    let mut rows = st.query(rusqlite::params_from_iter(&params))?;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let facts = RetentionFacts {
            id: id_from_sql(r.get(1)?)?,
            name: r.get(2)?,
            stage: Stage::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
            created_at: from_db(r.get(4)?),
            last_activity: last_activity(r.get(4)?, r.get(5)?),
            consents: consents.remove(&seq).unwrap_or_default(),
        };
        f(&facts);
    }
    Ok(())
}

/// Consent records of a contact by row number (re-exported for bulk readers).
pub fn consents_of(tx: &Tx, seq: i64) -> Result<Vec<Consent>, StoreError> {
    list_for_seq(tx, seq)
}
