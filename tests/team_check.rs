//! `rapport check` in a team (issue 12): it verifies every device's audit chain this laptop
//! holds, not only its own (the verdicts of `rapport audit --verify`), and says per device what
//! broke — the device's random id and the event's number — with no personal data. A real team
//! of two stores made with the CLI; the tampering is a raw edit of the replicated log.

mod common;

use common::cli_team::{PASS, cli_team, ok, rapport};
use rapport::store::{self, Store};
use rapport::vault;
use std::path::Path;
use zeroize::Zeroizing;

fn open(dir: &Path) -> Store {
    let key = vault::unlock(dir, vault::Secret::Passphrase(Zeroizing::new(PASS.into()))).unwrap();
    Store::open(&dir.join(store::DB_FILE), &key).unwrap()
}

fn device_of(dir: &Path) -> String {
    let s = open(dir);
    let me = s.read(store::team::membership).unwrap().unwrap();
    hex::encode(me.device_id)
}

#[test]
fn check_in_a_team_verifies_every_devices_chain_and_names_the_broken_one() {
    let team = cli_team(&[("Bo Berg", "sales")], |_| {});
    let bo = team.member("Bo Berg").to_path_buf();
    let id = ok(
        &bo,
        &[
            "add",
            "--given",
            "Cleo",
            "--family",
            "Carlsson",
            "--email",
            "cleo@example.com",
        ],
    );
    ok(&bo, &["edit", id.trim(), "--title", "Inköpschef"]);
    team.sync_all();
    let bo_device = device_of(&bo);

    let said = ok(&team.admin, &["check"]);
    assert!(
        said.starts_with("ok: pages intact, audit chains intact (this device's and 1 other"),
        "{said}"
    );
    // Solo, the sentence is as before.
    let solo = team.tmp.path().join("solo");
    ok(&solo, &["init"]);
    assert_eq!(
        ok(&solo, &["check"]).trim(),
        "ok: pages intact, audit chain intact"
    );

    // One of Bo's replicated events changed on Ada's laptop.
    {
        let s = open(&team.admin);
        let conn = s.raw_connection();
        let seq: i64 = conn
            .query_row(
                "SELECT min(seq) FROM team_audit WHERE device = ?1 AND subject IS NOT NULL",
                [hex::decode(&bo_device).unwrap()],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute_batch("DROP TRIGGER team_audit_no_update;")
            .unwrap();
        conn.execute(
            "UPDATE team_audit SET detail = detail || ' Cleo Carlsson' WHERE device = ?1 AND seq = ?2",
            rusqlite::params![hex::decode(&bo_device).unwrap(), seq],
        )
        .unwrap();
    }
    let out = rapport(&team.admin, &["check"]);
    assert!(!out.status.success(), "a broken chain fails the check");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("audit log of device {bo_device}: audit event")),
        "{err}"
    );
    assert!(err.contains("was changed"), "{err}");
    assert!(
        !err.contains("audit log: "),
        "Ada's own chain is intact: {err}"
    );
    for personal in [
        "Cleo",
        "Carlsson",
        "cleo@example.com",
        "Bo Berg",
        "Inköpschef",
        "Ada",
    ] {
        assert!(!err.contains(personal), "{personal} in: {err}");
    }
    // `rapport audit --verify` gives the same verdict; Bo's own laptop is intact.
    assert!(
        !rapport(&team.admin, &["audit", "--verify"])
            .status
            .success()
    );
    assert!(ok(&bo, &["check"]).starts_with("ok: "));
}
