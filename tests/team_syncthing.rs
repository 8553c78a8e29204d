//! The team folder carried by real sharing software: two Syncthing instances on loopback, one
//! folder each, the join handshake and segments crossing between two devices — with
//! Syncthing's own `.stfolder` marker and in-flight temp files, and injected conflict copies,
//! `name (1)` copies and a truncated segment, all of which the reader must skip.
//!
//! Skips with a note when `syncthing` is not installed; fails instead when `CI=true`
//! (`.ci/run` installs it). Only 127.0.0.1 is used; every wait is bounded; both processes are
//! killed when the test ends, however it ends.

use rapport::team::folder::{Found, Item, TeamFolder};
use rapport::team::invite::{self, InviteCode, KeyBundle};
use rapport::team::keys::{DeviceId, DeviceKeys};
use rapport::team::roster::{self, Role};
use rapport::team::segment::{self, Header, Reject, SegmentKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NOW: i64 = 1_796_000_000;
const WAIT: Duration = Duration::from_secs(60);

struct Syncthing {
    home: PathBuf,
    child: Child,
}

impl Drop for Syncthing {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Syncthing {
    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.home.join("log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `syncthing generate` for a home; returns the device id it prints.
fn generate(home: &Path) -> String {
    let out = Command::new("syncthing")
        .arg("generate")
        .arg(format!("--home={}", home.display()))
        .arg("--no-default-folder")
        .env("STNOUPGRADE", "1")
        .output()
        .expect("syncthing generate runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .find_map(|l| l.split("Device ID: ").nth(1))
        .map(|id| id.trim().to_string())
        .unwrap_or_else(|| panic!("no device id in: {text}"))
}

fn set(xml: &str, tag: &str, value: &str) -> String {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("no <{tag}> in config"))
        + open.len();
    let end = start + xml[start..].find(&close).unwrap();
    format!("{}{}{}", &xml[..start], value, &xml[end..])
}

/// Loopback only: no discovery, relays, NAT, GUI, upgrades or usage reports.
fn configure(home: &Path, me: &str, listen: u16, peer: &str, peer_port: u16, folder: &Path) {
    let path = home.join("config.xml");
    let mut xml = std::fs::read_to_string(&path).unwrap();
    xml = xml.replacen(r#"<gui enabled="true""#, r#"<gui enabled="false""#, 1);
    xml = set(&xml, "listenAddress", &format!("tcp://127.0.0.1:{listen}"));
    for (tag, v) in [
        ("globalAnnounceEnabled", "false"),
        ("localAnnounceEnabled", "false"),
        ("relaysEnabled", "false"),
        ("natEnabled", "false"),
        ("startBrowser", "false"),
        ("urAccepted", "-1"),
        ("autoUpgradeIntervalH", "0"),
        ("crashReportingEnabled", "false"),
    ] {
        xml = set(&xml, tag, v);
    }
    let first_device_end = xml.find("</device>").unwrap() + "</device>".len();
    let extra = format!(
        r#"
    <device id="{peer}" name="peer" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>tcp://127.0.0.1:{peer_port}</address>
        <paused>false</paused>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>
    <folder id="rapport-team" label="team" path="{}" type="sendreceive" rescanIntervalS="2" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="{me}" introducedBy=""></device>
        <device id="{peer}" introducedBy=""></device>
        <markerName>.stfolder</markerName>
    </folder>"#,
        folder.display()
    );
    xml.insert_str(first_device_end, &extra);
    std::fs::write(&path, xml).unwrap();
}

fn serve(home: &Path) -> Syncthing {
    let child = Command::new("syncthing")
        .arg("serve")
        .arg(format!("--home={}", home.display()))
        .args(["--no-browser", "--no-restart"])
        .arg(format!("--logfile={}", home.join("log").display()))
        .env("STNOUPGRADE", "1")
        .env("STNODEFAULTFOLDER", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("syncthing serve starts");
    Syncthing {
        home: home.to_path_buf(),
        child,
    }
}

fn wait_for<T>(what: &str, st: &[&Syncthing], mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = probe() {
            eprintln!("{what}: {:.1} s", start.elapsed().as_secs_f64());
            return v;
        }
        if start.elapsed() > WAIT {
            let logs: Vec<String> = st.iter().map(|s| s.log_tail()).collect();
            panic!(
                "timed out after {WAIT:?} waiting for {what}\n--- logs ---\n{}",
                logs.join("\n---\n")
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn find(folder: &TeamFolder, pred: impl Fn(&Found) -> bool) -> Option<Found> {
    folder.scan().ok()?.into_iter().find(|f| pred(f))
}

fn syncthing_present() -> bool {
    let ok = Command::new("syncthing")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("syncthing is not installed (apt-get install syncthing); CI must run this test");
        }
        eprintln!(
            "skipped: syncthing is not installed (apt-get install syncthing to run this test)"
        );
    }
    ok
}

#[test]
fn two_syncthing_instances_carry_the_team_folder_between_two_devices() {
    if !syncthing_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (home_a, home_b) = (tmp.path().join("st-a"), tmp.path().join("st-b"));
    let (dir_a, dir_b) = (
        tmp.path().join("laptop-a/team"),
        tmp.path().join("laptop-b/team"),
    );
    std::fs::create_dir_all(&dir_a).unwrap();
    std::fs::create_dir_all(&dir_b).unwrap();
    let (id_a, id_b) = (generate(&home_a), generate(&home_b));
    let (port_a, port_b) = (free_port(), free_port());
    configure(&home_a, &id_a, port_a, &id_b, port_b, &dir_a);
    configure(&home_b, &id_b, port_b, &id_a, port_a, &dir_b);
    let st_a = serve(&home_a);
    let st_b = serve(&home_b);
    let both = [&st_a, &st_b];

    // Syncthing puts its marker into each folder; the team folder opens over it.
    wait_for(".stfolder markers", &both, || {
        (dir_a.join(".stfolder").exists() && dir_b.join(".stfolder").exists()).then_some(())
    });
    let fa = TeamFolder::open(&dir_a).unwrap();
    let fb = TeamFolder::open(&dir_b).unwrap();

    // Laptop A creates the team; laptop B receives entry 0.
    let (admin, admin_keys) = (DeviceId::random().unwrap(), DeviceKeys::generate().unwrap());
    let (newbie, newbie_keys) = (DeviceId::random().unwrap(), DeviceKeys::generate().unwrap());
    let c = roster::create_team("Example Firm", "Ada Admin", admin, &admin_keys, NOW).unwrap();
    fa.publish(admin, c.entry.0, &c.entry.1).unwrap();
    let bundle = KeyBundle {
        epochs: BTreeMap::from([(0, c.epoch_key.clone())]),
        team_key: c.team_key.clone(),
    };
    let (inv, code) = invite::invite("Bo Berg", Role::Sales, NOW).unwrap();
    wait_for("roster entry 0 on laptop B", &both, || {
        find(&fb, |f| f.item == Item::Roster { index: 0 })
    });

    // Laptop B joins with the code; A sees the request.
    let typed = code.display().to_lowercase().replace('-', " ");
    let pending = invite::join_request(
        &InviteCode::parse(&typed).unwrap(),
        newbie,
        &newbie_keys,
        "Bo Berg",
        NOW,
    )
    .unwrap();
    fb.publish(newbie, pending.item, &pending.bytes).unwrap();
    let req = wait_for("join request on laptop A", &both, || {
        find(&fa, |f| f.device == newbie && f.item == pending.item)
    });
    let found = fa.scan().unwrap();
    let r0 = roster::verify(&c.anchor, &roster::load(&fa, &found), &|e| {
        bundle.epoch_key(e)
    })
    .roster
    .unwrap();
    let request = invite::open_join_request(
        &fa.read(&req).unwrap(),
        std::slice::from_ref(&inv),
        &r0,
        NOW + 60,
    )
    .unwrap();
    let acc = invite::accept(
        &r0,
        &c.anchor,
        &inv,
        &request,
        admin,
        &admin_keys,
        &bundle,
        NOW + 60,
    )
    .unwrap();
    fa.publish(admin, acc.entry.0, &acc.entry.1).unwrap();
    fa.publish(admin, acc.welcome.0, &acc.welcome.1).unwrap();

    // B gets the welcome and the new roster entry, and checks one against the other.
    let wel = wait_for("welcome on laptop B", &both, || {
        find(&fb, |f| f.item == Item::Welcome { to: newbie })
    });
    wait_for("roster entry 1 on laptop B", &both, || {
        find(&fb, |f| f.item == Item::Roster { index: 1 })
    });
    let welcome = invite::open_welcome(
        &fb.read(&wel).unwrap(),
        &pending.secrets,
        newbie,
        &newbie_keys,
    )
    .unwrap();
    let found = fb.scan().unwrap();
    let (roster_b, _) = welcome
        .verify_roster(&roster::load(&fb, &found), newbie)
        .unwrap();
    assert_eq!(roster_b.device_role(newbie), Some(Role::Sales));
    fb.remove_own(newbie, pending.item).unwrap();

    // B publishes two segments; beside them, what sharing software and people leave behind.
    let h0 = Header {
        team: roster_b.team,
        device: newbie,
        epoch: 0,
        seq: 0,
        prev: [0; 32],
        kind: SegmentKind::Changes,
    };
    let s0 = segment::seal(&h0, b"first change", &c.epoch_key, &newbie_keys).unwrap();
    let h1 = Header {
        seq: 1,
        prev: segment::digest(&s0),
        ..h0
    };
    let s1 = segment::seal(&h1, b"second change", &c.epoch_key, &newbie_keys).unwrap();
    let item0 = Item::Segment {
        epoch: 0,
        seq: 0,
        kind: SegmentKind::Changes,
    };
    let item1 = Item::Segment {
        epoch: 0,
        seq: 1,
        kind: SegmentKind::Changes,
    };
    let item2 = Item::Segment {
        epoch: 0,
        seq: 2,
        kind: SegmentKind::Changes,
    };
    fb.publish(newbie, item0, &s0).unwrap();
    fb.publish(newbie, item1, &s1).unwrap();
    // A truncated segment under a valid name (a copy cut short by a full disk).
    fb.publish(newbie, item2, &s1[..s1.len() / 2]).unwrap();
    let own = dir_b.join(format!("dev-{newbie}"));
    let stem = item1.file_name().trim_end_matches(".seg").to_string();
    std::fs::write(
        own.join(format!("{stem}.sync-conflict-20261201-101010-ABCDEFG.seg")),
        &s0,
    )
    .unwrap();
    std::fs::write(own.join(format!("{stem} (1).seg")), &s0).unwrap();
    std::fs::write(own.join(format!("~syncthing~{stem}.seg.tmp")), b"partial").unwrap();

    // A receives them all, and its reader takes only what is real.
    let conflict = dir_a
        .join(format!("dev-{newbie}"))
        .join(format!("{stem}.sync-conflict-20261201-101010-ABCDEFG.seg"));
    wait_for("segments and junk on laptop A", &both, || {
        let names = fa.scan().ok()?;
        let all = [item0, item1, item2].iter().all(|i| {
            names.contains(&Found {
                device: newbie,
                item: *i,
            })
        });
        (all && conflict.exists() && dir_a.join(format!("dev-{newbie}/{stem} (1).seg")).exists())
            .then_some(())
    });
    let roster_a = acc.roster.clone();
    let mut opened = vec![];
    let mut refused = vec![];
    let mut last: Option<(u64, [u8; 32])> = None;
    let mut mine: Vec<Found> = fa
        .scan()
        .unwrap()
        .into_iter()
        .filter(|f| f.device == newbie && matches!(f.item, Item::Segment { .. }))
        .collect();
    mine.sort();
    for f in mine {
        let bytes = fa.read(&f).unwrap();
        match segment::open(
            &bytes,
            roster_a.team,
            &|h| roster_a.segment_signer(h),
            &|e| bundle.epoch_key(e),
        ) {
            Ok((h, payload)) => {
                let d = segment::digest(&bytes);
                let step = segment::continuity(last, &h, &d);
                assert!(
                    matches!(step, segment::Continuity::Start | segment::Continuity::Next),
                    "{step:?}"
                );
                last = Some((h.seq, d));
                opened.push(payload);
            }
            Err(r) => refused.push((f.item, r)),
        }
    }
    assert_eq!(
        opened,
        vec![b"first change".to_vec(), b"second change".to_vec()]
    );
    assert_eq!(refused, vec![(item2, Reject::Truncated)]);
    // The newcomer's consumed join request, removed on B, is gone on A too.
    wait_for("join request removed on laptop A", &both, || {
        find(&fa, |f| f.item == pending.item)
            .is_none()
            .then_some(())
    });

    // Syncthing's marker and temp names never show up among the found files, and Rapport's
    // own writes caused no conflict copy anywhere.
    for folder in [&dir_a, &dir_b] {
        let conflicts: Vec<_> = walk(folder)
            .into_iter()
            .filter(|p| {
                p.to_string_lossy().contains("sync-conflict")
                    && !p.to_string_lossy().contains(&stem)
            })
            .collect();
        assert!(conflicts.is_empty(), "{conflicts:?}");
    }
    assert!(dir_a.join(".stfolder").is_dir());
    for f in fa.scan().unwrap() {
        assert!(!f.relative().to_string_lossy().contains(".st"));
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
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
