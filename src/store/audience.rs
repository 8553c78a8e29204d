//! The reads behind a lawful audience (issue 6: within 100 ms at 100k contacts). Every fact the
//! rule asks of a contact except its consent and objections sits in the narrow index
//! `contact_audience` (channels, kinds of contact point, interest answers; schema 4), so an
//! audience for a consent-based purpose reads that purpose's consent records, that index, the
//! objections and the few restricted contacts, and never a contact's row. Names, ids and
//! addresses are read afterwards, only for the members that are shown or exported
//! ([`members`]).

use super::contacts::{id_from_sql, interest_bit, kind_code};
use super::facts::last_activity;
use super::time::{from_db, opt_from_db};
use super::{StoreError, Tx};
use crate::domain::audience::{ActivityCriterion, Candidate};
use crate::domain::consent::{ConsentStatus, Validity};
use crate::domain::{
    Answer, Channels, ContactId, Instant, ObjectionScope, PointKind, Purpose, Stage,
};
use rusqlite::params;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;

/// One contact as the audience rule sees it, with its row number. The readers fill one row
/// in turn and hand it over by reference, so that a pass over 1M contacts allocates nothing
/// per contact.
pub struct AudienceRow {
    pub seq: i64,
    pub candidate: Candidate,
}

impl AudienceRow {
    fn new() -> AudienceRow {
        AudienceRow {
            seq: 0,
            candidate: Candidate {
                stage: Stage::default(),
                restricted: false,
                channels: Channels::empty(),
                last_activity: from_db(0),
                consent: ConsentStatus::None,
                objections: Vec::new(),
                interests: Vec::new(),
                has_address: false,
                had_activity: false,
            },
        }
    }
}

/// The question's interests as bits of the answer masks, the channel's kind of point, and
/// the contacts with a recent activity if the question asks for one.
pub struct Asked {
    bits: Vec<i64>,
    point: Option<i64>,
    active: Option<FxHashSet<i64>>,
}

impl Asked {
    /// Looks the interests up in the vocabulary (an unknown name is an `Invalid` error).
    pub fn new(
        tx: &Tx,
        interests: &[String],
        point: Option<PointKind>,
    ) -> Result<Asked, StoreError> {
        Ok(Asked {
            bits: interests
                .iter()
                .map(|name| interest_bit(tx, name))
                .collect::<Result<_, _>>()?,
            point: point.map(|k| 1 << (kind_code(k) - 1)),
            active: None,
        })
    }

    /// Also asks for an activity meeting `criterion` at `now`: reads, along the index
    /// `activity_by_person` (schema 15), the row numbers of the contacts that had one.
    pub fn with_activity(
        mut self,
        tx: &Tx,
        criterion: ActivityCriterion,
        now: Instant,
    ) -> Result<Asked, StoreError> {
        let since = criterion.since(now);
        let mut active = FxHashSet::default();
        active.extend(super::activities::had_activity_of(
            tx,
            criterion.kind,
            since,
        )?);
        self.active = Some(active);
        Ok(self)
    }

    /// Whether the contact had the asked activity (false when none was asked: not read).
    fn had_activity(&self, seq: i64) -> bool {
        self.active.as_ref().is_some_and(|a| a.contains(&seq))
    }

    /// The answers to the asked interests, into `out` (reused from row to row).
    fn answers(&self, yes: i64, no: i64, out: &mut Vec<Answer>) {
        out.clear();
        out.extend(
            self.bits
                .iter()
                .map(|bit| match (yes & bit != 0, no & bit != 0) {
                    (true, _) => Answer::Yes,
                    (false, true) => Answer::No,
                    _ => Answer::Unknown,
                }),
        );
    }

    fn has_address(&self, kinds: i64) -> bool {
        self.point.is_none_or(|bit| kinds & bit != 0)
    }
}

/// Every objection, by contact row number.
fn objections(tx: &Tx) -> Result<FxHashMap<i64, Vec<ObjectionScope>>, StoreError> {
    let mut out: FxHashMap<i64, Vec<ObjectionScope>> = FxHashMap::default();
    let mut st = tx.prepare_cached("SELECT contact_seq, scope FROM objection")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        if let Ok(scope) = ObjectionScope::parse(r.get_ref(1)?.as_str().unwrap_or_default()) {
            out.entry(r.get(0)?).or_default().push(scope);
        }
    }
    Ok(out)
}

/// The current consent record of a contact for one purpose: its id and dates.
#[derive(Clone, Copy)]
struct Current {
    id: i64,
    validity: Validity,
}

impl Current {
    fn recency(&self) -> (Instant, i64) {
        (self.validity.given_at, self.id)
    }
}

/// The status at `now` of the current consent record for one purpose (the latest given, as
/// `domain::consent::current` decides) of every contact holding one, in a dense table by row
/// number: one byte per contact, so that the index scans that look it up in their own order
/// stay within the processor's cache (a table of the records themselves cost a cache miss per
/// contact, a third of an audience's time at 1M contacts).
struct Holders {
    /// `ConsentStatus` position + 1 by row number; 0 for contacts without a record.
    status: Vec<u8>,
    count: usize,
}

impl Holders {
    fn read(tx: &Tx, purpose: &Purpose, now: Instant) -> Result<Holders, StoreError> {
        let last = super::facts::last_seq(tx)?.max(0) as usize;
        // First the current record of each holder (records come about in row-number order, so
        // these two tables fill from front to back).
        let mut slot = vec![u32::MAX; last + 1];
        let mut records: Vec<Current> = Vec::new();
        let mut st = tx.prepare_cached(
            "SELECT contact_seq, id, given_at, expires_at, withdrawn_at FROM consent WHERE purpose_id = ?1",
        )?;
        let mut rows = st.query([purpose.id.0])?;
        while let Some(r) = rows.next()? {
            let Some(at) = usize::try_from(r.get::<_, i64>(0)?)
                .ok()
                .and_then(|seq| slot.get_mut(seq))
            else {
                continue; // cannot happen within one read transaction; skipped, not trusted
            };
            let record = Current {
                id: r.get(1)?,
                validity: Validity {
                    given_at: from_db(r.get(2)?),
                    expires_at: opt_from_db(r.get(3)?),
                    withdrawn_at: opt_from_db(r.get(4)?),
                },
            };
            match records.get_mut(*at as usize) {
                Some(held) if record.recency() > held.recency() => *held = record,
                Some(_) => {}
                None => {
                    *at = records.len() as u32;
                    records.push(record);
                }
            }
        }
        let status = slot
            .iter()
            .map(|&at| match records.get(at as usize) {
                Some(c) => Self::code(c.validity.status(now)),
                None => 0,
            })
            .collect();
        Ok(Holders {
            status,
            count: records.len(),
        })
    }

    fn code(status: ConsentStatus) -> u8 {
        ConsentStatus::ALL
            .iter()
            .position(|s| *s == status)
            .map_or(0, |p| p as u8 + 1)
    }

    /// How many contacts hold a record.
    fn len(&self) -> usize {
        self.count
    }

    /// The status of the contact's current record, `None` without one.
    fn of(&self, seq: i64) -> Option<ConsentStatus> {
        let code = *self.status.get(usize::try_from(seq).ok()?)?;
        ConsentStatus::ALL
            .get(usize::from(code).checked_sub(1)?)
            .copied()
    }
}

/// Calls `f` for every contact (a purpose not based on consent: the stage and the last
/// activity matter), from one pass over the contacts' rows.
pub fn for_every_contact(
    tx: &Tx,
    purpose: &Purpose,
    asked: &Asked,
    now: Instant,
    mut f: impl FnMut(&AudienceRow),
) -> Result<(), StoreError> {
    let holders = Holders::read(tx, purpose, now)?;
    let mut objections = objections(tx)?;
    let mut st = tx.prepare_cached(
        "SELECT seq, stage, restricted, channels, created_at, last_contacted_at, point_kinds, interests_yes, interests_no
         FROM contact",
    )?;
    let mut rows = st.query([])?;
    let mut row = AudienceRow::new();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        row.seq = seq;
        let c = &mut row.candidate;
        c.stage = Stage::parse(r.get_ref(1)?.as_str().unwrap_or_default()).unwrap_or_default();
        c.restricted = r.get(2)?;
        c.channels = Channels::from_bits(r.get(3)?);
        c.last_activity = last_activity(r.get(4)?, r.get(5)?);
        c.consent = holders.of(seq).unwrap_or(ConsentStatus::None);
        c.objections = objections.remove(&seq).unwrap_or_default();
        asked.answers(r.get(7)?, r.get(8)?, &mut c.interests);
        c.has_address = asked.has_address(r.get(6)?);
        c.had_activity = asked.had_activity(seq);
        f(&row);
    }
    Ok(())
}

/// Contacts an audience of a consent-based purpose did not assess one by one: they hold no
/// consent record for the purpose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unread {
    pub restricted: usize,
    pub unrestricted: usize,
}

/// Calls `f` for every contact holding a consent record for `purpose` (a consent-based
/// purpose), with everything the rule reads for such a purpose: restriction, the current
/// consent, channels, objections, interest answers and whether it has an address on the
/// channel. The stage and last activity are not read (`stage` is the default and
/// `last_activity` is `now`): a consent-based purpose's basis is the consent alone
/// (`domain::audience::only_consent_holders`). Returns how many of the other contacts are
/// restricted and how many not.
pub fn for_consent_holders(
    tx: &Tx,
    purpose: &Purpose,
    asked: &Asked,
    now: Instant,
    mut f: impl FnMut(&AudienceRow),
) -> Result<Unread, StoreError> {
    let total = super::contacts::count(tx)? as usize;
    let restricted: FxHashSet<i64> = {
        let mut st = tx.prepare_cached(
            "SELECT seq FROM contact INDEXED BY contact_restricted WHERE restricted <> 0",
        )?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let holders = Holders::read(tx, purpose, now)?;
    let mut objections = objections(tx)?;
    let mut holders_restricted = 0;
    let mut st = tx.prepare_cached(
        "SELECT seq, channels, point_kinds, interests_yes, interests_no FROM contact INDEXED BY contact_audience",
    )?;
    let mut rows = st.query([])?;
    let mut row = AudienceRow::new();
    row.candidate.last_activity = now;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let Some(consent) = holders.of(seq) else {
            continue;
        };
        let is_restricted = restricted.contains(&seq);
        holders_restricted += usize::from(is_restricted);
        row.seq = seq;
        let c = &mut row.candidate;
        c.restricted = is_restricted;
        c.channels = Channels::from_bits(r.get(1)?);
        c.consent = consent;
        c.objections = objections.remove(&seq).unwrap_or_default();
        asked.answers(r.get(3)?, r.get(4)?, &mut c.interests);
        c.has_address = asked.has_address(r.get(2)?);
        c.had_activity = asked.had_activity(seq);
        f(&row);
    }
    let others_restricted = restricted.len().saturating_sub(holders_restricted);
    Ok(Unread {
        restricted: others_restricted,
        unrestricted: total
            .saturating_sub(holders.len())
            .saturating_sub(others_restricted),
    })
}

/// One member of an audience as shown or exported.
pub struct MemberRow {
    pub id: ContactId,
    pub name: String,
    /// The preferred address on the channel's kind of point, else the first added.
    pub address: Option<String>,
}

/// Up to `limit` of the contacts `seqs` in the order of the contact list (name, without case
/// for ASCII letters, then row number), with their ids and addresses on `point`. Members that
/// are few among all contacts (under 1 in 16) are read one by one and sorted; otherwise they
/// are picked from the name index in order, which stops as soon as `limit` are found.
pub fn members(
    tx: &Tx,
    seqs: &[i64],
    point: Option<PointKind>,
    limit: usize,
) -> Result<Vec<MemberRow>, StoreError> {
    let total = super::contacts::count(tx)?.max(0) as usize;
    let mut named: Vec<(i64, String)> = Vec::new();
    if seqs.len().saturating_mul(16) < total {
        let mut st = tx.prepare_cached("SELECT display_name FROM contact WHERE seq = ?1")?;
        for &seq in seqs {
            named.push((seq, st.query_row([seq], |r| r.get(0))?));
        }
        named.sort_by(|a, b| {
            let key = |n: &String| n.to_ascii_lowercase();
            key(&a.1).cmp(&key(&b.1)).then(a.0.cmp(&b.0))
        });
        named.truncate(limit);
    } else {
        let wanted: FxHashSet<i64> = seqs.iter().copied().collect();
        let mut st = tx.prepare_cached(
            "SELECT seq, display_name FROM contact INDEXED BY contact_by_name ORDER BY display_name COLLATE NOCASE, seq",
        )?;
        let mut rows = st.query([])?;
        while named.len() < limit
            && let Some(r) = rows.next()?
        {
            let seq: i64 = r.get(0)?;
            if wanted.contains(&seq) {
                named.push((seq, r.get(1)?));
            }
        }
    }
    let list: Vec<i64> = named.iter().map(|(seq, _)| *seq).collect();
    let json = serde_json::to_string(&list).map_err(|e| StoreError::Database(e.to_string()))?;
    let mut ids: HashMap<i64, ContactId> = HashMap::with_capacity(list.len());
    {
        let mut st = tx.prepare_cached(
            "SELECT seq, id FROM contact WHERE seq IN (SELECT value FROM json_each(?1))",
        )?;
        let mut rows = st.query([&json])?;
        while let Some(r) = rows.next()? {
            ids.insert(r.get(0)?, id_from_sql(r.get(1)?)?);
        }
    }
    let mut addresses = match point {
        Some(kind) => addresses(tx, &json, kind)?,
        None => HashMap::new(),
    };
    named
        .into_iter()
        .map(|(seq, name)| {
            Ok(MemberRow {
                id: ids.remove(&seq).ok_or(StoreError::NotFound)?,
                name,
                address: addresses.remove(&seq),
            })
        })
        .collect()
}

/// The address on `point` of each contact of the JSON array `seqs` that has one: the
/// preferred, else the first added.
fn addresses(tx: &Tx, seqs: &str, point: PointKind) -> Result<HashMap<i64, String>, StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT contact_seq, value FROM contact_point
         WHERE contact_seq IN (SELECT value FROM json_each(?1)) AND kind_code = ?2
         ORDER BY contact_seq, preferred DESC, id",
    )?;
    let mut out = HashMap::new();
    let mut rows = st.query(params![seqs, kind_code(point)])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_insert(r.get(1)?);
    }
    Ok(out)
}
