//! Applying the other devices' new segments, in chain order per device: each is read, opened
//! (signature, team, epoch key), checked against its device's chain (a gap waits, a replay or
//! fork is refused) and decoded; the valid ones are applied several to a transaction (a
//! newcomer's snapshot arrives in about a hundred segments, and each commit rewrites the pages
//! the indexes share), each merged under the role its member held at that point of the roster.
//! A new device starts from each device's newest snapshot, not from years of history.

use super::apply::Stopped;
use super::apply::{Batch, apply_batches};
use super::audit_sync;
use super::round::{may_write, rejected};
use super::state::Ctx;
use super::{RejectedFile, RoundReport, TeamError};
use crate::domain::{AuditEvent, Instant};
use crate::store::{self, Store};

use crate::team::audit_wire;
use crate::team::change::{self, Change};
use crate::team::folder::{Found, Item, TeamFolder};
use crate::team::keys::DeviceId;
use crate::team::roster::Roster;
use crate::team::segment::{self, Continuity, SegmentKind};
use std::collections::BTreeMap;

/// Changes applied in one transaction, at most (ten segments of a snapshot): the page cache
/// the round raises (`BULK_CACHE_KIB`) holds what they dirty, and a crash repeats at most this.
const GROUP_CHANGES: usize = 200_000;

/// Why a device's run ended before its newest segment.
enum Note {
    Waiting(String),
    Rejected(RejectedFile),
}

/// A segment checked and decoded, waiting for its group's transaction.
struct Ready<'f> {
    file: &'f Found,
    seq: u64,
    changes: Vec<Change>,
    events: Vec<AuditEvent>,
    cursor: store::team::Cursor,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn apply_all(
    store: &mut Store,
    ctx: &Ctx,
    folder: &TeamFolder,
    found: &[Found],
    roster: &Roster,
    now: Instant,
    report: &mut RoundReport,
    raised: &mut bool,
) -> Result<(), TeamError> {
    let cursors = store.read(store::team::cursors)?;
    let mut by_device: BTreeMap<DeviceId, Vec<(u64, SegmentKind, &Found)>> = BTreeMap::new();
    for f in found {
        if let Item::Segment { seq, kind, .. } = f.item
            && f.device != ctx.device
        {
            by_device.entry(f.device).or_default().push((seq, kind, f));
        }
    }
    for (device, mut segs) in by_device {
        segs.sort_by_key(|s| s.0);
        let cursor = cursors.get(&device.0);
        let newest = segs.last().map(|s| s.0).unwrap_or(0);
        if cursor.is_some_and(|c| c.seq >= newest) {
            continue; // nothing new: names only, no file read
        }
        let expected = cursor.map(|c| c.seq + 1).unwrap_or(0);
        let start = match segs.iter().position(|s| s.0 == expected) {
            // A new device starts from the newest snapshot even when the chain's start is
            // still there: the snapshot holds everything that device's older segments won.
            Some(_) if cursor.is_none() => segs
                .iter()
                .rposition(|s| s.1 == SegmentKind::Snapshot)
                .unwrap_or(0),
            Some(i) => i,
            None => match segs
                .iter()
                .rposition(|s| s.1 == SegmentKind::Snapshot && s.0 >= expected)
            {
                Some(i) => i,
                None => {
                    report.waiting.push(format!(
                        "dev-{device}: segment {expected} has not arrived yet"
                    ));
                    continue;
                }
            },
        };
        let mut last: Option<(u64, [u8; 32])> =
            cursor.and_then(|c| Some((c.seq, c.digest.as_slice().try_into().ok()?)));
        let mut group: Vec<Ready> = Vec::new();
        let mut stopped = false;
        let mut end: Option<Note> = None;
        for &(seq, kind, f) in &segs[start..] {
            let jump = kind == SegmentKind::Snapshot && last.is_none_or(|(s, _)| seq > s + 1);
            if let Some((s, _)) = last
                && seq != s + 1
                && !jump
            {
                if seq > s + 1 {
                    end = Some(Note::Waiting(format!(
                        "dev-{device}: segment {} has not arrived yet",
                        s + 1
                    )));
                }
                break;
            }
            let bytes = match folder.read(f) {
                Ok(b) => b,
                Err(crate::team::folder::FolderError::Gone) => break,
                Err(e) => {
                    end = Some(Note::Rejected(rejected(f, e)));
                    break;
                }
            };
            let (h, payload) =
                match segment::open(&bytes, roster.team, &|h| roster.segment_signer(h), &|e| {
                    ctx.epoch_key(e)
                }) {
                    Ok(x) => x,
                    Err(r) => {
                        end = Some(Note::Rejected(rejected(f, r)));
                        break;
                    }
                };
            if h.device != f.device || h.seq != seq || h.kind != kind {
                end = Some(Note::Rejected(rejected(
                    f,
                    "damaged (its name does not match its contents)",
                )));
                break;
            }
            let digest = segment::digest(&bytes);
            if !jump {
                match segment::continuity(last, &h, &digest) {
                    Continuity::Next | Continuity::Start => {}
                    Continuity::Duplicate | Continuity::Stale => continue,
                    Continuity::Fork => {
                        end = Some(Note::Rejected(rejected(
                            f,
                            "replayed or forged (it does not follow the device's chain)",
                        )));
                        break;
                    }
                    Continuity::Gap { missing_from } => {
                        end = Some(Note::Waiting(format!(
                            "dev-{device}: segment {missing_from} has not arrived yet"
                        )));
                        break;
                    }
                }
            }
            let changes = match change::decode(&payload) {
                Ok(c) => c,
                Err(e) => {
                    end = Some(Note::Rejected(rejected(f, e)));
                    break;
                }
            };
            let events = match audit_wire::events(&payload) {
                Ok(e) => e,
                Err(e) => {
                    end = Some(Note::Rejected(rejected(f, e)));
                    break;
                }
            };
            if !events.is_empty() && !group.is_empty() {
                // Its events continue the device's audit chain as the store holds it: the
                // segments before it are applied first.
                let before = std::mem::take(&mut group);
                if !apply_group(store, roster, device, before, now, report, raised)? {
                    stopped = true;
                    break;
                }
            }
            let events = match audit_sync::check(store, device, roster, &events)? {
                Ok(new) => new,
                Err(broken) => {
                    end = Some(Note::Rejected(rejected(f, broken)));
                    break;
                }
            };
            let cursor = store::team::Cursor {
                seq,
                digest: digest.to_vec(),
                last_seen: Some(now.timestamp_micros()),
            };
            group.push(Ready {
                file: f,
                seq,
                changes,
                events,
                cursor,
            });
            last = Some((seq, digest));
            if group.iter().map(|r| r.changes.len()).sum::<usize>() >= GROUP_CHANGES {
                let full = std::mem::take(&mut group);
                if !apply_group(store, roster, device, full, now, report, raised)? {
                    stopped = true;
                    break;
                }
            }
        }
        if !stopped && !group.is_empty() {
            stopped = !apply_group(store, roster, device, group, now, report, raised)?;
        }
        // What ended the run, reported after what came before it was applied; nothing past
        // a segment that waits for its clock was read for the run.
        match end {
            Some(Note::Waiting(w)) if !stopped => report.waiting.push(w),
            Some(Note::Rejected(r)) if !stopped => report.rejected.push(r),
            _ => {}
        }
    }
    Ok(())
}

/// Applies `group` (consecutive segments of `device`) in one transaction and reports each.
/// False when a segment's clock was too far ahead: it and the ones after it wait, and the
/// device's run ends there. A store failure keeps the segments before the failing one.
fn apply_group(
    store: &mut Store,
    roster: &Roster,
    device: DeviceId,
    group: Vec<Ready>,
    now: Instant,
    report: &mut RoundReport,
    raised: &mut bool,
) -> Result<bool, TeamError> {
    if !*raised {
        // Transactions over pages spread through a large change log: keep them decrypted
        // between transactions (as the retention sweep does); the round gives the memory
        // back. An idle round never gets here.
        store.set_cache_kib(store::BULK_CACHE_KIB)?;
        *raised = true;
    }
    let mut meta = Vec::with_capacity(group.len());
    let mut batches = Vec::with_capacity(group.len());
    for r in group {
        meta.push((r.file, r.seq, r.events.len()));
        let (seq, events, cursor) = (r.seq, r.events, r.cursor);
        batches.push(Batch {
            changes: r.changes,
            may_write: Box::new(move |d, e| may_write(roster, d, e, (device, seq))),
            also: Box::new(move |tx| {
                store::team::set_cursor(tx, &device.0, &cursor)?;
                audit_sync::store_in(tx, &device.0, &events)
            }),
        });
    }
    let results = apply_batches(store, batches, now)?;
    for ((f, seq, events), result) in meta.into_iter().zip(results) {
        match result {
            Ok(a) => {
                report.audit_events += events;
                if !a.refused.is_empty() {
                    let role = roster
                        .role_at(device, Some(seq))
                        .map_or("none (removed)".to_string(), |r| r.to_string());
                    report.rejected.push(rejected(
                        f,
                        format!(
                            "{} changes refused: the role of its member at that point of the roster ({role}) does not allow them",
                            a.refused.len()
                        ),
                    ));
                }
                report.applied += a.written;
                report.segments_applied += 1;
                report.erased += a.erased;
                report.dropped += a.dropped;
                report.refused_changes += a.refused.len();
            }
            Err(Stopped::ClockAhead(c)) => {
                report.clock_ahead_minutes =
                    Some(report.clock_ahead_minutes.unwrap_or(0).max(c.minutes));
                report.rejected.push(rejected(f, c));
                return Ok(false);
            }
            // The segments before it are committed; the round fails as a store failure does.
            Err(Stopped::Failed(e)) => return Err(e),
        }
    }
    Ok(true)
}
