//! Bulk reads for the rules that look at every contact (retention, audiences): one pass over
//! `contact` joined in Rust with side tables read in the same order, so that the cost is a few
//! sequential scans rather than a query per contact. An audience for a consent-based purpose
//! reads only the contacts holding a consent record for it (`for_consent_audience`) and counts
//! the others; addresses are read last, for the few contacts that get that far.

use super::consents::list_for_seq;
use super::contacts::id_from_sql;
use super::time::{from_db, opt_from_db};
use super::{StoreError, Tx, settings};
use crate::domain::purpose::{CUSTOMER_RELATIONSHIP, RetentionRule};
use crate::domain::retention::Policy;
use crate::domain::{
    Answer, Channels, Consent, ConsentSource, ContactId, Instant, ObjectionScope, PointKind,
    ProofKind, Purpose, PurposeId, Stage,
};
use rusqlite::params;
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
fn last_activity(created: i64, contacted: Option<i64>) -> Instant {
    from_db(contacted.map_or(created, |c| c.max(created)))
}

/// Calls `f` for every contact that is not a current customer (customers have the contract basis).
pub fn for_retention(tx: &Tx, f: impl FnMut(&RetentionFacts)) -> Result<(), StoreError> {
    retention_scan(tx, false, f)
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
    retention_scan(tx, true, f)
}

fn retention_scan(
    tx: &Tx,
    staged: bool,
    mut f: impl FnMut(&RetentionFacts),
) -> Result<(), StoreError> {
    let only = |column: &str| {
        if staged {
            format!(" AND {column} IN (SELECT seq FROM temp.rapport_sweep)")
        } else {
            String::new()
        }
    };
    let mut consents: HashMap<i64, Vec<Consent>> = HashMap::new();
    let mut st = tx.prepare_cached(&format!(
        "SELECT k.contact_seq, k.id, k.purpose_id, k.given_at, k.expires_at, k.source_kind, k.source_ref, k.wording_version, k.withdrawn_at
         FROM consent k JOIN purpose p ON p.id = k.purpose_id WHERE p.legal_basis = 'consent'{}",
        only("k.contact_seq")
    ))?;
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, consent_row(r, 1)?)))? {
        let (seq, c) = row?;
        consents.entry(seq).or_default().push(c);
    }
    let mut st = tx.prepare_cached(&format!(
        "SELECT seq, id, display_name, stage, created_at, last_contacted_at FROM contact
         WHERE stage <> 'customer' AND restricted = 0{}",
        only("seq")
    ))?;
    let mut rows = st.query([])?;
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

/// One audience candidate with what the rule needs and what the mailing needs.
pub struct AudienceRow {
    /// The contact's row number, to look its address up later ([`addresses`]).
    pub seq: i64,
    pub id: ContactId,
    pub name: String,
    pub address: Option<String>,
    pub candidate: crate::domain::audience::Candidate,
}

/// Calls `f` for every contact with the facts for `purpose` on a channel needing `point` and
/// the given interests (answers in the same order).
pub fn for_audience(
    tx: &Tx,
    purpose: &Purpose,
    point: Option<PointKind>,
    interests: &[String],
    mut f: impl FnMut(AudienceRow),
) -> Result<(), StoreError> {
    let mut consents: HashMap<i64, Vec<Consent>> = HashMap::new();
    let mut st = tx.prepare(
        "SELECT contact_seq, id, purpose_id, given_at, expires_at, source_kind, source_ref, wording_version, withdrawn_at
         FROM consent WHERE purpose_id = ?1",
    )?;
    for row in st.query_map([purpose.id.0], |r| {
        Ok((r.get::<_, i64>(0)?, consent_row(r, 1)?))
    })? {
        let (seq, c) = row?;
        consents.entry(seq).or_default().push(c);
    }
    let mut objections: HashMap<i64, Vec<ObjectionScope>> = HashMap::new();
    let mut st = tx.prepare("SELECT contact_seq, scope FROM objection")?;
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (seq, scope) = row?;
        if let Ok(scope) = ObjectionScope::parse(&scope) {
            objections.entry(seq).or_default().push(scope);
        }
    }
    let mut answers: HashMap<(i64, usize), Answer> = HashMap::new();
    let mut st = tx.prepare(
        "SELECT ci.contact_seq, ci.answer FROM contact_interest ci JOIN interest i ON i.id = ci.interest_id WHERE i.name = ?1",
    )?;
    for (n, name) in interests.iter().enumerate() {
        for row in st.query_map([name], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (seq, a) = row?;
            answers.insert((seq, n), if a == 1 { Answer::Yes } else { Answer::No });
        }
    }
    let mut addresses: HashMap<i64, String> = HashMap::new();
    if let Some(kind) = point {
        let mut st = tx.prepare("SELECT contact_seq, value, preferred FROM contact_point WHERE kind = ?1 ORDER BY contact_seq, preferred ASC, id DESC")?;
        for row in st.query_map(params![kind.as_str()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })? {
            let (seq, value) = row?;
            addresses.insert(seq, value); // last write wins: the preferred, else the first added
        }
    }
    let mut st = tx.prepare("SELECT seq, id, display_name, stage, restricted, channels, created_at, last_contacted_at FROM contact ORDER BY seq")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let list = consents.remove(&seq).unwrap_or_default();
        let consent = crate::domain::consent::current(&list, purpose.id).cloned();
        let address = addresses.remove(&seq);
        let candidate = crate::domain::audience::Candidate {
            stage: Stage::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
            restricted: r.get(4)?,
            channels: Channels::from_bits(r.get(5)?),
            last_activity: last_activity(r.get(6)?, r.get(7)?),
            consent,
            objections: objections.remove(&seq).unwrap_or_default(),
            interests: (0..interests.len())
                .map(|n| answers.get(&(seq, n)).copied().unwrap_or(Answer::Unknown))
                .collect(),
            has_address: point.is_none() || address.is_some(),
        };
        f(AudienceRow {
            seq,
            id: id_from_sql(r.get(1)?)?,
            name: r.get(2)?,
            address,
            candidate,
        });
    }
    Ok(())
}

/// Contacts an audience of a consent-based purpose did not read one by one: they hold no
/// consent record for the purpose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unread {
    pub restricted: usize,
    pub unrestricted: usize,
}

/// Calls `f` for every contact holding at least one consent record for `purpose`, with the
/// facts of [`for_audience`] except the address (`address: None`, `has_address: false`: see
/// [`addresses`]); returns how many of the other contacts are restricted and how many not.
/// Reads the consent records and their contacts in row order, the objections, and the
/// interest answers through `contact_interest_by_interest`; the restricted contacts are
/// counted through the partial index `contact_restricted` (schema 3).
pub fn for_consent_audience(
    tx: &Tx,
    purpose: &Purpose,
    interests: &[String],
    mut f: impl FnMut(AudienceRow),
) -> Result<Unread, StoreError> {
    let total = super::contacts::count(tx)? as usize;
    let restricted: i64 = tx
        .prepare_cached("SELECT count(*) FROM contact WHERE restricted <> 0")?
        .query_row([], |r| r.get(0))?;
    let mut objections: HashMap<i64, Vec<ObjectionScope>> = HashMap::new();
    let mut st = tx.prepare_cached("SELECT contact_seq, scope FROM objection")?;
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (seq, scope) = row?;
        if let Ok(scope) = ObjectionScope::parse(&scope) {
            objections.entry(seq).or_default().push(scope);
        }
    }
    let mut answers: HashMap<(i64, usize), Answer> = HashMap::new();
    let mut st = tx.prepare_cached(
        "SELECT contact_seq, answer FROM contact_interest
         WHERE interest_id = (SELECT id FROM interest WHERE name = ?1)",
    )?;
    for (n, name) in interests.iter().enumerate() {
        for row in st.query_map([name], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (seq, a) = row?;
            answers.insert((seq, n), if a == 1 { Answer::Yes } else { Answer::No });
        }
    }
    let mut st = tx.prepare_cached(
        "SELECT c.seq, c.id, c.display_name, c.stage, c.restricted, c.channels, c.created_at, c.last_contacted_at,
                k.id, k.purpose_id, k.given_at, k.expires_at, k.source_kind, k.source_ref, k.wording_version, k.withdrawn_at
         FROM consent k JOIN contact c ON c.seq = k.contact_seq
         WHERE k.purpose_id = ?1 ORDER BY k.contact_seq",
    )?;
    let mut rows = st.query([purpose.id.0])?;
    let (mut read, mut read_restricted) = (0, 0);
    let mut pending: Option<(AudienceRow, Vec<Consent>)> = None;
    let mut emit = |(mut row, list): (AudienceRow, Vec<Consent>)| {
        row.candidate.consent = crate::domain::consent::current(&list, purpose.id).cloned();
        read += 1;
        read_restricted += usize::from(row.candidate.restricted);
        f(row)
    };
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let consent = consent_row(r, 8)?;
        match &mut pending {
            Some((row, list)) if row.seq == seq => {
                list.push(consent);
                continue;
            }
            _ => {}
        }
        let row = AudienceRow {
            seq,
            id: id_from_sql(r.get(1)?)?,
            name: r.get(2)?,
            address: None,
            candidate: crate::domain::audience::Candidate {
                stage: Stage::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
                restricted: r.get(4)?,
                channels: Channels::from_bits(r.get(5)?),
                last_activity: last_activity(r.get(6)?, r.get(7)?),
                consent: None,
                objections: objections.remove(&seq).unwrap_or_default(),
                interests: (0..interests.len())
                    .map(|n| answers.get(&(seq, n)).copied().unwrap_or(Answer::Unknown))
                    .collect(),
                has_address: false,
            },
        };
        if let Some(done) = pending.replace((row, vec![consent])) {
            emit(done);
        }
    }
    if let Some(done) = pending.take() {
        emit(done);
    }
    let others_restricted = (restricted as usize).saturating_sub(read_restricted);
    Ok(Unread {
        restricted: others_restricted,
        unrestricted: total.saturating_sub(read).saturating_sub(others_restricted),
    })
}

/// The address to use on a channel needing `point` for each of the given contacts that has
/// one: the preferred, else the first added.
pub fn addresses(
    tx: &Tx,
    seqs: &[i64],
    point: PointKind,
) -> Result<HashMap<i64, String>, StoreError> {
    let list: Vec<String> = seqs.iter().map(i64::to_string).collect();
    let mut st = tx.prepare_cached(
        "SELECT contact_seq, value FROM contact_point
         WHERE contact_seq IN (SELECT value FROM json_each(?1)) AND kind = ?2
         ORDER BY contact_seq, preferred DESC, id",
    )?;
    let mut out = HashMap::new();
    let json = format!("[{}]", list.join(","));
    for row in st.query_map(params![json, point.as_str()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })? {
        let (seq, value) = row?;
        out.entry(seq).or_insert(value);
    }
    Ok(out)
}

/// Consent records of a contact by row number (re-exported for bulk readers).
pub fn consents_of(tx: &Tx, seq: i64) -> Result<Vec<Consent>, StoreError> {
    list_for_seq(tx, seq)
}
