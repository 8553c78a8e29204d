//! Roles at the command line (issue 13), on a real team made with the real binary: an admin,
//! a sales member and a read-only member each run EVERY write and export command. What the
//! role allows succeeds; what it does not is refused with one sentence naming the role, a
//! non-zero exit, and every file of the store byte-identical. Reads stay open to everyone, and
//! a newcomer not yet accepted by an admin only reads.

mod common;

use common::all_files;
use common::cli_team::{CliTeam, cli_team, ok, rapport};
use rapport::team::access::{self, Action};
use rapport::team::roster::Role;
use std::path::Path;

/// One write command: its action, and its arguments with `{ALMA}` (a shared contact), `{NEW}`
/// (the contact this member just added, else Alma) and `{OUT}` (a file of this run) filled in.
struct Case {
    action: Action,
    args: &'static [&'static str],
}

const fn case(action: Action, args: &'static [&'static str]) -> Case {
    Case { action, args }
}

/// Every write and export command of the CLI, in an order where each finds what it needs.
const CASES: &[Case] = &[
    case(
        Action::ContactAdd,
        &[
            "add",
            "--given",
            "Nils",
            "--family",
            "Nyberg",
            "--email",
            "nils@example.com",
        ],
    ),
    case(Action::ContactEdit, &["edit", "{ALMA}", "--title", "Buyer"]),
    case(Action::Import, &["import", "{VCF}"]),
    case(
        Action::ExportAll,
        &["export-all", "--format", "csv", "--out", "{OUT}.csv"],
    ),
    case(
        Action::Consent,
        &[
            "consent",
            "give",
            "{ALMA}",
            "--purpose",
            "Newsletter",
            "--source",
            "signed-form:#7",
        ],
    ),
    case(
        Action::Consent,
        &["consent", "withdraw", "{ALMA}", "--purpose", "Newsletter"],
    ),
    case(
        Action::AccessExport,
        &["export", "{ALMA}", "--out", "{OUT}.json"],
    ),
    case(
        Action::Objection,
        &["object", "{ALMA}", "--channel", "phone"],
    ),
    case(Action::Restriction, &["restrict", "{ALMA}"]),
    case(Action::Restriction, &["unrestrict", "{ALMA}"]),
    case(Action::Organisation, &["org", "add", "Example Trading AB"]),
    case(
        Action::Organisation,
        &[
            "org",
            "edit",
            "Example Trading AB",
            "--web",
            "https://example.com",
        ],
    ),
    case(
        Action::Activity,
        &[
            "activity",
            "add",
            "{ALMA}",
            "--kind",
            "call",
            "--outcome",
            "interested",
        ],
    ),
    case(
        Action::FollowUp,
        &["follow-up", "add", "{ALMA}", "--on", "2030-01-15"],
    ),
    case(
        Action::Request,
        &[
            "request",
            "add",
            "--type",
            "access",
            "--received",
            "2026-11-30",
            "--via",
            "email",
        ],
    ),
    case(Action::RecordDocument, &["record", "--html", "{OUT}.html"]),
    case(Action::ExportsSweep, &["exports", "--sweep"]),
    case(
        Action::Wording,
        &[
            "wording",
            "--purpose",
            "Newsletter",
            "--version",
            "9",
            "--text",
            "May we write to you?",
        ],
    ),
    case(Action::Interests, &["interests", "--add", "Sailing"]),
    case(Action::Outcomes, &["outcomes", "--add", "Met at a fair"]),
    case(Action::Outcomes, &["outcomes", "--remove", "declined"]),
    case(
        Action::Settings,
        &[
            "org",
            "industries",
            "--add",
            "fishing",
            "--label",
            "Fishing",
        ],
    ),
    case(Action::RetentionSweep, &["retention", "--apply"]),
    case(
        Action::RecordOfProcessing,
        &["controller", "set", "--name", "Example Firm AB"],
    ),
    case(
        Action::RecordOfProcessing,
        &["recipient", "add", "Example Cloud", "--country", "SE"],
    ),
    case(
        Action::RecordOfProcessing,
        &["recipient", "remove", "Example Cloud"],
    ),
    case(
        Action::RecordOfProcessing,
        &[
            "purpose-note",
            "--purpose",
            "Newsletter",
            "--source",
            "trade fairs",
        ],
    ),
    case(Action::Settings, &["exports", "--expiry-days", "20"]),
    case(
        Action::Demo,
        &["demo", "--contacts", "2", "--activities", "0"],
    ),
    case(
        Action::TeamInvite,
        &["team", "invite", "--name", "Dora Dahl", "--role", "sales"],
    ),
    case(Action::ContactErase, &["erase", "{NEW}", "--yes"]),
    case(Action::Backup, &["backup", "--out", "{OUT}.backup"]),
    // Last: for the admin it replaces the store with the backup just written.
    case(Action::Restore, &["restore", "{OUT}.backup", "--yes"]),
];

fn fill(arg: &str, alma: &str, new: &str, out: &str, vcf: &str) -> String {
    arg.replace("{ALMA}", alma)
        .replace("{NEW}", new)
        .replace("{OUT}", out)
        .replace("{VCF}", vcf)
}

/// Runs every case on `dir` as `role`; returns how many were refused.
fn run_all(team: &CliTeam, dir: &Path, role: Role, alma: &str) -> usize {
    let base = team.tmp.path().join(format!("out-{role}"));
    let out = base.to_str().unwrap().to_string();
    let vcf = team.tmp.path().join("card.vcf");
    let vcf = vcf.to_str().unwrap().to_string();
    let mut new = alma.to_string();
    let mut refused = 0;
    for c in CASES {
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| fill(a, alma, &new, &out, &vcf))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let before = all_files(dir);
        let run = rapport(dir, &args);
        let stderr = String::from_utf8_lossy(&run.stderr).to_string();
        if access::allows(role, c.action) {
            assert!(run.status.success(), "{role} may {args:?}, but: {stderr}");
            if c.action == Action::ContactAdd {
                new = String::from_utf8(run.stdout).unwrap().trim().to_string();
            }
        } else {
            refused += 1;
            assert!(!run.status.success(), "{role} must not {args:?}");
            let sentence = format!(
                "Your role in the team is {role}: it cannot {}. Ask an admin of the team.",
                c.action.phrase()
            );
            assert!(stderr.contains(&sentence), "{role} {args:?}: {stderr}");
            assert_eq!(stderr.trim().lines().count(), 1, "one sentence: {stderr}");
            assert!(!stderr.contains("Alma"), "no personal data: {stderr}");
            assert!(all_files(dir) == before, "{role} {args:?} changed a file");
        }
    }
    refused
}

fn alma_of(dir: &Path) -> String {
    let list: serde_json::Value = serde_json::from_str(&ok(dir, &["list", "--json"])).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Alma Andersson")
        .expect("Alma reached this store")["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn every_role_against_every_write_command() {
    let team = cli_team(&[("Bo Berg", "sales"), ("Cy Carlsson", "read-only")], |a| {
        ok(
            a,
            &[
                "add",
                "--given",
                "Alma",
                "--family",
                "Andersson",
                "--email",
                "alma@example.com",
            ],
        );
    });
    std::fs::write(
        team.tmp.path().join("card.vcf"),
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Vera Vik\r\nEMAIL:vera@example.com\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let bo = team.member("Bo Berg").to_path_buf();
    let cy = team.member("Cy Carlsson").to_path_buf();
    let alma = alma_of(&team.admin);
    assert_eq!(alma_of(&bo), alma);
    assert_eq!(alma_of(&cy), alma);

    // Read-only: every write refused, every read still works.
    assert_eq!(run_all(&team, &cy, Role::ReadOnly, &alma), CASES.len());
    for read in [
        vec!["list"],
        vec!["show", &alma],
        vec!["audit", "--verify"],
        vec!["team"],
        vec!["purposes"],
        vec!["today"],
        vec!["requests"],
        vec!["erase", &alma],
    ] {
        ok(&cy, &read);
    }
    ok(&cy, &["sync"]);

    // Sales: the contacts' work goes through; the firm's rules and the team are refused.
    let refused = run_all(&team, &bo, Role::Sales, &alma);
    assert_eq!(
        refused, 15,
        "wording, interests, 2 outcomes, industries, retention, 4 record, expiry, demo, invite, backup, restore"
    );

    // Admin: everything (restore, last, replaces her store with her own backup).
    assert_eq!(run_all(&team, &team.admin.clone(), Role::Admin, &alma), 0);

    // Team create / join are admin's: a member cannot start or join another team.
    for dir in [&bo, &cy] {
        let other = team.tmp.path().join("other-folder");
        let other = other.to_str().unwrap();
        for args in [
            vec!["team", "create", "--name", "Side Firm", "--folder", other],
            vec!["team", "join", "--folder", other, "--code", "AAAA-BBBB"],
        ] {
            let before = all_files(dir);
            let run = rapport(dir, &args);
            assert!(!run.status.success());
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert!(stderr.contains("Your role in the team is"), "{stderr}");
            assert!(all_files(dir) == before);
        }
    }
}

#[test]
fn a_newcomer_not_yet_accepted_only_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let team = cli_team(&[], |_| {});
    let folder = team.folder.to_str().unwrap().to_string();
    let invite = ok(
        &team.admin,
        &["team", "invite", "--name", "Eva Ek", "--role", "sales"],
    );
    let code = invite.lines().last().unwrap().trim().to_string();
    let eva = tmp.path().join("eva");
    ok(&eva, &["init"]);
    ok(
        &eva,
        &["team", "join", "--folder", &folder, "--code", &code],
    );
    let before = all_files(&eva);
    let run = rapport(&eva, &["add", "--given", "Nils", "--family", "Nyberg"]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("This laptop is not yet accepted in the team: it cannot add contacts"),
        "{stderr}"
    );
    assert!(all_files(&eva) == before);
    ok(&eva, &["list"]);
    // Once the admin has synced and Eva has too, her role (sales) applies.
    ok(&team.admin, &["sync"]);
    ok(&eva, &["sync"]);
    ok(&eva, &["add", "--given", "Nils", "--family", "Nyberg"]);
}

#[test]
fn a_store_in_no_team_may_do_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let solo = tmp.path().join("solo");
    ok(&solo, &["init"]);
    ok(&solo, &["interests", "--add", "Sailing"]);
    ok(&solo, &["controller", "set", "--name", "Example Firm AB"]);
    ok(&solo, &["add", "--given", "Nils", "--family", "Nyberg"]);
}
