//! `security` (show how the store is protected; change the passphrase; enrol, re-enrol or
//! remove the key file that is its second factor) and `rekey`. Each command first opens the
//! store with the current secrets, so a wrong or missing one is refused before anything changes.

use super::context::Context;
use crate::privacy::security;
use crate::vault::{self, KeyFile, Protection, SecondFactor};
use anyhow::bail;
use std::path::PathBuf;
use std::process::ExitCode;
use zeroize::Zeroizing;

#[derive(clap::Args, Debug)]
pub struct SecurityArgs {
    #[command(subcommand)]
    pub command: Option<SecurityCommand>,
}

#[derive(clap::Subcommand, Debug)]
pub enum SecurityCommand {
    /// Enrol a key file as second factor: `--key-file PATH` writes a NEW random key file there
    /// (never over an existing file). The current key file, if any, comes from
    /// --current-key-file or RAPPORT_KEY_FILE. `--remove` drops the factor.
    SecondFactor(SecondFactorArgs),
    /// Change the passphrase (the new one from --new-passphrase-file, RAPPORT_NEW_PASSPHRASE,
    /// or asked twice on the terminal). A store in the OS keyring moves to the passphrase.
    Passphrase(PassphraseArgs),
}

#[derive(clap::Args, Debug)]
pub struct SecondFactorArgs {
    /// Remove the second factor: the passphrase alone opens the store again.
    #[arg(long)]
    pub remove: bool,
    /// The key file enrolled now (when re-enrolling), instead of RAPPORT_KEY_FILE.
    #[arg(long, value_name = "FILE")]
    pub current_key_file: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct PassphraseArgs {
    /// Read the new passphrase from this file (first line).
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
}

pub fn run(ctx: &Context, a: SecurityArgs) -> anyhow::Result<ExitCode> {
    match a.command {
        None => show(ctx),
        Some(SecurityCommand::SecondFactor(s)) => second_factor(ctx, s),
        Some(SecurityCommand::Passphrase(p)) => passphrase(ctx, p),
    }
}

fn show(ctx: &Context) -> anyhow::Result<ExitCode> {
    let v = vault::read(&ctx.data_dir)?;
    match &v.protection {
        Protection::Keyring { .. } => {
            out!("Key kept by: the OS keyring (opens while you are logged in).");
            out!("Second factor: none (needs a passphrase: `rapport security passphrase`).");
        }
        Protection::Passphrase {
            kdf, second_factor, ..
        } => {
            out!(
                "Key kept by: a passphrase (Argon2id, {} MiB, {} passes).",
                kdf.memory_kib / 1024,
                kdf.iterations
            );
            match second_factor {
                None => out!("Second factor: none."),
                Some(SecondFactor::KeyFile { id }) => {
                    out!("Second factor: key file {id} (needed with the passphrase to unlock).")
                }
            }
        }
    }
    if v.pending.is_some() {
        out!("A rekey was interrupted: the next unlock finishes it.");
    }
    out!("Vault format: {}.", v.format);
    Ok(ExitCode::SUCCESS)
}

fn audit(store: &mut crate::store::Store, detail: &str) -> anyhow::Result<()> {
    crate::privacy::security::record(store, detail, chrono::Utc::now())?;
    Ok(())
}

fn passphrase_now(ctx: &Context) -> anyhow::Result<Zeroizing<String>> {
    match ctx.passphrase()? {
        Some(p) => Ok(p),
        None => bail!(
            "a second factor goes with a passphrase: give the store's passphrase in RAPPORT_PASSPHRASE or --passphrase-file FILE"
        ),
    }
}

fn second_factor(ctx: &Context, a: SecondFactorArgs) -> anyhow::Result<ExitCode> {
    if matches!(
        vault::read(&ctx.data_dir)?.protection,
        Protection::Keyring { .. }
    ) {
        return Err(vault::VaultError::FactorNeedsPassphrase.into());
    }
    if a.remove {
        if ctx.key_file_arg.is_some() && a.current_key_file.is_some() {
            bail!("--remove takes the current key file once: drop --current-key-file");
        }
        let current = a.current_key_file.clone().or_else(|| ctx.key_file());
        let pass = passphrase_now(ctx)?;
        let (mut store, key) = crate::privacy::session::open_keyed(
            &ctx.data_dir,
            ctx.secret_with(current)?,
            chrono::Utc::now(),
        )?;
        security::remove_factor(&ctx.data_dir, &key, &pass, super::setup::kdf())?;
        audit(&mut store, "second_factor_removed")?;
        out!("The second factor was removed: the passphrase alone opens the store.");
        out!("Destroy the old key file and its copies; they no longer open anything.");
        return Ok(ExitCode::SUCCESS);
    }
    let Some(new_path) = ctx.key_file_arg.clone() else {
        bail!(
            "say where to write the new key file: `rapport security second-factor --key-file PATH` (or --remove)"
        );
    };
    if new_path.exists() {
        return Err(vault::VaultError::KeyFileExists(new_path).into());
    }
    let current = a.current_key_file.or_else(|| ctx.key_file_from_env());
    let pass = passphrase_now(ctx)?;
    let (mut store, key) = crate::privacy::session::open_keyed(
        &ctx.data_dir,
        ctx.secret_with(current)?,
        chrono::Utc::now(),
    )?;
    let id = security::enrol_key_file(&ctx.data_dir, &key, &pass, &new_path, super::setup::kdf())?;
    audit(&mut store, "second_factor_enrolled")?;
    out!(
        "Enrolled key file {} as second factor: from now on the store opens only with the passphrase AND this file.",
        id
    );
    out!(
        "Wrote it to {}. Keep it apart from this computer (a USB stick; print a copy as emergency kit); a key file on the same disk protects nothing.",
        new_path.display()
    );
    out!(
        "Pass it with --key-file FILE or RAPPORT_KEY_FILE. Any older key file no longer opens the store."
    );
    Ok(ExitCode::SUCCESS)
}

fn new_passphrase(ctx: &Context, a: &PassphraseArgs) -> anyhow::Result<Zeroizing<String>> {
    if let Some(path) = &a.new_passphrase_file {
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|_| {
            anyhow::anyhow!(
                "could not read the new passphrase file {}: check the path",
                path.display()
            )
        })?);
        return Ok(Zeroizing::new(
            text.lines().next().unwrap_or("").to_string(),
        ));
    }
    if let Ok(p) = std::env::var("RAPPORT_NEW_PASSPHRASE") {
        return Ok(Zeroizing::new(p));
    }
    // `new_passphrase` would return the current one from RAPPORT_PASSPHRASE: ask only without it.
    if super::context::can_ask()
        && ctx.passphrase()?.is_none()
        && let Some(p) = ctx.new_passphrase()?
    {
        return Ok(p);
    }
    bail!(
        "give the new passphrase in RAPPORT_NEW_PASSPHRASE or --new-passphrase-file FILE (or run the command in a terminal to be asked)"
    )
}

fn passphrase(ctx: &Context, a: PassphraseArgs) -> anyhow::Result<ExitCode> {
    let current_factor = ctx.key_file();
    let factor = match &current_factor {
        Some(p) => Some(KeyFile::read(p)?),
        None => None,
    };
    let was_keyring = matches!(
        vault::read(&ctx.data_dir)?.protection,
        Protection::Keyring { .. }
    );
    let (mut store, key) = crate::privacy::session::open_keyed(
        &ctx.data_dir,
        ctx.secret_with(current_factor)?,
        chrono::Utc::now(),
    )?;
    let new = new_passphrase(ctx, &a)?;
    let left_keyring = security::change_passphrase(
        &ctx.data_dir,
        &key,
        &new,
        factor.as_ref(),
        super::setup::kdf(),
    )?;
    audit(&mut store, "passphrase_changed")?;
    out!("The passphrase was changed; the old one no longer opens the store.");
    if factor.is_some() {
        out!("The key file stays enrolled: unlocking needs the new passphrase and the key file.");
    }
    if was_keyring && left_keyring {
        out!("The key was removed from the OS keyring.");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn rekey(ctx: &Context) -> anyhow::Result<ExitCode> {
    let key = crate::privacy::rekey::rekey(&ctx.data_dir, ctx.secret()?, chrono::Utc::now())?;
    out!("The store has a new key; the old key and the old recovery key no longer open it.");
    out!(
        "New recovery key — write it down and keep it safe; with it any SQLCipher 4 tool opens your data:"
    );
    out!("  {}", key.recovery_string().as_str());
    out!("Copies made before now (backups, other disks) still open with the old key.");
    Ok(ExitCode::SUCCESS)
}
