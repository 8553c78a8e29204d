//! Offboarding (issue 13) on three real stores and one real folder, through the real CLI: an
//! admin removes a member; the removed laptop is told and wiped on its next sync; a copy of its
//! data folder made before the removal decrypts nothing published afterwards and what it signs
//! later is refused by everyone; the others keep working; a demoted member's later writes are
//! refused at merge; the second-factor policy is enforced on another laptop; the audit log
//! records the changes by id; non-admins and the last admin's removal are refused.

mod common;

use common::draft;
use rapport::privacy::team::round::role_allows;
use rapport::store::{self, Store};
use rapport::team::change::{self, Entity};
use rapport::team::folder::{Item, TeamFolder};
use rapport::team::keys::{DeviceId, DeviceKeys, EpochKey, TeamId};
use rapport::team::roster::Role;
use rapport::team::segment::{self, Header, SegmentKind};
use rapport::vault::Secret;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zeroize::Zeroizing;

const PASS: &str = "correct horse battery staple";

fn rapport_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rapport"));
    c.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("RAPPORT_KDF_MS", "50")
        .env_remove("RAPPORT_DATA_DIR")
        .env_remove("RAPPORT_KEY_FILE")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", dir)
        .env("RAPPORT_PASSPHRASE", PASS);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn rapport(dir: &Path, args: &[&str]) -> Output {
    rapport_env(dir, args, &[])
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn refused(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, args);
    assert!(!out.status.success(), "{args:?} should have been refused");
    String::from_utf8(out.stderr).unwrap()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let text = ok(dir, args);
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{args:?} printed no JSON: {text}"))
}

fn names(dir: &Path) -> Vec<String> {
    json(dir, &["list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

fn add(dir: &Path, given: &str, family: &str) {
    let email = format!("{}@example.com", given.to_lowercase());
    ok(
        dir,
        &[
            "add", "--given", given, "--family", family, "--email", &email,
        ],
    );
}

/// A team of three laptops: A (admin, Ada), B (sales, Bo), C (sales, Cleo), all synced.
fn team_of_three(root: &Path) -> (PathBuf, PathBuf, PathBuf, PathBuf) {
    let (a, b, c, folder) = (
        root.join("a"),
        root.join("b"),
        root.join("c"),
        root.join("shared"),
    );
    let f = folder.to_str().unwrap();
    for d in [&a, &b, &c] {
        ok(d, &["init"]);
    }
    add(&a, "Alma", "Andersson");
    ok(
        &a,
        &[
            "team",
            "create",
            "--name",
            "Nordic Sales",
            "--folder",
            f,
            "--me",
            "Ada Admin",
        ],
    );
    for (dir, name) in [(&b, "Bo Berg"), (&c, "Cleo Carlsson")] {
        let out = ok(&a, &["team", "invite", "--name", name, "--role", "sales"]);
        let code = out.lines().last().unwrap().trim().to_string();
        ok(dir, &["team", "join", "--folder", f, "--code", &code]);
    }
    assert_eq!(json(&a, &["sync", "--json"])["joined"], 2);
    for d in [&b, &c, &a, &b, &c] {
        ok(d, &["sync"]);
    }
    (a, b, c, folder)
}

fn open(dir: &Path) -> Store {
    rapport::privacy::session::open(
        dir,
        Secret::Passphrase(Zeroizing::new(PASS.into())),
        chrono::Utc::now(),
    )
    .unwrap()
}

/// A store's team id, epoch keys and its own device's signing key.
struct Keys {
    team: TeamId,
    epochs: BTreeMap<u32, EpochKey>,
    device: DeviceId,
    sign: [u8; 32],
}

fn keys_of(dir: &Path) -> Keys {
    let s = open(dir);
    let me = s.read(store::team::membership).unwrap().unwrap();
    let epochs = s
        .read(store::team::epoch_keys)
        .unwrap()
        .into_iter()
        .map(|(e, k)| (e, EpochKey::from_bytes(k.as_slice().try_into().unwrap())))
        .collect();
    let dk = DeviceKeys::from_bytes(&me.device_keys.as_slice().try_into().unwrap());
    Keys {
        team: TeamId(me.team_id),
        epochs,
        device: DeviceId(me.device_id),
        sign: dk.public().sign,
    }
}

/// Whether a folder file opens with these epoch keys. The signers' public keys are given
/// (a thief knows them from the roster), so only decryption decides.
fn decrypts(bytes: &[u8], keys: &Keys, signers: &BTreeMap<DeviceId, [u8; 32]>) -> bool {
    segment::open(
        bytes,
        keys.team,
        &|h| signers.get(&h.device).copied(),
        &|e| keys.epochs.get(&e).cloned(),
    )
    .is_ok()
}

fn folder_files(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let dir = TeamFolder::open(folder).unwrap();
    dir.scan()
        .unwrap()
        .into_iter()
        .filter(|f| matches!(f.item, Item::Segment { .. } | Item::Roster { .. }))
        .map(|f| {
            (
                f.relative().to_string_lossy().into_owned(),
                dir.read(&f).unwrap(),
            )
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// What a modified client on the copied laptop would do: seal its unpublished changes as the
/// next segment of its chain, with its keys, and put it into the folder.
fn publish_past_the_cli(copy: &Path, folder: &Path) -> String {
    let s = open(copy);
    let me = s.read(store::team::membership).unwrap().unwrap();
    let device = me.device_id;
    let changes = s
        .read(|tx| store::team::own_changes_after(tx, &device, me.published))
        .unwrap();
    assert!(!changes.is_empty(), "the copy has a change to publish");
    let keys = DeviceKeys::from_bytes(&me.device_keys.as_slice().try_into().unwrap());
    let epochs = keys_of(copy).epochs;
    let (epoch, key) = epochs.iter().next_back().unwrap();
    let h = Header {
        team: TeamId(me.team_id),
        device: DeviceId(device),
        epoch: *epoch,
        seq: me.seq + 1,
        prev: me.prev.as_slice().try_into().unwrap(),
        kind: SegmentKind::Changes,
    };
    let bytes = segment::seal(&h, &change::encode(&changes), key, &keys).unwrap();
    let item = Item::Segment {
        epoch: *epoch,
        seq: h.seq,
        kind: SegmentKind::Changes,
    };
    TeamFolder::open(folder)
        .unwrap()
        .publish(DeviceId(device), item, &bytes)
        .unwrap();
    format!("dev-{}/{}", DeviceId(device), item.file_name())
}

#[test]
fn a_removed_laptop_is_wiped_its_copy_reads_nothing_new_and_its_changes_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c, folder) = team_of_three(tmp.path());
    add(&c, "Cleo-Kund", "Carlsson");
    ok(&c, &["sync"]);
    ok(&a, &["sync"]);
    assert!(names(&a).iter().any(|n| n.contains("Cleo-Kund")));

    // Not an admin: refused with one sentence naming the role; nothing changes.
    let err = refused(&b, &["team", "remove", "Cleo Carlsson", "--yes"]);
    assert!(
        err.contains("Your role in the team is sales") && err.contains("cannot"),
        "{err}"
    );
    // No --yes and no terminal: refused, nothing changes.
    let err = refused(&a, &["team", "remove", "Cleo Carlsson"]);
    assert!(err.contains("--yes"), "{err}");
    // The last admin cannot be removed.
    let err = refused(&a, &["team", "remove", "Ada Admin", "--yes"]);
    assert!(err.contains("last admin"), "{err}");

    // C's laptop as a thief would keep it: a copy of its data folder before the removal.
    let copy = tmp.path().join("c-copy");
    copy_dir(&c, &copy);
    let before = folder_files(&folder);

    let out = ok(&a, &["team", "remove", "cleo carlsson", "--yes"]);
    assert!(out.contains("epoch 1"), "{out}");
    let team = json(&a, &["team", "--json"]);
    assert_eq!(team.as_array().unwrap().len(), 2, "{team}");

    // The others keep working, under the new epoch.
    ok(&b, &["sync"]);
    add(&b, "Dag", "Dahl");
    ok(&b, &["sync"]);
    ok(&a, &["sync"]);
    assert!(
        names(&a).iter().any(|n| n.contains("Dag")),
        "{:?}",
        names(&a)
    );
    add(&a, "Eva", "Ek");
    ok(&a, &["sync"]);
    ok(&b, &["sync"]);
    assert!(names(&b).iter().any(|n| n.contains("Eva")));

    // The removed laptop: told, wiped (vault and every store file), non-zero exit.
    let out = rapport(&c, &["sync"]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(
            "This laptop was removed from the team Nordic Sales by an admin; its copy of the team's data was deleted"
        ),
        "{said}"
    );
    let left: Vec<_> = std::fs::read_dir(&c)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !left
            .iter()
            .any(|n| n == "vault.json" || n.contains("rapport") || n.ends_with("-wal")),
        "left after the wipe: {left:?}"
    );
    let err = refused(&c, &["list"]);
    assert!(err.contains("no Rapport store"), "{err}");

    // The copy decrypts nothing published after the removal (besides the removal entries
    // themselves, which it must read to learn it was removed), while A's keys open them.
    let after = folder_files(&folder);
    let new: Vec<(&String, &Vec<u8>)> = after
        .iter()
        .filter(|(n, _)| !before.contains_key(*n))
        .filter(|(_, b)| segment::peek(b).is_ok_and(|h| h.kind != SegmentKind::Roster))
        .collect();
    let new_names: Vec<&String> = new.iter().map(|(n, _)| *n).collect();
    assert!(
        new_names
            .iter()
            .any(|n| n.contains(&keys_of(&a).device.to_string()))
            && new_names
                .iter()
                .any(|n| n.contains(&keys_of(&b).device.to_string())),
        "A and B both published after the removal: {new_names:?}"
    );
    let thief = keys_of(&copy);
    let admin = keys_of(&a);
    let bo = keys_of(&b);
    let signers = BTreeMap::from([(admin.device, admin.sign), (bo.device, bo.sign)]);
    assert_eq!(thief.epochs.keys().copied().collect::<Vec<_>>(), vec![0]);
    for (name, bytes) in &new {
        assert!(
            !decrypts(bytes, &thief, &signers),
            "{name} decrypts with the copy's keys"
        );
        assert!(
            decrypts(bytes, &admin, &signers),
            "{name} opens with the team's keys"
        );
    }

    // The copy's later change, published past the CLI, is refused by A and B.
    add(&copy, "Falsk", "Fiktiv");
    let forged = publish_past_the_cli(&copy, &folder);
    for d in [&a, &b] {
        let r = json(d, &["sync", "--json"]);
        let reasons: Vec<&Value> = r["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["file"] == forged.as_str())
            .collect();
        assert_eq!(reasons.len(), 1, "{r}");
        assert!(!names(d).iter().any(|n| n.contains("Falsk")));
    }

    // The audit log records the removal with ids, not names.
    let audit = ok(&a, &["audit", "--json"]);
    let ev: Vec<Value> = serde_json::from_str(&audit).unwrap();
    let removal = ev
        .iter()
        .find(|e| e["action"] == "team")
        .expect("a team event");
    assert!(
        removal["detail"]
            .as_str()
            .unwrap()
            .starts_with("remove-member ")
    );
    assert!(!audit.contains("Cleo"), "no names in the audit log");
}

#[test]
fn a_demoted_members_later_writes_are_refused_at_merge_and_the_policy_holds_on_unlock() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, _c, _folder) = team_of_three(tmp.path());
    add(&b, "Gustav", "Gran");
    ok(&b, &["sync"]);

    let err = refused(&b, &["team", "role", "Cleo Carlsson", "read-only"]);
    assert!(
        err.contains("Your role in the team is sales") && err.contains("cannot"),
        "{err}"
    );
    ok(&a, &["team", "role", "Bo Berg", "read-only"]);
    let team = json(&a, &["team", "--json"]);
    let bo = team
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Bo Berg")
        .unwrap();
    assert_eq!(bo["role"], "read-only");
    // What B wrote before the change still counts.
    assert!(names(&a).iter().any(|n| n.contains("Gustav")));
    let audit = ok(&a, &["audit", "--json"]);
    assert!(
        audit.contains("change-role ") && audit.contains("read-only"),
        "{audit}"
    );
    assert!(!audit.contains("Bo Berg"), "no names in the audit log");

    // B's later write, made past the CLI (a modified client), is refused by A at merge.
    ok(&b, &["sync"]);
    {
        let mut s = open(&b);
        rapport::privacy::contacts::create(
            &mut s,
            draft("Hanna", "Holm", "hanna@example.com"),
            chrono::Utc::now(),
        )
        .unwrap();
    }
    ok(&b, &["sync"]);
    let r = json(&a, &["sync", "--json"]);
    assert!(r["refused_changes"].as_u64().unwrap() > 0, "{r}");
    assert!(
        r["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["reason"].as_str().unwrap().contains("read-only")),
        "{r}"
    );
    assert!(!names(&a).iter().any(|n| n.contains("Hanna")));

    // Policy: a non-admin cannot set it; the admin sets "second factor required"; B's next
    // unlock without a factor is refused with what to do, until it enrols one.
    let err = refused(&b, &["team", "policy", "--second-factor", "required"]);
    assert!(
        err.contains("Your role in the team is read-only") && err.contains("policy"),
        "{err}"
    );
    let bad = refused(&a, &["team", "policy", "--max-idle-minutes", "0"]);
    assert!(bad.contains("1 to 240"), "{bad}");
    let p: Value = serde_json::from_str(&ok(
        &a,
        &[
            "team",
            "policy",
            "--second-factor",
            "required",
            "--max-idle-minutes",
            "15",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(p["second_factor_required"], true);
    assert_eq!(p["max_idle_minutes"], 15);
    ok(&b, &["sync"]); // learns the policy (this store had none then)
    let err = refused(&b, &["list"]);
    assert!(
        err.contains("requires a second factor") && err.contains("security second-factor"),
        "{err}"
    );
    ok(&b, &["security"]);
    let key = tmp.path().join("b.key");
    ok(
        &b,
        &[
            "security",
            "second-factor",
            "--key-file",
            key.to_str().unwrap(),
        ],
    );
    let out = rapport_env(&b, &["list", "--json"], &[("RAPPORT_KEY_FILE", &key)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = rapport_env(
        &b,
        &["team", "policy", "--json"],
        &[("RAPPORT_KEY_FILE", &key)],
    );
    assert!(String::from_utf8_lossy(&p.stdout).contains("\"max_idle_minutes\": 15"));
    // The admin's own laptop has no factor either: the policy holds there too.
    let err = refused(&a, &["list"]);
    assert!(err.contains("requires a second factor"), "{err}");
}

#[test]
fn what_each_role_may_write_at_merge() {
    for e in Entity::ALL {
        assert!(role_allows(Some(Role::Admin), e));
        assert!(!role_allows(Some(Role::ReadOnly), e));
        assert!(!role_allows(None, e));
    }
    let sales: BTreeSet<&str> = Entity::ALL
        .into_iter()
        .filter(|e| role_allows(Some(Role::Sales), *e))
        .map(|e| e.as_str())
        .collect();
    assert_eq!(
        sales,
        BTreeSet::from([
            "contact",
            "consent",
            "tombstone",
            // team-everyday: as the local table (team/access.rs) lets sales work.
            "organisation",
            "activity",
            "follow_up",
            "request",
        ]),
        "sales writes customer data, not the team's vocabulary (purposes, interests, outcomes, industries)"
    );
}

#[test]
fn the_role_in_force_is_the_one_at_the_segments_point_of_the_roster() {
    use rapport::team::keys::MemberId;
    use rapport::team::roster::{self, Change};
    let now = 1_800_000_000;
    let admin_keys = DeviceKeys::generate().unwrap();
    let admin = DeviceId::random().unwrap();
    let c = roster::create_team("Team", "Admin", admin, &admin_keys, now).unwrap();
    let key = c.epoch_key.clone();
    let (member, device) = (MemberId::random().unwrap(), DeviceId::random().unwrap());
    let mut r = c.roster.clone();
    for change in [
        Change::AddMember {
            member,
            name: "Seller".into(),
            role: Role::Sales,
        },
        Change::AddDevice {
            member,
            device,
            public: DeviceKeys::generate().unwrap().public(),
        },
        Change::ChangeRole {
            member,
            role: Role::ReadOnly,
            points: BTreeMap::from([(device, Some(3))]),
        },
    ] {
        r = roster::append(&r, &change, admin, &admin_keys, 0, &key, now)
            .unwrap()
            .2;
    }
    assert_eq!(r.role_at(device, Some(0)), Some(Role::Sales));
    assert_eq!(r.role_at(device, Some(3)), Some(Role::Sales));
    assert_eq!(r.role_at(device, Some(4)), Some(Role::ReadOnly));
    assert_eq!(r.role_at(device, None), Some(Role::ReadOnly));
    let r = roster::append(
        &r,
        &Change::RemoveDevice {
            device,
            last_seq: Some(5),
        },
        admin,
        &admin_keys,
        0,
        &key,
        now,
    )
    .unwrap()
    .2;
    assert_eq!(r.role_at(device, Some(2)), Some(Role::Sales));
    assert_eq!(r.role_at(device, Some(5)), Some(Role::ReadOnly));
    assert_eq!(r.role_at(device, Some(6)), None, "after the removal point");
    // The last admin can neither be demoted nor removed.
    let me = c.member;
    for change in [
        Change::ChangeRole {
            member: me,
            role: Role::Sales,
            points: BTreeMap::new(),
        },
        Change::RemoveMember {
            member: me,
            last_seqs: BTreeMap::from([(admin, None)]),
        },
    ] {
        assert!(roster::append(&r, &change, admin, &admin_keys, 0, &key, now).is_err());
    }
}
