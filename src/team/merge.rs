//! The merge rule, as a pure function of (what this store holds, remote changes) → (what to
//! write, what to erase, what was refused and why). Per field, the last writer wins by (clock,
//! device id): a total order, so any delivery order converges and applying a batch twice writes
//! nothing. An erasure tombstone beats every change of its contact, whatever its clock, for
//! ever. A batch with a clock more than five minutes ahead of `now` is refused whole, and then
//! nothing moves this device's clock. No clock, no I/O here: the store reads the local versions
//! and writes the result (`store::team`).

use super::change::{Change, Device, Entity};
use super::hlc::{ClockAhead, Hlc};
use std::collections::{HashMap, HashSet};

/// The local versions of the fields a batch touches, and the erased contacts.
#[derive(Default, Debug)]
pub struct Local {
    pub versions: HashMap<(Entity, String, String), (Hlc, Device)>,
    pub tombstoned: HashSet<String>,
}

/// What the roster says at merge time.
pub struct Rules<'a> {
    /// Milliseconds of wall time on this device.
    pub now_ms: u64,
    /// Whether the member of `device` may write changes of this kind (a read-only member may
    /// not write anything; a removed device nothing after its removal point).
    pub may_write: &'a dyn Fn(&Device, Entity) -> bool,
}

/// A change refused at merge, with a reason for `sync --json` (no personal data).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Refused {
    pub device: Device,
    pub entity: Entity,
    pub reason: &'static str,
}

/// The outcome of one merge.
#[derive(Default, Debug)]
pub struct Merged {
    /// The new winners, at most one per field, team-wide vocabulary first (a contact's answers
    /// need the interest), then tombstones, contacts and consents.
    pub writes: Vec<Change>,
    /// Contacts erased by this batch: purge them here.
    pub erase: Vec<String>,
    /// Changes to erased contacts, dropped.
    pub dropped: usize,
    pub refused: Vec<Refused>,
    /// The newest clock in the batch: this device's clock after the batch is applied.
    pub clock: Hlc,
}

fn rank(e: Entity) -> u8 {
    match e {
        Entity::Interest | Entity::Outcome | Entity::Industry => 0,
        Entity::Purpose => 1,
        Entity::Wording => 2,
        Entity::Tombstone => 3,
        Entity::Organisation => 4,
        Entity::Contact => 5,
        Entity::Consent => 6,
        Entity::Activity => 7,
        Entity::FollowUp => 8,
        Entity::Request => 9,
    }
}

/// Merges `remote` into `local` under `rules`.
pub fn merge(local: &Local, remote: Vec<Change>, rules: &Rules) -> Result<Merged, ClockAhead> {
    let clock = remote.iter().map(|c| c.hlc).max().unwrap_or_default();
    Hlc::check(clock, rules.now_ms)?;
    let mut out = Merged {
        clock,
        ..Merged::default()
    };
    let allowed = |c: &Change, out: &mut Merged| {
        let ok = (rules.may_write)(&c.device, c.entity);
        if !ok {
            out.refused.push(Refused {
                device: c.device,
                entity: c.entity,
                reason: "written by a member whose role does not allow it",
            });
        }
        ok
    };
    // Tombstones first: an erasure in this batch also drops the batch's other changes of that
    // contact, in whatever order they came.
    let mut erased: HashSet<&str> = HashSet::new();
    for c in remote.iter().filter(|c| c.entity == Entity::Tombstone) {
        if allowed(c, &mut out) {
            erased.insert(&c.id);
        }
    }
    // The candidates in the order the writes go out (vocabulary first, then by id and field),
    // each field's newest first: the first of each field is its winner. One sort of
    // references, no hashing of a batch's (often 20,000) keys.
    let mut candidates: Vec<usize> = Vec::with_capacity(remote.len());
    for (i, c) in remote.iter().enumerate() {
        if c.entity != Entity::Tombstone {
            if let Some(contact) = c.contact()
                && (local.tombstoned.contains(contact) || erased.contains(contact))
            {
                out.dropped += 1;
                continue;
            }
            if !allowed(c, &mut out) {
                continue;
            }
        } else if !erased.contains(c.id.as_str()) {
            continue; // refused above
        }
        candidates.push(i);
    }
    candidates.sort_by(|&a, &b| {
        let (a, b) = (&remote[a], &remote[b]);
        (rank(a.entity), a.entity, &a.id, &a.field)
            .cmp(&(rank(b.entity), b.entity, &b.id, &b.field))
            .then_with(|| b.version().cmp(&a.version()))
    });
    // The local versions by borrowed key (a newcomer has none).
    let here: HashMap<(Entity, &str, &str), &(Hlc, Device)> = local
        .versions
        .iter()
        .map(|((e, id, f), v)| ((*e, id.as_str(), f.as_str()), v))
        .collect();
    let mut winners: Vec<usize> = Vec::with_capacity(candidates.len());
    let mut previous: Option<&Change> = None;
    for i in candidates {
        let c = &remote[i];
        if previous.is_some_and(|p| p.entity == c.entity && p.id == c.id && p.field == c.field) {
            continue; // an older (or the same) change of a field already decided
        }
        previous = Some(c);
        if here
            .get(&(c.entity, c.id.as_str(), c.field.as_str()))
            .is_some_and(|v| **v >= c.version())
        {
            continue; // already here, or beaten here: idempotent
        }
        winners.push(i);
    }
    let erased: HashSet<String> = erased.into_iter().map(str::to_owned).collect();
    // The winners move out of the batch (a newcomer's snapshot: every change), in order.
    let mut slots: Vec<Option<Change>> = remote.into_iter().map(Some).collect();
    out.writes = winners
        .into_iter()
        .filter_map(|i| slots[i].take())
        .collect();
    let mut newly: Vec<String> = erased
        .into_iter()
        .filter(|id| !local.tombstoned.contains(id))
        .collect();
    newly.sort();
    out.erase = newly;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(entity: Entity, id: &str, field: &str, value: &str, hlc: u64, dev: u8) -> Change {
        Change {
            entity,
            id: id.into(),
            field: field.into(),
            value: value.into(),
            hlc: Hlc::new(hlc, 0),
            device: [dev; 16],
        }
    }

    fn rules(now_ms: u64) -> Rules<'static> {
        Rules {
            now_ms,
            may_write: &|_, _| true,
        }
    }

    #[test]
    fn the_later_clock_wins_and_ties_go_to_the_higher_device() {
        let a = ch(Entity::Contact, "c", "title", "\"A\"", 10, 1);
        let b = ch(Entity::Contact, "c", "title", "\"B\"", 10, 2);
        let c = ch(Entity::Contact, "c", "title", "\"C\"", 9, 3);
        for order in [
            vec![a.clone(), b.clone(), c.clone()],
            vec![c.clone(), b.clone(), a.clone()],
        ] {
            let m = merge(&Local::default(), order.clone(), &rules(100)).unwrap();
            assert_eq!(m.writes, vec![b.clone()]);
        }
    }

    #[test]
    fn what_is_already_here_is_not_written_again() {
        let a = ch(Entity::Contact, "c", "title", "\"A\"", 10, 1);
        let mut local = Local::default();
        local
            .versions
            .insert((Entity::Contact, "c".into(), "title".into()), a.version());
        let m = merge(&local, vec![a], &rules(100)).unwrap();
        assert!(m.writes.is_empty());
    }

    #[test]
    fn a_tombstone_beats_a_later_edit_in_the_same_batch_and_for_ever_after() {
        let edit = ch(Entity::Contact, "c", "title", "\"late\"", 50, 1);
        let grave = ch(Entity::Tombstone, "c", "erased", "{}", 10, 2);
        let m = merge(
            &Local::default(),
            vec![edit.clone(), grave.clone()],
            &rules(100),
        )
        .unwrap();
        assert_eq!(m.writes, vec![grave]);
        assert_eq!(m.erase, vec!["c".to_string()]);
        assert_eq!(m.dropped, 1);
        let mut local = Local::default();
        local.tombstoned.insert("c".into());
        let m = merge(&local, vec![edit], &rules(100)).unwrap();
        assert!(m.writes.is_empty() && m.erase.is_empty());
        assert_eq!(m.dropped, 1);
    }

    #[test]
    fn an_erased_persons_follow_ups_and_activity_links_are_dropped_the_activity_stays() {
        let follow_up = ch(Entity::FollowUp, "c/f", "state", "1", 50, 1);
        let link = ch(Entity::Activity, "c/a", "link", "true", 50, 1);
        let other = ch(Entity::Activity, "d/a", "link", "true", 50, 1);
        let activity = ch(Entity::Activity, "a", "outcome", "\"x\"", 50, 1);
        let grave = ch(Entity::Tombstone, "c", "erased", "{}", 10, 2);
        let all = [
            follow_up.clone(),
            link.clone(),
            other.clone(),
            activity.clone(),
        ];
        let mut batch = all.to_vec();
        batch.push(grave.clone());
        let m = merge(&Local::default(), batch, &rules(100)).unwrap();
        assert_eq!(m.dropped, 2);
        assert!(m.writes.contains(&other) && m.writes.contains(&activity));
        assert!(!m.writes.contains(&follow_up) && !m.writes.contains(&link));
        // A late change from a laptop that never saw the erasure: dropped for ever.
        let mut local = Local::default();
        local.tombstoned.insert("c".into());
        let m = merge(&local, all.to_vec(), &rules(100)).unwrap();
        assert_eq!(m.dropped, 2);
        assert_eq!(m.writes.len(), 2);
    }

    #[test]
    fn a_clock_far_ahead_refuses_the_batch() {
        let now = 1_000_000;
        let ahead = ch(Entity::Contact, "c", "title", "\"x\"", now + 9 * 60_000, 1);
        assert_eq!(
            merge(&Local::default(), vec![ahead], &rules(now))
                .unwrap_err()
                .minutes,
            9
        );
    }

    #[test]
    fn a_member_without_the_right_is_refused() {
        let a = ch(Entity::Contact, "c", "title", "\"A\"", 10, 1);
        let r = Rules {
            now_ms: 100,
            may_write: &|d, _| d != &[1; 16],
        };
        let m = merge(&Local::default(), vec![a], &r).unwrap();
        assert!(m.writes.is_empty());
        assert_eq!(m.refused.len(), 1);
    }
}
