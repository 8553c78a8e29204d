//! The key vault: passphrase wrapping (Argon2id + XChaCha20-Poly1305), the keyring path against
//! keyring-core's mock store, and once for real against a Secret Service (gnome-keyring under
//! dbus-run-session, which .ci/run installs).

mod common;

use rapport::vault::{self, KdfParams, Protect, Protection, Secret, VaultError};
use std::process::Command;
use zeroize::Zeroizing;

fn fast() -> KdfParams {
    KdfParams::fixed(64 * 1024, 1)
}

#[test]
fn passphrase_round_trip_and_wrong_passphrase_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (key, file) = vault::create(
        dir.path(),
        Protect::Passphrase {
            passphrase: Zeroizing::new("correct horse battery".into()),
            kdf: fast(),
        },
    )
    .unwrap();
    let Protection::Passphrase { kdf, .. } = &file.protection else {
        panic!("expected a passphrase vault")
    };
    assert!(kdf.memory_kib >= 64 * 1024);
    let before = std::fs::read(vault::vault_path(dir.path())).unwrap();
    let text = String::from_utf8(before.clone()).unwrap();
    assert!(
        !text.contains(key.to_hex().as_str()),
        "the raw key is in vault.json"
    );
    let again = vault::unlock(
        dir.path(),
        Secret::Passphrase(Zeroizing::new("correct horse battery".into())),
    )
    .unwrap();
    assert_eq!(again, key);
    let err = vault::unlock(
        dir.path(),
        Secret::Passphrase(Zeroizing::new("wrong horse".into())),
    )
    .unwrap_err();
    assert!(matches!(err, VaultError::WrongPassphrase));
    assert!(err.to_string().contains("wrong passphrase"));
    assert_eq!(
        std::fs::read(vault::vault_path(dir.path())).unwrap(),
        before
    );
    assert!(matches!(
        vault::unlock(dir.path(), Secret::Keyring),
        Err(VaultError::PassphraseNeeded)
    ));
    assert!(matches!(
        vault::create(
            dir.path(),
            Protect::Passphrase {
                passphrase: Zeroizing::new("another one!".into()),
                kdf: fast()
            }
        ),
        Err(VaultError::AlreadyExists(_))
    ));
}

#[test]
fn short_passphrases_and_damaged_vaults_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let short = vault::create(
        dir.path(),
        Protect::Passphrase {
            passphrase: Zeroizing::new("abc".into()),
            kdf: fast(),
        },
    );
    assert!(matches!(short, Err(VaultError::WeakPassphrase(8))));
    assert!(!vault::exists(dir.path()));
    std::fs::write(vault::vault_path(dir.path()), b"{ not json").unwrap();
    let err = vault::unlock(
        dir.path(),
        Secret::Passphrase(Zeroizing::new("whatever1".into())),
    )
    .unwrap_err();
    assert!(matches!(err, VaultError::Corrupt(..)), "{err:?}");
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        vault::unlock(empty.path(), Secret::Keyring),
        Err(VaultError::NoVault(_))
    ));
}

#[test]
fn tuning_keeps_at_least_64_mib() {
    let p = KdfParams::tuned(std::time::Duration::from_millis(1));
    assert!(p.memory_kib >= 64 * 1024 && p.iterations >= 1);
}

#[test]
fn keyring_path_with_the_mock_store() {
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
    assert!(vault::keyring::available());
    let dir = tempfile::tempdir().unwrap();
    let (key, file) = vault::create(dir.path(), Protect::Keyring).unwrap();
    assert!(matches!(file.protection, Protection::Keyring { .. }));
    assert_eq!(vault::unlock(dir.path(), Secret::Keyring).unwrap(), key);
    assert!(matches!(
        vault::unlock(
            dir.path(),
            Secret::Passphrase(Zeroizing::new("x".repeat(9)))
        ),
        Err(VaultError::UsesKeyring)
    ));
    // Moving the store to a passphrase removes the key from the keyring (no copy outlives the
    // protection it belonged to) and the passphrase opens the store.
    assert!(vault::rewrap_with_passphrase(dir.path(), &key, "a new passphrase", fast()).unwrap());
    assert_eq!(
        vault::unlock(
            dir.path(),
            Secret::Passphrase(Zeroizing::new("a new passphrase".into()))
        )
        .unwrap(),
        key
    );
    assert!(matches!(
        vault::keyring::load(&file.store_id),
        Err(VaultError::KeyringEntryMissing)
    ));
}

/// Runs inside a D-Bus session with an unlocked gnome-keyring (started by the test below).
#[test]
#[ignore = "run by real_secret_service_round_trip inside dbus-run-session"]
fn secret_service_child() {
    assert!(
        vault::keyring::use_platform_store(),
        "no Secret Service answered inside the D-Bus session"
    );
    let dir = tempfile::tempdir().unwrap();
    let (key, file) = vault::create(dir.path(), Protect::Keyring).unwrap();
    assert_eq!(vault::unlock(dir.path(), Secret::Keyring).unwrap(), key);
    vault::keyring::delete(&file.store_id).unwrap();
    assert!(matches!(
        vault::unlock(dir.path(), Secret::Keyring),
        Err(VaultError::KeyringEntryMissing)
    ));
    println!("SECRET-SERVICE-OK");
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn real_secret_service_round_trip() {
    if !have("dbus-run-session") || !have("gnome-keyring-daemon") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install dbus and gnome-keyring (see .ci/run)"
        );
        eprintln!("skipped: install dbus and gnome-keyring to run the real Secret Service test");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let script = format!(
        "echo -n rapport-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec '{}' --ignored --exact secret_service_child --nocapture",
        exe.display()
    );
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .env("HOME", home.path())
        .env("XDG_RUNTIME_DIR", home.path())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("SECRET-SERVICE-OK"),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
