//! What crosses the team folder, on real files: segments (round trip, every byte flipped,
//! every truncation, foreign signers, teams and epochs, replays), the signed roster chain, the
//! invitation code and the join handshake between two folders kept in step by copying, and the
//! folder reader against what sharing software leaves behind.

use rapport::team::folder::{FolderError, Found, Item, TeamFolder};
use rapport::team::invite::{self, CodeError, InviteCode, JoinError, KeyBundle};
use rapport::team::keys::{DeviceId, DeviceKeys, EpochKey, TeamId};
use rapport::team::roster::{self, Change, Role, RosterFile, RosterReject, RuleError};
use rapport::team::segment::{self, Continuity, Header, Reject, SegmentKind};
use std::collections::BTreeMap;
use std::path::Path;

const NOW: i64 = 1_796_000_000;

fn header(team: TeamId, device: DeviceId, seq: u64, prev: [u8; 32]) -> Header {
    Header {
        team,
        device,
        epoch: 0,
        seq,
        prev,
        kind: SegmentKind::Changes,
    }
}

struct Dev {
    id: DeviceId,
    keys: DeviceKeys,
}

fn dev() -> Dev {
    Dev {
        id: DeviceId::random().unwrap(),
        keys: DeviceKeys::generate().unwrap(),
    }
}

#[test]
fn seal_open_round_trip_and_padding_hides_length() {
    let team = TeamId::random().unwrap();
    let a = dev();
    let key = EpochKey::generate().unwrap();
    let payload: Vec<u8> = (0..20_000u32)
        .flat_map(|i| (i % 251).to_le_bytes())
        .collect();
    let h = header(team, a.id, 0, [0; 32]);
    let bytes = segment::seal(&h, &payload, &key, &a.keys).unwrap();
    let sign = a.keys.public().sign;
    let (h2, out) = segment::open(&bytes, team, &|_| Some(sign), &|_| Some(key.clone())).unwrap();
    assert_eq!(h2, h);
    assert_eq!(out, payload);
    assert_eq!(segment::peek(&bytes).unwrap(), h);
    // The payload never appears in clear (it is compressed, then encrypted).
    assert!(!bytes.windows(8).any(|w| w == &payload[400..408]));
    // Two payloads of nearby sizes make files of the same size.
    let s1 = segment::seal(&h, &[7u8; 100], &key, &a.keys).unwrap();
    let s2 = segment::seal(&h, &[9u8; 110], &key, &a.keys).unwrap();
    assert_eq!(s1.len(), s2.len());
    // Another epoch key does not open it, and says so after the signature verified.
    let other = EpochKey::generate().unwrap();
    assert_eq!(
        segment::open(&bytes, team, &|_| Some(sign), &|_| Some(other.clone())).unwrap_err(),
        Reject::DoesNotDecrypt
    );
}

#[test]
fn every_flipped_byte_and_every_truncation_is_refused() {
    let team = TeamId::random().unwrap();
    let a = dev();
    let key = EpochKey::generate().unwrap();
    let bytes = segment::seal(
        &header(team, a.id, 3, [5; 32]),
        b"small change",
        &key,
        &a.keys,
    )
    .unwrap();
    let sign = a.keys.public().sign;
    let open = |b: &[u8]| segment::open(b, team, &|_| Some(sign), &|_| Some(key.clone()));
    assert!(open(&bytes).is_ok());
    for i in 0..bytes.len() {
        for mask in [0x01u8, 0x80, 0xFF] {
            let mut bad = bytes.clone();
            bad[i] ^= mask;
            assert!(
                open(&bad).is_err(),
                "flip {mask:#x} at byte {i} was accepted"
            );
        }
    }
    for len in 0..bytes.len() {
        let r = open(&bytes[..len]).unwrap_err();
        assert!(
            matches!(r, Reject::Truncated | Reject::NotASegment),
            "length {len}: {r}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(open(&longer).unwrap_err(), Reject::LengthMismatch);
    // Reasons read as one sentence and carry nothing of the contents.
    assert_eq!(
        Reject::BadSignature.to_string(),
        "damaged (signature does not verify)"
    );
}

#[test]
fn foreign_signers_teams_and_epochs_are_refused() {
    let team = TeamId::random().unwrap();
    let (a, stranger) = (dev(), dev());
    let key = EpochKey::generate().unwrap();
    let k = || Some(key.clone());
    // A stranger signs a segment claiming to be device `a`: the signature does not verify
    // with `a`'s key.
    let forged =
        segment::seal(&header(team, a.id, 0, [0; 32]), b"x", &key, &stranger.keys).unwrap();
    let sign = a.keys.public().sign;
    assert_eq!(
        segment::open(&forged, team, &|_| Some(sign), &|_| k()).unwrap_err(),
        Reject::BadSignature
    );
    // A device the roster does not know.
    let theirs = segment::seal(
        &header(team, stranger.id, 0, [0; 32]),
        b"x",
        &key,
        &stranger.keys,
    )
    .unwrap();
    let created = roster::create_team("Example Firm", "Ada Admin", a.id, &a.keys, NOW).unwrap();
    let r = created.roster;
    let team = r.team;
    let theirs_team = segment::seal(
        &header(team, stranger.id, 0, [0; 32]),
        b"x",
        &key,
        &stranger.keys,
    )
    .unwrap();
    assert_eq!(
        segment::open(&theirs_team, team, &|h| r.segment_signer(h), &|_| k()).unwrap_err(),
        Reject::NotAMember
    );
    // Another team's segment.
    assert_eq!(
        segment::open(&theirs, team, &|h| r.segment_signer(h), &|_| k()).unwrap_err(),
        Reject::ForeignTeam
    );
    // An epoch this device has no key for.
    let mut h = header(team, a.id, 0, [0; 32]);
    h.epoch = 7;
    let later = segment::seal(&h, b"x", &key, &a.keys).unwrap();
    assert_eq!(
        segment::open(&later, team, &|h| r.segment_signer(h), &|e| (e == 0)
            .then(k)
            .flatten())
        .unwrap_err(),
        Reject::UnknownEpoch
    );
}

#[test]
fn chain_tells_next_duplicate_replay_gap_and_fork_apart() {
    let team = TeamId::random().unwrap();
    let a = dev();
    let key = EpochKey::generate().unwrap();
    let s0 = segment::seal(&header(team, a.id, 0, [0; 32]), b"zero", &key, &a.keys).unwrap();
    let d0 = segment::digest(&s0);
    let s1 = segment::seal(&header(team, a.id, 1, d0), b"one", &key, &a.keys).unwrap();
    let d1 = segment::digest(&s1);
    let s2 = segment::seal(&header(team, a.id, 2, d1), b"two", &key, &a.keys).unwrap();
    // Another segment numbered 1 that does not continue from 0 (a replay of a rewritten one).
    let s1_other = segment::seal(&header(team, a.id, 1, [9; 32]), b"one'", &key, &a.keys).unwrap();
    let h = |b: &[u8]| segment::peek(b).unwrap();
    assert_eq!(segment::continuity(None, &h(&s0), &d0), Continuity::Start);
    assert_eq!(
        segment::continuity(None, &h(&s1), &d1),
        Continuity::Gap { missing_from: 0 }
    );
    assert_eq!(
        segment::continuity(Some((0, d0)), &h(&s1), &d1),
        Continuity::Next
    );
    assert_eq!(
        segment::continuity(Some((1, d1)), &h(&s1), &d1),
        Continuity::Duplicate
    );
    assert_eq!(
        segment::continuity(Some((1, d1)), &h(&s0), &d0),
        Continuity::Stale
    );
    assert_eq!(
        segment::continuity(Some((1, d1)), &h(&s1_other), &segment::digest(&s1_other)),
        Continuity::Fork
    );
    assert_eq!(
        segment::continuity(Some((0, d0)), &h(&s1_other), &segment::digest(&s1_other)),
        Continuity::Fork
    );
    assert_eq!(
        segment::continuity(Some((0, d0)), &h(&s2), &segment::digest(&s2)),
        Continuity::Gap { missing_from: 1 }
    );
}

fn files(list: &[(DeviceId, Item, Vec<u8>)]) -> Vec<RosterFile> {
    list.iter()
        .map(|(d, item, b)| match item {
            Item::Roster { index } => RosterFile {
                device: *d,
                index: *index,
                bytes: b.clone(),
            },
            _ => panic!("not a roster item"),
        })
        .collect()
}

#[test]
fn roster_chain_refuses_unsigned_wrongly_signed_and_non_admin_changes() {
    let (admin, sales, stranger) = (dev(), dev(), dev());
    let c = roster::create_team("Example Firm", "Ada Admin", admin.id, &admin.keys, NOW).unwrap();
    let key = c.epoch_key.clone();
    let keys = |e: u32| (e == 0).then(|| key.clone());
    let mut published = vec![(admin.id, c.entry.0, c.entry.1.clone())];
    let seller = rapport::team::keys::MemberId::random().unwrap();
    let add = Change::AddMember {
        member: seller,
        name: "Bo Berg".into(),
        role: Role::Sales,
    };
    let (item, bytes, r1) =
        roster::append(&c.roster, &add, admin.id, &admin.keys, 0, &key, NOW).unwrap();
    published.push((admin.id, item, bytes));
    let add_dev = Change::AddDevice {
        member: seller,
        device: sales.id,
        public: sales.keys.public(),
    };
    let (item, bytes, r2) =
        roster::append(&r1, &add_dev, admin.id, &admin.keys, 0, &key, NOW).unwrap();
    published.push((admin.id, item, bytes));
    assert_eq!(r2.device_role(sales.id), Some(Role::Sales));

    // The sales device signs a change making itself admin: refused by the rules when appending…
    let promote = Change::ChangeRole {
        member: seller,
        role: Role::Admin,
        points: Default::default(),
    };
    assert!(matches!(
        roster::append(&r2, &promote, sales.id, &sales.keys, 0, &key, NOW),
        Err(roster::RosterError::Rule(RuleError::NotAdmin))
    ));
    // …and when written by hand (bypassing `append`) it is refused by every reader.
    let (head, prev) = r2.head();
    let h = Header {
        team: r2.team,
        device: sales.id,
        epoch: 0,
        seq: head + 1,
        prev,
        kind: SegmentKind::Roster,
    };
    let body = serde_json::json!({"at": NOW, "change": {"op": "change-role", "member": seller, "role": "admin"}});
    let forged = segment::seal(&h, &serde_json::to_vec(&body).unwrap(), &key, &sales.keys).unwrap();
    // A stranger's entry claiming the admin's device: the signature does not verify.
    let h2 = Header {
        device: admin.id,
        ..h
    };
    let impostor = segment::seal(
        &h2,
        &serde_json::to_vec(&body).unwrap(),
        &key,
        &stranger.keys,
    )
    .unwrap();
    let mut all = published.clone();
    all.push((sales.id, Item::Roster { index: head + 1 }, forged));
    all.push((admin.id, Item::Roster { index: head + 1 }, impostor));
    // An unsigned entry (signature zeroed).
    let mut unsigned = all[1].2.clone();
    let n = unsigned.len();
    unsigned[n - 64..].fill(0);
    let mut with_unsigned = all.clone();
    with_unsigned[1].2 = unsigned;

    let v = roster::verify(&c.anchor, &files(&all), &keys);
    let r = v.roster.unwrap();
    assert_eq!(r.head().0, 2, "the forged entries do not extend the chain");
    assert_eq!(r.device_role(sales.id), Some(Role::Sales));
    let reasons: Vec<_> = v.refused.iter().map(|x| x.reason.clone()).collect();
    assert!(reasons.contains(&RosterReject::NotAdmin), "{reasons:?}");
    assert!(
        reasons.contains(&RosterReject::Segment(Reject::BadSignature)),
        "{reasons:?}"
    );
    assert!(reasons.iter().all(|r| !r.to_string().contains("Bo")));

    // Unsigned entry 1: the chain stops at 0 and everything after waits, refused.
    let v = roster::verify(&c.anchor, &files(&with_unsigned), &keys);
    assert_eq!(v.roster.unwrap().head().0, 0);
    assert!(
        v.refused
            .iter()
            .any(|x| x.index == 1 && x.reason == RosterReject::Segment(Reject::BadSignature))
    );

    // Files in any order and twice give the same roster.
    let mut shuffled = published.clone();
    shuffled.reverse();
    shuffled.extend(published.clone());
    let v = roster::verify(&c.anchor, &files(&shuffled), &keys);
    assert_eq!(v.roster.unwrap(), r2);
    assert!(v.refused.is_empty(), "{:?}", v.refused);

    // A reader anchored on another key refuses entry 0 and has no roster.
    let mut wrong = c.anchor;
    wrong.genesis_sign = stranger.keys.public().sign;
    assert!(
        roster::verify(&wrong, &files(&published), &keys)
            .roster
            .is_none()
    );
}

#[test]
fn concurrent_admin_changes_fork_and_every_reader_picks_the_same_winner() {
    let (a, b) = (dev(), dev());
    let c = roster::create_team("Example Firm", "Ada Admin", a.id, &a.keys, NOW).unwrap();
    let key = c.epoch_key.clone();
    let keys = |e: u32| (e == 0).then(|| key.clone());
    let ada = *c.roster.members.keys().next().unwrap();
    let (i1, b1, r1) = roster::append(
        &c.roster,
        &Change::AddDevice {
            member: ada,
            device: b.id,
            public: b.keys.public(),
        },
        a.id,
        &a.keys,
        0,
        &key,
        NOW,
    )
    .unwrap();
    // Both admin devices append entry 2 at once.
    let pa = Change::SetPolicy {
        key: "max-clock-skew-seconds".into(),
        value: "300".into(),
    };
    let pb = Change::SetPolicy {
        key: "max-clock-skew-seconds".into(),
        value: "600".into(),
    };
    let (ia, ba, _) = roster::append(&r1, &pa, a.id, &a.keys, 0, &key, NOW).unwrap();
    let (ib, bb, _) = roster::append(&r1, &pb, b.id, &b.keys, 0, &key, NOW).unwrap();
    let base = vec![(a.id, c.entry.0, c.entry.1.clone()), (a.id, i1, b1)];
    let mut one = base.clone();
    one.push((a.id, ia, ba.clone()));
    one.push((b.id, ib, bb.clone()));
    let mut two = base.clone();
    two.push((b.id, ib, bb));
    two.push((a.id, ia, ba));
    let v1 = roster::verify(&c.anchor, &files(&one), &keys);
    let v2 = roster::verify(&c.anchor, &files(&two), &keys);
    assert_eq!(v1.roster, v2.roster);
    assert_eq!(v1.roster.as_ref().unwrap().head().0, 2);
    assert_eq!(v1.refused.len(), 1);
    assert_eq!(v1.refused[0].reason, RosterReject::LostFork);
}

#[test]
fn removal_records_the_point_after_which_a_device_is_refused() {
    let (a, b) = (dev(), dev());
    let c = roster::create_team("Example Firm", "Ada Admin", a.id, &a.keys, NOW).unwrap();
    let key = c.epoch_key.clone();
    let ada = *c.roster.members.keys().next().unwrap();
    let (_, _, r1) = roster::append(
        &c.roster,
        &Change::AddDevice {
            member: ada,
            device: b.id,
            public: b.keys.public(),
        },
        a.id,
        &a.keys,
        0,
        &key,
        NOW,
    )
    .unwrap();
    let (_, _, r2) = roster::append(
        &r1,
        &Change::RemoveDevice {
            device: b.id,
            last_seq: Some(4),
        },
        a.id,
        &a.keys,
        0,
        &key,
        NOW,
    )
    .unwrap();
    let h = |seq| header(r2.team, b.id, seq, [0; 32]);
    assert!(r2.segment_signer(&h(4)).is_some());
    assert!(r2.segment_signer(&h(5)).is_none());
    // The last admin device cannot be removed.
    assert!(matches!(
        roster::append(
            &r2,
            &Change::RemoveDevice {
                device: a.id,
                last_seq: None
            },
            a.id,
            &a.keys,
            0,
            &key,
            NOW
        ),
        Err(roster::RosterError::Rule(RuleError::LastAdmin))
    ));
}

#[test]
fn invitation_codes_read_with_or_without_dashes_and_spaces() {
    let code = InviteCode::generate().unwrap();
    let shown = code.display();
    assert_eq!(shown.len(), 29);
    assert_eq!(shown.split('-').count(), 5);
    assert!(shown.split('-').all(|g| g.len() == 5));
    let plain: String = shown.chars().filter(|c| *c != '-').collect();
    let spaced = shown.replace('-', " ");
    for typed in [
        shown.to_string(),
        plain.clone(),
        spaced,
        plain.to_lowercase(),
        format!("  {}  ", shown.to_lowercase()),
    ] {
        assert_eq!(InviteCode::parse(&typed).unwrap(), code, "{typed}");
    }
    // Crockford's look-alikes: O for 0 and I/L for 1.
    let looks = plain.replace('0', "O").replace('1', "l");
    assert_eq!(InviteCode::parse(&looks).unwrap(), code);
    assert_eq!(
        InviteCode::parse(&plain[..24]).unwrap_err(),
        CodeError::Length
    );
    assert_eq!(
        InviteCode::parse(&format!("{}U", &plain[..24])).unwrap_err(),
        CodeError::Symbol
    );
    // One symbol changed: caught by the check symbol (31 in 32 typos), never accepted as the
    // same code.
    let mut typo: Vec<char> = plain.chars().collect();
    typo[3] = if typo[3] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    match InviteCode::parse(&typo) {
        Err(e) => assert_eq!(e, CodeError::Typo),
        Ok(other) => assert_ne!(other, code),
    }
    assert_eq!(format!("{code:?}"), "InviteCode(<redacted>)");
    assert!(!CodeError::Typo.to_string().contains(&plain[..5]));
}

/// Copies every file either folder has that the other lacks (what a sharing tool does).
fn mirror(a: &Path, b: &Path) {
    fn copy_missing(from: &Path, to: &Path) {
        for e in walk(from) {
            let rel = e.strip_prefix(from).unwrap();
            let dest = to.join(rel);
            if !dest.exists() {
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::copy(&e, &dest).unwrap();
            }
        }
    }
    copy_missing(a, b);
    copy_missing(b, a);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn join_handshake_end_to_end_between_two_folders() {
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let fa = TeamFolder::create(&dir_a.path().join("team")).unwrap();
    let fb = TeamFolder::create(&dir_b.path().join("team")).unwrap();
    let (admin, newcomer, late) = (dev(), dev(), dev());

    // Admin creates the team and publishes entry 0.
    let c = roster::create_team("Example Firm", "Ada Admin", admin.id, &admin.keys, NOW).unwrap();
    fa.publish(admin.id, c.entry.0, &c.entry.1).unwrap();
    let bundle = KeyBundle {
        epochs: BTreeMap::from([(0, c.epoch_key.clone())]),
        team_key: c.team_key.clone(),
    };
    let (inv, code) = invite::invite("Bo Berg", Role::Sales, NOW).unwrap();
    let typed = code.display().replace('-', " ").to_lowercase();
    mirror(fa.path(), fb.path());

    // The newcomer types the code on their laptop and writes a join request.
    let parsed = InviteCode::parse(&typed).unwrap();
    let pending =
        invite::join_request(&parsed, newcomer.id, &newcomer.keys, "Bo Berg", NOW + 60).unwrap();
    fb.publish(newcomer.id, pending.item, &pending.bytes)
        .unwrap();
    // The code never reaches the folder, in any form the admin would read.
    for f in walk(fb.path()) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !bytes
                .windows(5)
                .any(|w| w == &code.display().as_bytes()[..5])
        );
        assert!(
            !bytes.windows(6).any(|w| w == b"Bo Ber"),
            "a name in clear in {f:?}"
        );
    }
    mirror(fa.path(), fb.path());

    // Admin's next sync: finds the request, checks it, accepts it.
    let found = fa.scan().unwrap();
    let req_file = found
        .iter()
        .find(|f| matches!(f.item, Item::JoinRequest { .. }))
        .unwrap();
    assert_eq!(req_file.device, newcomer.id);
    let req_bytes = fa.read(req_file).unwrap();
    let rv = roster::verify(&c.anchor, &roster::load(&fa, &found), &|e| {
        bundle.epoch_key(e)
    });
    let r0 = rv.roster.unwrap();
    let req =
        invite::open_join_request(&req_bytes, std::slice::from_ref(&inv), &r0, NOW + 120).unwrap();
    assert_eq!(req.device, newcomer.id);
    let acc = invite::accept(
        &r0,
        &c.anchor,
        &inv,
        &req,
        admin.id,
        &admin.keys,
        &bundle,
        NOW + 120,
    )
    .unwrap();
    fa.publish(admin.id, acc.entry.0, &acc.entry.1).unwrap();
    fa.publish(admin.id, acc.welcome.0, &acc.welcome.1).unwrap();
    assert_eq!(acc.roster.device_role(newcomer.id), Some(Role::Sales));

    // The same request again, or another device with the same code: the code worked once.
    assert_eq!(
        invite::open_join_request(
            &req_bytes,
            std::slice::from_ref(&inv),
            &acc.roster,
            NOW + 180
        )
        .unwrap_err(),
        JoinError::AlreadyUsed
    );
    let again =
        invite::join_request(&parsed, late.id, &late.keys, "Someone Else", NOW + 200).unwrap();
    assert_eq!(
        invite::open_join_request(
            &again.bytes,
            std::slice::from_ref(&inv),
            &acc.roster,
            NOW + 200
        )
        .unwrap_err(),
        JoinError::AlreadyUsed
    );
    mirror(fa.path(), fb.path());

    // The newcomer's next sync: the welcome, then the roster checked against it.
    let found = fb.scan().unwrap();
    let wel = found
        .iter()
        .find(|f| f.item == Item::Welcome { to: newcomer.id })
        .unwrap();
    let welcome = invite::open_welcome(
        &fb.read(wel).unwrap(),
        &pending.secrets,
        newcomer.id,
        &newcomer.keys,
    )
    .unwrap();
    assert_eq!(welcome.anchor, c.anchor);
    assert_eq!(welcome.keys, bundle);
    // Without the entry that added this device (not synced yet, or withheld), the welcome is
    // not taken.
    let only_genesis: Vec<RosterFile> = roster::load(&fb, &found)
        .into_iter()
        .filter(|f| f.index == 0)
        .collect();
    assert_eq!(
        welcome
            .verify_roster(&only_genesis, newcomer.id)
            .unwrap_err(),
        JoinError::RosterMismatch
    );
    let (r, _) = welcome
        .verify_roster(&roster::load(&fb, &found), newcomer.id)
        .unwrap();
    assert_eq!(r, acc.roster);
    assert_eq!(r.members[&welcome.member].name, "Bo Berg");
    fb.remove_own(newcomer.id, pending.item).unwrap();

    // Now each opens the other's segments.
    let seg = segment::seal(
        &header(r.team, newcomer.id, 0, [0; 32]),
        b"hello",
        &c.epoch_key,
        &newcomer.keys,
    )
    .unwrap();
    let (_, out) = segment::open(&seg, r.team, &|h| acc.roster.segment_signer(h), &|e| {
        bundle.epoch_key(e)
    })
    .unwrap();
    assert_eq!(out, b"hello");
    let seg = segment::seal(
        &header(r.team, admin.id, 0, [0; 32]),
        b"hi",
        &c.epoch_key,
        &admin.keys,
    )
    .unwrap();
    assert!(
        segment::open(&seg, r.team, &|h| r.segment_signer(h), &|e| welcome
            .keys
            .epoch_key(e))
        .is_ok()
    );

    // Another device cannot open the welcome, nor can the right device without the code.
    let wel_bytes = fb.read(wel).unwrap();
    assert!(invite::open_welcome(&wel_bytes, &pending.secrets, late.id, &late.keys).is_err());
    let other_code = InviteCode::generate().unwrap().secrets();
    assert!(invite::open_welcome(&wel_bytes, &other_code, newcomer.id, &newcomer.keys).is_err());
}

#[test]
fn join_requests_refused_when_expired_with_a_wrong_code_or_forged() {
    let (admin, newcomer) = (dev(), dev());
    let c = roster::create_team("Example Firm", "Ada Admin", admin.id, &admin.keys, NOW).unwrap();
    let (inv, code) = invite::invite("Bo Berg", Role::ReadOnly, NOW).unwrap();
    let open = std::slice::from_ref(&inv);
    let req = invite::join_request(&code, newcomer.id, &newcomer.keys, "Bo", NOW).unwrap();
    // 7 days later it still works; a second after that it has expired.
    let week = 7 * 86_400;
    assert!(invite::open_join_request(&req.bytes, open, &c.roster, NOW + week).is_ok());
    assert_eq!(
        invite::open_join_request(&req.bytes, open, &c.roster, NOW + week + 1).unwrap_err(),
        JoinError::Expired
    );
    // A wrong code names no open invitation.
    let wrong = invite::join_request(
        &InviteCode::generate().unwrap(),
        newcomer.id,
        &newcomer.keys,
        "Bo",
        NOW,
    )
    .unwrap();
    assert_eq!(
        invite::open_join_request(&wrong.bytes, open, &c.roster, NOW).unwrap_err(),
        JoinError::UnknownInvitation
    );
    // Someone who saw the request's file but not the code cannot make one for their own key:
    // changing any byte of the encrypted part breaks its authentication.
    let mut forged = req.bytes.clone();
    forged[70] ^= 1;
    assert!(matches!(
        invite::open_join_request(&forged, open, &c.roster, NOW).unwrap_err(),
        JoinError::BadCode | JoinError::BadSignature
    ));
    for len in 0..req.bytes.len() {
        assert!(invite::open_join_request(&req.bytes[..len], open, &c.roster, NOW).is_err());
    }
}

#[test]
fn epoch_keys_wrapped_for_each_remaining_device() {
    let (a, b, c_dev) = (dev(), dev(), dev());
    let c = roster::create_team("Example Firm", "Ada Admin", a.id, &a.keys, NOW).unwrap();
    let ada = *c.roster.members.keys().next().unwrap();
    let (_, _, r) = roster::append(
        &c.roster,
        &Change::AddDevice {
            member: ada,
            device: b.id,
            public: b.keys.public(),
        },
        a.id,
        &a.keys,
        0,
        &c.epoch_key,
        NOW,
    )
    .unwrap();
    let next = EpochKey::generate().unwrap();
    let bundle = KeyBundle {
        epochs: BTreeMap::from([(0, c.epoch_key.clone()), (1, next)]),
        team_key: c.team_key.clone(),
    };
    let wrapped = invite::wrap_for_devices(
        &c.anchor,
        1,
        &[(b.id, b.keys.public())],
        &bundle,
        a.id,
        &a.keys,
    )
    .unwrap();
    assert_eq!(wrapped.len(), 1);
    assert_eq!(wrapped[0].0, Item::EpochKeys { epoch: 1, to: b.id });
    assert_eq!(
        invite::open_wrapped_keys(&wrapped[0].1, b.id, &b.keys, &r).unwrap(),
        bundle
    );
    // Not for another device; and damaged bytes are refused.
    assert!(invite::open_wrapped_keys(&wrapped[0].1, c_dev.id, &c_dev.keys, &r).is_err());
    let mut bad = wrapped[0].1.clone();
    bad[100] ^= 1;
    assert!(invite::open_wrapped_keys(&bad, b.id, &b.keys, &r).is_err());
}

#[test]
fn folder_scan_ignores_what_sharing_software_leaves_behind() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("team");
    assert_eq!(
        TeamFolder::open(&root).unwrap_err(),
        FolderError::Unreachable
    );
    let folder = TeamFolder::create(&root).unwrap();
    let a = DeviceId::random().unwrap();
    let seg = Item::Segment {
        epoch: 0,
        seq: 1,
        kind: SegmentKind::Changes,
    };
    let path = folder.publish(a, seg, b"one").unwrap();
    // Publishing the same again is a no-op; other bytes under the same name are refused.
    folder.publish(a, seg, b"one").unwrap();
    assert_eq!(
        folder.publish(a, seg, b"two").unwrap_err(),
        FolderError::Exists
    );
    let dev_dir = path.parent().unwrap();
    std::fs::create_dir_all(root.join(".stfolder")).unwrap();
    std::fs::create_dir_all(root.join(".stversions").join(dev_dir.file_name().unwrap())).unwrap();
    std::fs::write(
        root.join(".stversions")
            .join(dev_dir.file_name().unwrap())
            .join("e0-000000000001-changes~20261201-101010.seg"),
        b"old",
    )
    .unwrap();
    for junk in [
        "e0-000000000001-changes.sync-conflict-20261201-101010-ABCDEFG.seg",
        "e0-000000000001-changes (1).seg",
        "~syncthing~e0-000000000002-changes.seg.tmp",
        ".syncthing.e0-000000000002-changes.seg.tmp",
        ".rapport-tmp-Xyz",
        "desktop.ini",
        "E0-000000000003-changes.seg",
    ] {
        std::fs::write(dev_dir.join(junk), b"junk").unwrap();
    }
    std::fs::create_dir_all(root.join(format!(
        "{}.sync-conflict-20261201-101010-ABCDEFG",
        dev_dir.display()
    )))
    .unwrap();
    std::fs::create_dir_all(root.join("dev-nothex")).unwrap();
    std::fs::write(root.join("README.txt"), b"x").unwrap();
    let found = folder.scan().unwrap();
    assert_eq!(
        found,
        vec![Found {
            device: a,
            item: seg
        }]
    );
    assert_eq!(folder.read(&found[0]).unwrap(), b"one");
    folder.clean_own_temp(a);
    assert!(!dev_dir.join(".rapport-tmp-Xyz").exists());
    // Deleted by hand between scan and read.
    std::fs::remove_file(&path).unwrap();
    assert_eq!(folder.read(&found[0]).unwrap_err(), FolderError::Gone);
    folder.remove_own(a, seg).unwrap();
    // An absurdly large file is refused before it is read.
    let big = Item::JoinRequest {
        invite: rapport::team::keys::InviteId([3; 16]),
    };
    let big_path = folder.publish(a, big, b"x").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&big_path)
        .unwrap()
        .set_len(10 << 20)
        .unwrap();
    assert_eq!(
        folder
            .read(&Found {
                device: a,
                item: big
            })
            .unwrap_err(),
        FolderError::TooLarge
    );
    // The folder going away (a share unmounted): unreachable, not an error storm.
    drop(folder);
    std::fs::remove_dir_all(&root).unwrap();
    let gone = TeamFolder::create(&dir.path().join("x")).unwrap();
    std::fs::remove_dir_all(dir.path().join("x")).unwrap();
    assert_eq!(gone.scan().unwrap_err(), FolderError::Unreachable);
    assert_eq!(
        gone.publish(a, seg, b"1").unwrap_err(),
        FolderError::Unreachable
    );
}

#[test]
fn idle_scan_of_twenty_devices_with_five_hundred_segments_each_is_fast() {
    let dir = tempfile::tempdir().unwrap();
    let folder = TeamFolder::create(dir.path()).unwrap();
    for _ in 0..20 {
        let d = DeviceId::random().unwrap();
        let dd = dir.path().join(format!("dev-{d}"));
        std::fs::create_dir_all(&dd).unwrap();
        for seq in 0..500 {
            let item = Item::Segment {
                epoch: 0,
                seq,
                kind: SegmentKind::Changes,
            };
            std::fs::write(dd.join(item.file_name()), b"").unwrap();
        }
    }
    let _ = folder.scan().unwrap(); // warm the directory cache, as a second round would
    let t = std::time::Instant::now();
    let found = folder.scan().unwrap();
    let took = t.elapsed();
    assert_eq!(found.len(), 10_000);
    eprintln!("scan of 10,000 names: {took:?}");
    // The budget is 50 ms for a whole idle round in a release build; a debug build on a busy
    // machine gets ten times that, so this catches reading or stat-ing every file.
    assert!(took.as_millis() < 500, "{took:?}");
}
