//! The change log's compact rows (`team_change`, schema 17) behind the text API of
//! `changes.rs` and `team.rs`: entities by `Entity::code`, field names by a code of
//! `team_name`, devices by a code of `team_device`, and ids as 16 bytes when they are a
//! contact's uuid (32 for a consent's `CONTACT/UID`). Every other id stays text, so an id
//! always reads back exactly as it was written (the encoding is checked by round trip, not
//! trusted). Callers never see a code.

use super::{StoreError, Tx};
use crate::team::change::{Change, Device, Entity};
use crate::team::hlc::Hlc;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// Names met after the fixed ones get codes from here up (1-99 are fixed by the migration).
const FIRST_FREE_NAME: i64 = 1000;

/// The stored form of an id: 16 bytes for a lowercase hyphenated uuid, 32 for
/// `UUID/32 lowercase hex digits` (a consent's team id), text for anything else.
pub(super) fn encode_id(id: &str) -> Value {
    if let Some(u) = uuid_bytes(id) {
        return Value::Blob(u.to_vec());
    }
    if id.len() == 69
        && id.as_bytes()[36] == b'/'
        && let Some(u) = uuid_bytes(&id[..36])
    {
        let tail = &id[37..];
        let mut rest = [0u8; 16];
        if tail.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            && hex::decode_to_slice(tail, &mut rest).is_ok()
        {
            let mut out = u.to_vec();
            out.extend_from_slice(&rest);
            return Value::Blob(out);
        }
    }
    Value::Text(id.to_owned())
}

fn uuid_bytes(s: &str) -> Option<[u8; 16]> {
    if s.len() != 36 {
        return None;
    }
    let u = uuid::Uuid::try_parse(s).ok()?;
    let mut canonical = [0u8; uuid::fmt::Hyphenated::LENGTH];
    (u.hyphenated().encode_lower(&mut canonical).as_bytes() == s.as_bytes()).then(|| *u.as_bytes())
}

/// The text of a stored id (the inverse of `encode_id`).
pub(super) fn decode_id(v: ValueRef) -> rusqlite::Result<String> {
    match v {
        ValueRef::Text(t) => Ok(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) if b.len() == 16 => Ok(hyphenated(b)),
        ValueRef::Blob(b) if b.len() == 32 => Ok(format!(
            "{}/{}",
            hyphenated(&b[..16]),
            hex::encode(&b[16..])
        )),
        _ => Err(rusqlite::Error::InvalidColumnType(
            1,
            "id".into(),
            v.data_type(),
        )),
    }
}

fn hyphenated(b: &[u8]) -> String {
    uuid::Uuid::from_slice(b)
        .map(|u| u.hyphenated().to_string())
        .unwrap_or_default()
}

/// The bounds (exclusive) of the stored ids of a contact's consent records, when the contact
/// id is a uuid: its 16 bytes, and those followed by more than any 16 bytes can be.
pub(super) fn consent_range(contact: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let u = uuid_bytes(contact)?;
    let mut hi = u.to_vec();
    hi.extend_from_slice(&[0xff; 17]);
    Some((u.to_vec(), hi))
}

/// Codes looked up once per call that writes many rows (a batch of changes).
#[derive(Default)]
pub(super) struct Codes {
    names: HashMap<String, i64>,
    devices: HashMap<Device, i64>,
}

impl Codes {
    /// The code of a field name, given one the first time it is met.
    pub fn name(&mut self, tx: &Tx, name: &str) -> Result<i64, StoreError> {
        if let Some(c) = self.names.get(name) {
            return Ok(*c);
        }
        let code = match name_code(tx, name)? {
            Some(c) => c,
            None => {
                tx.prepare_cached(
                    "INSERT INTO team_name (code, name)
                     VALUES ((SELECT max(coalesce(max(code), 0) + 1, ?1) FROM team_name), ?2)",
                )?
                .execute(params![FIRST_FREE_NAME, name])?;
                tx.last_insert_rowid()
            }
        };
        self.names.insert(name.to_owned(), code);
        Ok(code)
    }

    /// The code of a device, given one the first time it is met.
    pub fn device(&mut self, tx: &Tx, device: &Device) -> Result<i64, StoreError> {
        if let Some(c) = self.devices.get(device) {
            return Ok(*c);
        }
        let code = match device_code(tx, device)? {
            Some(c) => c,
            None => {
                tx.prepare_cached("INSERT INTO team_device (device) VALUES (?1)")?
                    .execute([device])?;
                tx.last_insert_rowid()
            }
        };
        self.devices.insert(*device, code);
        Ok(code)
    }
}

/// The code of a field name, if it was ever written.
pub(super) fn name_code(tx: &Tx, name: &str) -> Result<Option<i64>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT code FROM team_name WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// The code of a device, if it ever wrote a row here.
pub(super) fn device_code(tx: &Tx, device: &Device) -> Result<Option<i64>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT code FROM team_device WHERE device = ?1")?
        .query_row([device], |r| r.get(0))
        .optional()?)
}

/// Every field name by its code.
pub(super) fn names(tx: &Tx) -> Result<HashMap<i64, String>, StoreError> {
    let mut st = tx.prepare_cached("SELECT code, name FROM team_name")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every device by its code.
pub(super) fn devices(tx: &Tx) -> Result<HashMap<i64, Device>, StoreError> {
    let mut st = tx.prepare_cached("SELECT code, device FROM team_device")?;
    let mut out = HashMap::new();
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))? {
        let (code, d) = row?;
        out.insert(code, super::changes::device_of(d)?);
    }
    Ok(out)
}

const PUT: &str = "INSERT INTO team_change (entity, id, field, value, hlc, device) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
     ON CONFLICT (entity, id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, device = excluded.device";

/// Writes one change as the winner of its field.
pub(super) fn put_with(tx: &Tx, codes: &mut Codes, c: &Change) -> Result<(), StoreError> {
    put_all(tx, codes, std::iter::once(c))
}

/// Writes each change as the winner of its field, with one statement for all (a batch holds
/// thousands: the statement cache's lookup of the text cost as much as a row).
pub(super) fn put_all<'c>(
    tx: &Tx,
    codes: &mut Codes,
    changes: impl IntoIterator<Item = &'c Change>,
) -> Result<(), StoreError> {
    let mut st = tx.prepare_cached(PUT)?;
    for c in changes {
        let field = codes.name(tx, &c.field)?;
        let device = codes.device(tx, &c.device)?;
        st.execute(params![
            c.entity.code(),
            encode_id(&c.id),
            field,
            c.value,
            c.hlc.to_db(),
            device
        ])?;
    }
    Ok(())
}

/// Writes one change of this device (a local write): the winner of its field, and in the
/// outbox the next segment is read from.
pub(super) fn put_own(tx: &Tx, codes: &mut Codes, c: &Change) -> Result<(), StoreError> {
    put_with(tx, codes, c)?;
    let field = codes.name(tx, &c.field)?;
    tx.prepare_cached("INSERT OR IGNORE INTO team_outbox (entity, id, field) VALUES (?1, ?2, ?3)")?
        .execute(params![c.entity.code(), encode_id(&c.id), field])?;
    Ok(())
}

/// Empties the outbox of what was published up to `upto`, and of keys whose row is gone or
/// was since won by another device.
pub(super) fn published(tx: &Tx, device: &Device, upto: i64) -> Result<(), StoreError> {
    let code = device_code(tx, device)?.unwrap_or(-1);
    tx.prepare_cached(
        "DELETE FROM team_outbox WHERE NOT EXISTS (SELECT 1 FROM team_change c
            WHERE c.entity = team_outbox.entity AND c.id = team_outbox.id
              AND c.field = team_outbox.field AND c.device = ?1 AND c.hlc > ?2)",
    )?
    .execute(params![code, upto])?;
    Ok(())
}

/// The columns every query of whole changes selects, in `change_from_row`'s order.
pub(super) const CHANGE_COLUMNS: &str = "SELECT c.entity, c.id, n.name, c.value, c.hlc, d.device
     FROM team_change c JOIN team_name n ON n.code = c.field JOIN team_device d ON d.code = c.device";

/// A change from a row of `CHANGE_COLUMNS`; `None` for an entity this version does not know.
pub(super) fn change_from_row(r: &rusqlite::Row) -> rusqlite::Result<Option<Change>> {
    let Some(entity) = Entity::from_code(r.get(0)?) else {
        return Ok(None);
    };
    Ok(Some(Change {
        entity,
        id: decode_id(r.get_ref(1)?)?,
        field: r.get(2)?,
        value: r.get(3)?,
        hlc: Hlc::from_db(r.get(4)?),
        device: r.get::<_, Vec<u8>>(5)?.try_into().unwrap_or([0; 16]),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_only_canonical_uuids_shrink() {
        let contact = "0b5e4a4e-8f9b-4c1e-9d2a-3f6b7c8d9e0f";
        let consent = format!("{contact}/00112233445566778899aabbccddeeff");
        for (id, len) in [(contact.to_string(), Some(16)), (consent.clone(), Some(32))] {
            let v = encode_id(&id);
            match &v {
                Value::Blob(b) => assert_eq!(Some(b.len()), len),
                _ => panic!("not compacted"),
            }
            let back = match &v {
                Value::Blob(b) => decode_id(ValueRef::Blob(b)).unwrap(),
                _ => unreachable!(),
            };
            assert_eq!(back, id);
        }
        // Upper case, braces, simple form, names: kept as text, exactly.
        for id in [
            contact.to_uppercase(),
            contact.replace('-', ""),
            format!("{{{contact}}}"),
            "Marketing".into(),
            format!("{contact}/00112233445566778899AABBCCDDEEFF"),
            format!("{contact}/xyz"),
        ] {
            assert_eq!(encode_id(&id), Value::Text(id.clone()));
        }
        let (lo, hi) = consent_range(contact).unwrap();
        let Value::Blob(b) = encode_id(&consent) else {
            unreachable!()
        };
        assert!(lo < b && b < hi);
    }
}
