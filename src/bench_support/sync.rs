//! Issue 12's sync operations for `rapport-bench --sync`: a real team on real SQLCipher stores
//! and a real folder in the bench's directory, built with the privacy API (create, invite,
//! join, rounds). Measures a newcomer's first round on an N-contact team (`sync_bootstrap`), a
//! round that finds nothing new in a folder of 20 devices × 500 segments (`sync_idle_round`),
//! and applying 1,000 remote field changes (`sync_apply_1k`); prints the folder's size next to
//! the store's. No hand-written baseline: the figures stand against the budgets.
//!
//! The other devices' 500 segments each are sealed here with each device's own keys (taken
//! from its store after it joined) under the team's epoch key, exactly as its round would seal
//! them: a round compacts after 200 own segments, so no real round leaves 500 behind.

use super::report::{Stats, stats};
use anyhow::{Context, Result, ensure};
use rapport::domain::{ContactId, Instant};
use rapport::privacy::demo;
use rapport::privacy::team::{apply, round, setup};
use rapport::store::{self, Store};
use rapport::team::change::{self, Change, Entity};
use rapport::team::folder::{Item, TeamFolder};
use rapport::team::hlc::Hlc;
use rapport::team::keys::{DeviceId, DeviceKeys, EpochKey, TeamId};
use rapport::team::roster::Role;
use rapport::team::segment::{self, Header, SegmentKind};
use rapport::vault::DataKey;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant as Clock};

/// Devices in the idle round's folder (the reading device included) and segments per other
/// device.
const DEVICES: usize = 20;
const SEGMENTS: u64 = 500;

fn fresh_now() -> Instant {
    chrono::Utc::now()
}

fn now_ms() -> u64 {
    fresh_now().timestamp_millis().max(0) as u64
}

fn dir_size(p: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(p) else {
        return 0;
    };
    rd.flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_size(&e.path()),
            _ => e.metadata().map(|m| m.len()).unwrap_or(0),
        })
        .sum()
}

fn new_store(dir: &Path, name: &str) -> Result<(Store, PathBuf)> {
    let path = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let key = DataKey::generate().context("random key")?;
    Ok((Store::create(&path, &key, fresh_now())?, path))
}

/// A device's signing keys and the end of its chain, read from its store.
struct Signer {
    device: DeviceId,
    keys: DeviceKeys,
    next_seq: u64,
    prev: [u8; 32],
}

fn signer(s: &Store) -> Result<Signer> {
    let m = s.read(store::team::membership)?.context("not in a team")?;
    let raw: [u8; 64] = m.device_keys.as_slice().try_into()?;
    let started = !m.prev.is_empty();
    Ok(Signer {
        device: DeviceId(m.device_id),
        keys: DeviceKeys::from_bytes(&raw),
        next_seq: if started { m.seq + 1 } else { 0 },
        prev: m.prev.as_slice().try_into().unwrap_or([0; 32]),
    })
}

/// Seals and lands segments of `who` until its chain holds `SEGMENTS`; each carries one edit
/// of one contact's title (a salesperson's everyday change).
fn fill_chain(
    folder: &TeamFolder,
    team: TeamId,
    (epoch, key): (u32, &EpochKey),
    who: &mut Signer,
    ids: &[ContactId],
    offset: usize,
) -> Result<()> {
    let base = now_ms().saturating_sub(60_000);
    while who.next_seq < SEGMENTS {
        let seq = who.next_seq;
        let c = Change {
            entity: Entity::Contact,
            id: ids[(offset + seq as usize * 7) % ids.len()].to_string(),
            field: "title".into(),
            value: serde_json::to_string(&format!("Buyer {offset}-{seq}"))?,
            hlc: Hlc::new(base + seq, 0),
            device: who.device.0,
        };
        let h = Header {
            team,
            device: who.device,
            epoch,
            seq,
            prev: who.prev,
            kind: SegmentKind::Changes,
        };
        let bytes = segment::seal(&h, &change::encode(&[c]), key, &who.keys)?;
        who.prev = segment::digest(&bytes);
        folder.publish(
            who.device,
            Item::Segment {
                epoch,
                seq,
                kind: SegmentKind::Changes,
            },
            &bytes,
        )?;
        who.next_seq += 1;
    }
    Ok(())
}

/// Joins a new store to A's team: invite on A, join on the new store; A's next round accepts.
fn join(a: &mut Store, folder: &Path, dir: &Path, name: &str) -> Result<Store> {
    let (mut s, _) = new_store(dir, name)?;
    let code = setup::invite(a, "Bo Berg", Role::Sales, fresh_now())?;
    setup::join(&mut s, folder, &code, "Bo Berg", fresh_now())?;
    Ok(s)
}

fn print(op: &str, n: usize, st: Stats, runs: usize, budget: &str, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::json!({"op": op, "n": n, "ours_p50_ms": st.p50, "ours_p95_ms": st.p95,
                               "budget": budget, "runs": runs})
        );
    } else {
        println!(
            "{op:<16} {runs:>5} {:>11.3} / {:>11.3}  (budget {budget})",
            st.p50, st.p95
        );
    }
}

/// Builds the team and measures the sync ops at `n` contacts.
pub fn run(dir: &Path, n: usize, runs: usize, json: bool, bootstrap_only: bool) -> Result<()> {
    let folder = dir.join("team-folder");
    let _ = std::fs::remove_dir_all(&folder);
    let t = Clock::now();
    let (mut a, a_path) = new_store(dir, "team-a.db")?;
    demo::generate(&mut a, n, 42, fresh_now(), |_, _| {})?;
    a.checkpoint_truncate()?;
    let solo_bytes = std::fs::metadata(&a_path)?.len();
    eprintln!(
        "  sync: store A built in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Clock::now();
    let created = setup::create(&mut a, "Bench Team", &folder, "Ada Admin", fresh_now())?;
    eprintln!(
        "  sync: team created in {:.1} s ({} contacts, {} fields published)",
        t.elapsed().as_secs_f64(),
        created.contacts,
        created.round.published
    );

    // sync_bootstrap: a newcomer's first round (the admin's round accepted it before).
    let mut b = join(&mut a, &folder, dir, "team-b.db")?;
    ensure!(
        round::round(&mut a, fresh_now())?.joined == 1,
        "A did not accept B"
    );
    let t = Clock::now();
    let r = round::round(&mut b, fresh_now())?;
    let boot = t.elapsed();
    let got = b.read(|tx| Ok(store::contacts::all_ids(tx)?.len()))?;
    ensure!(
        got == n,
        "B has {got} of {n} contacts after its first round"
    );
    eprintln!(
        "  sync: bootstrap applied {} fields in {} segments",
        r.applied, r.segments_applied
    );
    print(
        "sync_bootstrap",
        n,
        stats(vec![boot]),
        1,
        "≤ 20,000 ms",
        json,
    );
    if bootstrap_only {
        return Ok(());
    }

    // The folder's size next to the store's (both after the team holds everything).
    a.checkpoint_truncate()?;
    let (folder_bytes, store_bytes) = (dir_size(&folder), std::fs::metadata(&a_path)?.len());
    let ratio = folder_bytes as f64 / store_bytes.max(1) as f64;
    if json {
        println!(
            "{}",
            serde_json::json!({"op": "sync_folder_size", "n": n, "folder_bytes": folder_bytes,
                               "store_bytes": store_bytes, "ratio": ratio, "budget": "≤ 1.5"})
        );
    } else {
        println!(
            "sync_folder_size folder {folder_bytes} B, store {store_bytes} B: {ratio:.2}× (budget ≤ 1.5×)"
        );
    }

    // A team member's store next to the same store before it joined (the change log's cost).
    let b_path = dir.join("team-b.db");
    b.checkpoint_truncate()?;
    let newcomer_bytes = std::fs::metadata(&b_path)?.len();
    if json {
        println!(
            "{}",
            serde_json::json!({"op": "sync_store_size", "n": n, "solo_bytes": solo_bytes,
                               "member_bytes": store_bytes, "newcomer_bytes": newcomer_bytes,
                               "ratio": store_bytes as f64 / solo_bytes.max(1) as f64})
        );
    } else {
        println!(
            "sync_store_size  solo {solo_bytes} B, team member {store_bytes} B, newcomer {newcomer_bytes} B"
        );
    }

    // sync_apply_1k: one batch of 1,000 remote title edits of different contacts.
    let device = signer(&b)?.device.0;
    let ids = a.read(store::contacts::all_ids)?;
    let mut times: Vec<Duration> = Vec::new();
    for run in 0..runs.max(1) {
        let base = now_ms();
        let batch: Vec<Change> = (0..1000)
            .map(|i| Change {
                entity: Entity::Contact,
                id: ids[(run * 1000 + i * 13) % ids.len()].to_string(),
                field: "title".into(),
                value: serde_json::to_string(&format!("Head of {run}-{i}")).unwrap_or_default(),
                hlc: Hlc::new(base, i as u16),
                device,
            })
            .collect();
        let t = Clock::now();
        let done = apply::apply_changes(&mut a, &batch, &|_, _| true, fresh_now(), |_| Ok(()))?;
        times.push(t.elapsed());
        ensure!(done.written == 1000, "wrote {} of 1000", done.written);
    }
    print(
        "sync_apply_1k",
        n,
        stats(times.clone()),
        times.len(),
        "p95 ≤ 200 ms",
        json,
    );
    // For comparison: the same 1,000 title edits made on this laptop (the write path).
    let mut times: Vec<Duration> = Vec::new();
    for run in 0..runs.max(1) {
        let t = Clock::now();
        a.write(|tx| {
            for i in 0..1000 {
                let id = ids[(run * 1000 + i * 13 + 5) % ids.len()];
                let mut c = store::contacts::get(tx, id)?.ok_or(store::StoreError::NotFound)?;
                c.title = format!("Lead {run}-{i}");
                store::contacts::update(tx, &c)?;
            }
            Ok::<_, store::StoreError>(())
        })?;
        times.push(t.elapsed());
    }
    print(
        "local_edit_1k",
        n,
        stats(times.clone()),
        times.len(),
        "—",
        json,
    );
    if std::env::var_os("RAPPORT_BENCH_SYNC_NO_IDLE").is_some() {
        return Ok(());
    }
    // sync_idle_round: 20 devices (A reads; B and 18 more have 500 segments each).
    let m = a
        .read(store::team::membership)?
        .context("A not in a team")?;
    let team = TeamId(m.team_id);
    let (epoch, key) = a
        .read(store::team::epoch_keys)?
        .pop()
        .context("A has no epoch key")?;
    let key = EpochKey::from_bytes(key.as_slice().try_into()?);
    let mut others = vec![b];
    for i in 0..DEVICES - 2 {
        others.push(join(&mut a, &folder, dir, &format!("team-x{i}.db"))?);
    }
    let joined = round::round(&mut a, fresh_now())?.joined;
    ensure!(joined == DEVICES - 2, "A accepted {joined} devices");
    let t = Clock::now();
    let folder_h = TeamFolder::open(&folder)?;
    for (i, s) in others.iter().enumerate() {
        let mut who = signer(s)?;
        fill_chain(&folder_h, team, (epoch, &key), &mut who, &ids, i * 1000)?;
    }
    eprintln!(
        "  sync: {} segments sealed in {:.1} s",
        (DEVICES - 1) as u64 * SEGMENTS,
        t.elapsed().as_secs_f64()
    );
    let t = Clock::now();
    let r = round::round(&mut a, fresh_now())?;
    eprintln!(
        "  sync: A's catch-up round applied {} segments in {:.1} s",
        r.segments_applied,
        t.elapsed().as_secs_f64()
    );
    ensure!(r.rejected.is_empty(), "segments rejected: {:?}", r.rejected);
    let mut times = Vec::new();
    for _ in 0..runs.max(1) * 10 {
        let t = Clock::now();
        let r = round::round(&mut a, fresh_now())?;
        times.push(t.elapsed());
        ensure!(
            r.segments_applied == 0 && r.published == 0,
            "an idle round did work"
        );
    }
    print(
        "sync_idle_round",
        n,
        stats(times.clone()),
        times.len(),
        "p95 ≤ 50 ms",
        json,
    );

    drop(others);
    Ok(())
}
