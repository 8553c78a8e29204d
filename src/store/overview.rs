//! Whole-store figures for the privacy overview, read in one scan of the consent table (never
//! one query per contact): every consent record with its contact, and the number of contacts.

use super::consents::from_row;
use super::{StoreError, Tx};
use crate::domain::consent::Consent;

/// Calls `each(contact_seq, consents)` once per contact that has any consent record, with its
/// records in the order they were given.
pub fn for_each_contact_consents(
    tx: &Tx,
    mut each: impl FnMut(i64, &[Consent]),
) -> Result<(), StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT id, purpose_id, given_at, expires_at, source_kind, source_ref, wording_version, withdrawn_at, contact_seq
         FROM consent ORDER BY contact_seq, given_at, id",
    )?;
    let mut rows = st.query([])?;
    let mut current: Option<i64> = None;
    let mut batch: Vec<Consent> = Vec::new();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(8)?;
        if let Some(c) = current
            && c != seq
        {
            each(c, &batch);
            batch.clear();
        }
        current = Some(seq);
        batch.push(from_row(r)?);
    }
    if let Some(seq) = current {
        each(seq, &batch);
    }
    Ok(())
}

/// Number of contacts (from the counter `contacts::insert` and the delete trigger keep).
pub fn contacts(tx: &Tx) -> Result<usize, StoreError> {
    Ok(usize::try_from(super::contacts::count(tx)?).unwrap_or(0))
}
