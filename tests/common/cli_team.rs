//! A real team made with the real `rapport` binary, for tests that need members with roles:
//! the admin's store creates the team on a shared folder, each newcomer `init`s a store of its
//! own, is invited with a role, joins with the code, the admin's `sync` accepts them and the
//! newcomer's `sync` takes the welcome. Every store is behind a passphrase with a fast KDF.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const PASS: &str = "correct horse battery staple";

/// Runs `rapport --data-dir DIR ARGS…` (no keyring, no desktop bus).
pub fn rapport(dir: &Path, args: &[&str]) -> Output {
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
    c.output().unwrap()
}

/// `rapport`, asserting success; its standard output.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = rapport(dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A team on a shared folder: the admin's store and one store per invited member.
pub struct CliTeam {
    pub tmp: tempfile::TempDir,
    pub folder: PathBuf,
    pub admin: PathBuf,
    /// (name, role as typed, data dir), in the order invited.
    pub members: Vec<(String, String, PathBuf)>,
}

impl CliTeam {
    /// The data dir of the member invited as `name`.
    pub fn member(&self, name: &str) -> &Path {
        &self
            .members
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("no member {name}"))
            .2
    }

    /// One round for everyone: the admin first, then each member, then the admin again.
    pub fn sync_all(&self) {
        ok(&self.admin, &["sync"]);
        for (_, _, dir) in &self.members {
            ok(dir, &["sync"]);
        }
        ok(&self.admin, &["sync"]);
    }
}

/// Creates the team "Example Firm" whose admin "Ada Admin" first runs `before_team` on her
/// store (e.g. adds contacts that become the team's), then invites `members` (name, role:
/// `admin`, `sales` or `read-only`) and brings each one in as described above.
pub fn cli_team(members: &[(&str, &str)], before_team: impl FnOnce(&Path)) -> CliTeam {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    let admin = tmp.path().join("ada");
    ok(&admin, &["init"]);
    before_team(&admin);
    let folder_s = folder.to_str().unwrap().to_string();
    ok(
        &admin,
        &[
            "team",
            "create",
            "--name",
            "Example Firm",
            "--folder",
            &folder_s,
            "--me",
            "Ada Admin",
        ],
    );
    let mut joined = Vec::new();
    for (i, (name, role)) in members.iter().enumerate() {
        let invite = ok(&admin, &["team", "invite", "--name", name, "--role", role]);
        let code = invite.lines().last().unwrap().trim().to_string();
        let dir = tmp.path().join(format!("member{i}"));
        ok(&dir, &["init"]);
        ok(
            &dir,
            &[
                "team", "join", "--folder", &folder_s, "--code", &code, "--me", name,
            ],
        );
        joined.push((name.to_string(), role.to_string(), dir));
    }
    let team = CliTeam {
        tmp,
        folder,
        admin,
        members: joined,
    };
    team.sync_all();
    team
}
