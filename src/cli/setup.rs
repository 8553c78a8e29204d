//! `init`, `recovery-key`, `restore-key`, `demo` and `check`.

use super::context::{self, Context};
use crate::domain::Action;
use crate::domain::audit::NewEvent;
use crate::store::Store;
use crate::vault::{self, DataKey, KdfParams, Protect};
use anyhow::{Context as _, bail};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Target time for the passphrase KDF (Argon2id, 64 MiB); RAPPORT_KDF_MS lowers it for tests.
pub(super) fn kdf() -> KdfParams {
    let ms = std::env::var("RAPPORT_KDF_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    KdfParams::tuned(Duration::from_millis(ms))
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Protect the store with a passphrase instead of the OS keyring (asked twice on the
    /// terminal unless RAPPORT_PASSPHRASE or --passphrase-file gives it).
    #[arg(long)]
    pub passphrase: bool,
}

pub fn init(ctx: &Context, a: InitArgs) -> anyhow::Result<ExitCode> {
    let passphrase = if a.passphrase {
        let Some(p) = ctx.new_passphrase()? else {
            bail!(
                "--passphrase asks on a terminal: run it in one, or give the passphrase in RAPPORT_PASSPHRASE or --passphrase-file FILE"
            );
        };
        Some(p)
    } else if let Some(p) = ctx.passphrase()? {
        Some(p)
    } else if !vault::keyring::use_platform_store() && context::can_ask() {
        eprintln!("No OS keyring answers on this computer: protect the store with a passphrase.");
        ctx.new_passphrase()?
    } else {
        None
    };
    let protect = match passphrase {
        Some(passphrase) => Protect::Passphrase {
            passphrase,
            kdf: kdf(),
        },
        None => Protect::Keyring,
    };
    let how = match protect {
        Protect::Passphrase { .. } => "your passphrase",
        Protect::Keyring => "the OS keyring",
    };
    let (_, key) = crate::privacy::session::create(&ctx.data_dir, protect, chrono::Utc::now())?;
    out!(
        "Created an encrypted Rapport store in {} (key kept by {how}).",
        ctx.data_dir.display()
    );
    out!(
        "Recovery key — write it down and keep it safe; with it any SQLCipher 4 tool opens your data:"
    );
    out!("  {}", key.recovery_string().as_str());
    Ok(ExitCode::SUCCESS)
}

pub fn recovery_key(ctx: &Context) -> anyhow::Result<ExitCode> {
    let (mut store, key) =
        crate::privacy::session::open_keyed(&ctx.data_dir, ctx.secret()?, chrono::Utc::now())?;
    store.write(|tx| {
        crate::store::audit::append(
            tx,
            &NewEvent::new(chrono::Utc::now(), Action::RecoveryKeyShown, None),
        )
        .map(|_| ())
    })?;
    out!("{}", key.recovery_string().as_str());
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct RestoreArgs {
    /// A file holding the recovery key (64 hex digits, '-' and spaces allowed).
    #[arg(long, value_name = "FILE")]
    pub recovery_key_file: PathBuf,
}

pub fn restore_key(ctx: &Context, a: RestoreArgs) -> anyhow::Result<ExitCode> {
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(&a.recovery_key_file)
            .with_context(|| format!("could not read {}", a.recovery_key_file.display()))?,
    );
    let key = DataKey::parse_recovery(&text)
        .context("that is not a recovery key: it has 64 hex digits, e.g. 0a1b2c3d-…")?;
    // Prove the key opens the database before touching the vault.
    let mut store = Store::open(&ctx.db_path(), &key)?;
    let Some(passphrase) = ctx.new_passphrase()? else {
        bail!(
            "give the new passphrase in RAPPORT_PASSPHRASE or --passphrase-file FILE (or run the command in a terminal to be asked)"
        );
    };
    if matches!(
        vault::read(&ctx.data_dir).map(|v| v.protection),
        Ok(vault::Protection::Keyring { .. })
    ) {
        vault::keyring::use_platform_store();
    }
    let left_keyring = vault::rewrap_with_passphrase(&ctx.data_dir, &key, &passphrase, kdf())?;
    store.write(|tx| {
        crate::store::audit::append(
            tx,
            &NewEvent::new(chrono::Utc::now(), Action::KeyRestored, None),
        )
        .map(|_| ())
    })?;
    out!("The store is now protected by the new passphrase.");
    if left_keyring {
        out!("Its key was removed from the OS keyring.");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// How many contacts to create.
    #[arg(long, default_value_t = 200)]
    pub contacts: usize,
    /// Seed for the random generator (same seed, same people).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Activities per contact on average (a history of calls, meetings, visits …).
    #[arg(long, default_value_t = 5)]
    pub activities: usize,
}

pub fn demo(ctx: &Context, a: DemoArgs) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open()?;
    let started = std::time::Instant::now();
    let n = crate::privacy::demo::generate(
        &mut store,
        a.contacts,
        a.seed,
        chrono::Utc::now(),
        |done, total| {
            if total >= 20_000 && done % 10_000 == 0 {
                eprintln!("… {done}/{total}");
            }
        },
    )?;
    let acts = crate::privacy::demo::generate_activities(
        &mut store,
        a.activities,
        a.seed,
        chrono::Utc::now(),
        |done, total| {
            if total >= 200_000 && done % 100_000 == 0 {
                eprintln!("… {done}/{total} activities");
            }
        },
    )?;
    out!(
        "Added {n} synthetic contacts and {acts} activities in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// `rapport check`: the store's pages and every audit chain it holds — its own and, in a team,
/// each other device's replicated chain (the same verdicts as `rapport audit --verify`). What
/// broke is said per device by its random id and the event's number, never with its contents.
pub fn check(ctx: &Context) -> anyhow::Result<ExitCode> {
    let store = ctx.open()?;
    let problems = store.integrity_problems()?;
    let verdicts = crate::privacy::audit::verify_team(&store)?;
    let others = verdicts.iter().filter(|v| v.device.is_some()).count();
    let intact = verdicts.iter().all(|v| v.result.is_ok());
    if problems.is_empty() && intact {
        if others == 0 {
            out!("ok: pages intact, audit chain intact");
        } else {
            out!(
                "ok: pages intact, audit chains intact (this device's and {others} other device{})",
                if others == 1 { "'s" } else { "s'" }
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !problems.is_empty() {
        eprintln!(
            "integrity problems: {} (restore from a backup)",
            problems.len()
        );
    }
    for v in &verdicts {
        match (&v.device, &v.result) {
            (_, Ok(_)) => {}
            (None, Err(e)) => eprintln!("audit log: {e}"),
            (Some(d), Err(e)) => eprintln!(
                "audit log of device {d}: {e} (this laptop's copy of that device's log; run `rapport audit --verify` on that device to compare)"
            ),
        }
    }
    Ok(ExitCode::FAILURE)
}
