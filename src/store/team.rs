//! The team's rows in the store: this device's membership and keys (`team_self`, `team_epoch`),
//! what was applied of every other device's chain (`team_cursor`), the roster and the
//! invitations, the change log's reads (local versions, own changes, snapshots), and applying
//! merged changes to the rows the app reads (`team/apply.rs`), in the caller's transaction.
//! Pure decisions are in `team::merge`; this file only reads the local versions and writes the
//! outcome.

use super::changes::{self, device_of};
use super::team_log;

mod apply;
mod plain;
use super::{StoreError, Tx};
use crate::team::change::{Change, Device, Entity};
use crate::team::hlc::Hlc;
use crate::team::merge::Local;
pub use apply::{apply, apply_with};
use rusqlite::{OptionalExtension, params};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use zeroize::Zeroizing;

/// Whether this device is a full member or still waiting for its welcome.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum State {
    Active,
    Joining,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Active => "active",
            State::Joining => "joining",
        }
    }
}

/// This store's team membership.
pub struct Membership {
    pub team_id: [u8; 16],
    pub name: String,
    pub folder: PathBuf,
    pub device_id: Device,
    pub member_id: [u8; 16],
    pub device_keys: Zeroizing<Vec<u8>>,
    pub team_key: Option<Zeroizing<Vec<u8>>>,
    pub state: State,
    pub clock: Hlc,
    /// The clock of the newest own change already published (-1: none).
    pub published: i64,
    /// The last own segment's sequence number (0: none yet) and digest.
    pub seq: u64,
    pub prev: Vec<u8>,
    pub compact_due: bool,
    pub last_round: Option<i64>,
    /// The join request this device wrote (while joining), as the invitation module encoded it.
    pub join_request: Option<Zeroizing<Vec<u8>>>,
}

impl std::fmt::Debug for Membership {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Membership")
            .field("state", &self.state)
            .field("seq", &self.seq)
            .finish_non_exhaustive()
    }
}

fn bytes16(v: Vec<u8>) -> Result<[u8; 16], StoreError> {
    device_of(v)
}

/// This store's membership, if it is in a team.
pub fn membership(tx: &Tx) -> Result<Option<Membership>, StoreError> {
    let row = tx
        .prepare_cached(
            "SELECT team_id, name, folder, device_id, member_id, device_keys, team_key, state, clock,
                    published, seq, prev, compact_due, last_round, join_request FROM team_self",
        )?
        .query_row([], |r| {
            Ok((
                (
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                    r.get::<_, Vec<u8>>(4)?,
                ),
                (
                    Zeroizing::new(r.get::<_, Vec<u8>>(5)?),
                    r.get::<_, Option<Vec<u8>>>(6)?.map(Zeroizing::new),
                    r.get::<_, String>(7)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, i64>(9)?,
                ),
                (
                    r.get::<_, i64>(10)?,
                    r.get::<_, Vec<u8>>(11)?,
                    r.get::<_, bool>(12)?,
                    r.get::<_, Option<i64>>(13)?,
                    r.get::<_, Option<Vec<u8>>>(14)?.map(Zeroizing::new),
                ),
            ))
        })
        .optional()?;
    let Some((
        (team, name, folder, device, member),
        (keys, team_key, state, clock, published),
        (seq, prev, compact_due, last_round, join),
    )) = row
    else {
        return Ok(None);
    };
    Ok(Some(Membership {
        team_id: bytes16(team)?,
        name,
        folder: PathBuf::from(folder),
        device_id: bytes16(device)?,
        member_id: bytes16(member)?,
        device_keys: keys,
        team_key,
        state: if state == "joining" {
            State::Joining
        } else {
            State::Active
        },
        clock: Hlc::from_db(clock),
        published,
        seq: seq.max(0) as u64,
        prev,
        compact_due,
        last_round,
        join_request: join,
    }))
}

/// What a new membership starts with.
pub struct NewMembership<'a> {
    pub team_id: [u8; 16],
    pub name: &'a str,
    pub folder: &'a std::path::Path,
    pub device_id: Device,
    pub member_id: [u8; 16],
    pub device_keys: &'a [u8],
    pub team_key: Option<&'a [u8]>,
    pub state: State,
}

/// Makes this store a team's (one team per store).
pub fn join(tx: &Tx, m: &NewMembership) -> Result<(), StoreError> {
    if membership(tx)?.is_some() {
        return Err(StoreError::Invalid(
            "this store is already in a team: see `rapport team`".into(),
        ));
    }
    super::activities::index_by_number(tx)?;
    tx.prepare_cached(
        "INSERT INTO team_self (one, team_id, name, folder, device_id, member_id, device_keys, team_key, state)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        m.team_id,
        m.name,
        m.folder.to_string_lossy(),
        m.device_id,
        m.member_id,
        m.device_keys,
        m.team_key,
        m.state.as_str()
    ])?;
    changes::resume(tx);
    Ok(())
}

/// Sets what the welcome brought (the team's id, this member's id, the team key), and the
/// device becomes active.
pub fn welcomed(
    tx: &Tx,
    team_id: &[u8; 16],
    member_id: &[u8; 16],
    team_key: &[u8],
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE team_self SET team_id = ?1, member_id = ?2, team_key = ?3, state = 'active', join_request = NULL",
    )?
    .execute(params![team_id, member_id, team_key])?;
    Ok(())
}

/// Keeps the join request this device wrote, until it is welcomed.
pub fn set_join_request(tx: &Tx, bytes: &[u8]) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE team_self SET join_request = ?1")?
        .execute([bytes])?;
    Ok(())
}

/// Changes the folder (it moved, or another path reaches it on this laptop).
pub fn set_folder(tx: &Tx, folder: &std::path::Path) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE team_self SET folder = ?1")?
        .execute([folder.to_string_lossy()])?;
    Ok(())
}

/// Records that a round finished at `at` (UTC microseconds).
pub fn round_done(tx: &Tx, at: i64) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE team_self SET last_round = ?1")?
        .execute([at])?;
    Ok(())
}

pub fn add_epoch_key(tx: &Tx, epoch: u32, key: &[u8]) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR REPLACE INTO team_epoch (epoch, key) VALUES (?1, ?2)")?
        .execute(params![epoch, key])?;
    Ok(())
}

/// Overwrites this device's team key material (device keys, team key, epoch keys) before a
/// removed laptop's store is deleted (issue 13).
pub fn forget_keys(tx: &Tx) -> Result<(), StoreError> {
    tx.execute_batch(
        "DELETE FROM team_epoch;
         UPDATE team_self SET device_keys = zeroblob(length(device_keys)), team_key = NULL;",
    )?;
    Ok(())
}

/// Drops this device's own claims on fields of `entity` (a non-admin newcomer's copy of the
/// team's vocabulary: the admins' version arrives instead). Returns how many rows went.
pub fn forget_own(tx: &Tx, device: &Device, entity: Entity) -> Result<usize, StoreError> {
    let Some(code) = team_log::device_code(tx, device)? else {
        return Ok(0);
    };
    Ok(tx
        .prepare_cached("DELETE FROM team_change WHERE device = ?1 AND entity = ?2")?
        .execute(params![code, entity.code()])?)
}

/// Every epoch key, oldest first.
/// An epoch's number and its key's bytes.
pub type StoredEpochKey = (u32, Zeroizing<Vec<u8>>);

pub fn epoch_keys(tx: &Tx) -> Result<Vec<StoredEpochKey>, StoreError> {
    let mut st = tx.prepare_cached("SELECT epoch, key FROM team_epoch ORDER BY epoch")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, Zeroizing::new(r.get(1)?))))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The stored roster (as `team::roster` encodes it).
pub fn roster(tx: &Tx) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT bytes FROM team_roster")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

pub fn set_roster(tx: &Tx, bytes: &[u8]) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR REPLACE INTO team_roster (one, bytes) VALUES (1, ?1)")?
        .execute([bytes])?;
    Ok(())
}

/// An invitation this device issued: its id, the secret the invitation module keeps to
/// recognise the join request, its expiry and whether it was used.
pub struct Invitation {
    pub id: Vec<u8>,
    pub secret: Zeroizing<Vec<u8>>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub fn add_invitation(
    tx: &Tx,
    id: &[u8],
    secret: &[u8],
    expires_at: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT INTO team_invite (id, secret, expires_at) VALUES (?1, ?2, ?3)")?
        .execute(params![id, secret, expires_at])?;
    Ok(())
}

pub fn invitations(tx: &Tx) -> Result<Vec<Invitation>, StoreError> {
    let mut st = tx.prepare_cached("SELECT id, secret, expires_at, used_at FROM team_invite")?;
    let rows = st.query_map([], |r| {
        Ok(Invitation {
            id: r.get(0)?,
            secret: Zeroizing::new(r.get(1)?),
            expires_at: r.get(2)?,
            used_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Marks an invitation used; false when it was used already (single use).
pub fn use_invitation(tx: &Tx, id: &[u8], at: i64) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached("UPDATE team_invite SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL")?
        .execute(params![id, at])?
        == 1)
}

/// What was applied of one other device's chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub seq: u64,
    pub digest: Vec<u8>,
    pub last_seen: Option<i64>,
}

pub fn cursors(tx: &Tx) -> Result<HashMap<Device, Cursor>, StoreError> {
    let mut st = tx.prepare_cached("SELECT device, seq, digest, last_seen FROM team_cursor")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, Vec<u8>>(0)?,
            Cursor {
                seq: r.get::<_, i64>(1)?.max(0) as u64,
                digest: r.get(2)?,
                last_seen: r.get(3)?,
            },
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (d, c) = row?;
        out.insert(device_of(d)?, c);
    }
    Ok(out)
}

pub fn set_cursor(tx: &Tx, device: &Device, c: &Cursor) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO team_cursor (device, seq, digest, last_seen) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![device, c.seq as i64, c.digest, c.last_seen])?;
    Ok(())
}

fn collect(
    st: &mut rusqlite::CachedStatement,
    p: impl rusqlite::Params,
) -> Result<Vec<Change>, StoreError> {
    let rows = st.query_map(p, team_log::change_from_row)?;
    let mut out = Vec::new();
    for row in rows {
        // A code this version does not know (a newer entity) is left alone.
        if let Some(c) = row? {
            out.push(c);
        }
    }
    Ok(out)
}

/// This device's changes newer than `after` (what the next segment publishes), oldest first.
pub fn own_changes_after(tx: &Tx, device: &Device, after: i64) -> Result<Vec<Change>, StoreError> {
    let Some(code) = team_log::device_code(tx, device)? else {
        return Ok(Vec::new());
    };
    // The outbox holds the keys of every own change not yet published (and a few stale ones).
    // CROSS JOIN: SQLite then reads the (small) outbox first and looks each row up, instead of
    // scanning the whole change log for this device's rows (an idle round does this query).
    let mut st = tx.prepare_cached(
        "SELECT c.entity, c.id, n.name, c.value, c.hlc, d.device
         FROM team_outbox o CROSS JOIN team_change c
              ON c.entity = o.entity AND c.id = o.id AND c.field = o.field
         JOIN team_name n ON n.code = c.field JOIN team_device d ON d.code = c.device
         WHERE c.device = ?1 AND c.hlc > ?2 ORDER BY c.hlc, c.entity, c.id, c.field",
    )?;
    collect(&mut st, params![code, after])
}

/// A snapshot of this device's part of the team: every field it is the winner of, and every
/// tombstone (they are never dropped, so each snapshot carries them all). It replaces all of
/// this device's earlier segments. In key order, team-wide vocabulary first and then each
/// contact with its consent records (a contact id sorts just before its `CONTACT/UID`s): a
/// newcomer then writes its change log and its rows in the order of their indexes, nearly an
/// append, instead of one random place of a large tree per field (issue 12's bootstrap).
pub fn own_snapshot(tx: &Tx, device: &Device) -> Result<Vec<Change>, StoreError> {
    // -1: no row has it (a device that never wrote still sends every tombstone).
    let code = team_log::device_code(tx, device)?.unwrap_or(-1);
    let mut st = tx.prepare_cached(&format!(
        "{} WHERE c.device = ?1 OR c.entity = ?2
         ORDER BY CASE c.entity WHEN ?3 THEN 0 WHEN ?4 THEN 1 WHEN ?5 THEN 2
                  WHEN ?2 THEN 3 ELSE 4 END, c.id, c.entity, c.field",
        team_log::CHANGE_COLUMNS
    ))?;
    collect(
        &mut st,
        params![
            code,
            Entity::Tombstone.code(),
            Entity::Interest.code(),
            Entity::Purpose.code(),
            Entity::Wording.code()
        ],
    )
}

/// After a segment of own changes up to `upto` went into the folder as `seq` with `digest`.
pub fn published(
    tx: &Tx,
    upto: Hlc,
    seq: u64,
    digest: &[u8],
    compacted: bool,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE team_self SET published = max(published, ?1), seq = ?2, prev = ?3,
            compact_due = CASE WHEN ?4 THEN 0 ELSE compact_due END",
    )?
    .execute(params![upto.to_db(), seq as i64, digest, compacted])?;
    let me: Option<(Vec<u8>, i64)> = tx
        .prepare_cached("SELECT device_id, published FROM team_self")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((device, published)) = me {
        team_log::published(tx, &device_of(device)?, published)?;
    }
    Ok(())
}

/// Sealed segments waiting to land in the folder (set in the transaction that advanced the
/// chain; cleared once they are there).
pub fn pending(tx: &Tx) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT pending FROM team_self")?
        .query_row([], |r| r.get(0))
        .optional()?
        .flatten())
}

pub fn set_pending(tx: &Tx, bytes: Option<&[u8]>) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE team_self SET pending = ?1")?
        .execute([bytes])?;
    Ok(())
}

/// Asks for a compaction in the next round (after an erasure, or when the chain grew long).
pub fn compaction_due(tx: &Tx) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE team_self SET compact_due = 1")?
        .execute([])?;
    Ok(())
}

/// The local versions of the fields `changes` touch, and which of their contacts are erased.
/// One lookup per entity (all its fields at once), not one per field: a contact's twenty
/// fields arrive together.
pub fn local_state(tx: &Tx, changes: &[Change]) -> Result<Local, StoreError> {
    let mut local = Local::default();
    // The codes once (two small tables), not joined into each of the lookups below.
    let names = team_log::names(tx)?;
    let devices = team_log::devices(tx)?;
    let mut version = tx.prepare_cached(
        "SELECT field, hlc, device FROM team_change WHERE entity = ?1 AND id = ?2",
    )?;
    let mut erased =
        tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM tombstone WHERE subject = ?1)")?;
    let mut seen_contacts = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for c in changes {
        if seen.insert((c.entity, c.id.as_str())) {
            let rows =
                version.query_map(params![c.entity.code(), team_log::encode_id(&c.id)], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })?;
            for row in rows {
                let (field, hlc, dev) = row?;
                let (Some(field), Some(dev)) = (names.get(&field), devices.get(&dev)) else {
                    return Err(StoreError::Database("malformed change log code".into()));
                };
                local.versions.insert(
                    (c.entity, c.id.clone(), field.clone()),
                    (Hlc::from_db(hlc), *dev),
                );
            }
        }
        if let Some(contact) = c.contact()
            && seen_contacts.insert(contact.to_owned())
            && erased.query_row([contact], |r| r.get::<_, bool>(0))?
        {
            local.tombstoned.insert(contact.to_owned());
        }
    }
    Ok(local)
}

/// Moves this device's clock forward to `seen` (after the changes were applied).
pub fn observe_clock(tx: &Tx, seen: Hlc) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE team_self SET clock = max(clock, ?1)")?
        .execute([seen.to_db()])?;
    Ok(())
}

/// A canonical text of the shared data as the app reads it (tests compare replicas with it):
/// contacts with their fields and objections, consent records by team id, purposes,
/// wordings, interests and tombstones, sorted.
pub fn canonical_dump(tx: &Tx) -> Result<String, StoreError> {
    let mut lines: Vec<String> = Vec::new();
    for id in super::contacts::all_ids(tx)? {
        let Some(c) = super::contacts::get(tx, id)? else {
            continue;
        };
        let objections = super::consents::objections(tx, id)?;
        for (f, v) in changes::contact_fields(&c, &objections) {
            lines.push(format!("contact {id} {f} {v}"));
        }
        for consent in super::consents::list_for(tx, id)? {
            let uid: Option<String> = tx
                .prepare_cached("SELECT uid FROM team_consent WHERE consent_id = ?1")?
                .query_row([consent.id], |r| r.get(0))
                .optional()?;
            let uid = uid.unwrap_or_else(|| format!("local-{}", consent.id));
            for (f, v) in changes::consent_fields(tx, &consent)? {
                lines.push(format!("consent {uid} {f} {v}"));
            }
        }
    }
    for p in super::purposes::list(tx)? {
        for (f, v) in changes::purpose_fields(&p) {
            lines.push(format!("purpose {} {f} {v}", p.name));
        }
        for (version, text) in super::purposes::wordings(tx, p.id)? {
            lines.push(format!("wording {} {version} {text}", p.name));
        }
    }
    for i in super::purposes::interest_list(tx)? {
        lines.push(format!("interest {} {}", i.name, i.label));
    }
    let mut st = tx.prepare_cached("SELECT subject FROM tombstone")?;
    for s in st.query_map([], |r| r.get::<_, String>(0))? {
        lines.push(format!("tombstone {}", s?));
    }
    lines.extend(super::team_everyday::canonical_lines(tx)?);
    lines.sort();
    Ok(lines.join("\n"))
}

/// How many fields of each entity the change log holds (for `rapport team --json` and tests).
pub fn field_counts(tx: &Tx) -> Result<BTreeMap<String, i64>, StoreError> {
    let mut st = tx.prepare_cached("SELECT entity, count(*) FROM team_change GROUP BY entity")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (code, n) = row?;
        let name = Entity::from_code(code)
            .map(|e| e.as_str().to_owned())
            .unwrap_or_else(|| format!("entity-{code}"));
        out.insert(name, n);
    }
    Ok(out)
}
