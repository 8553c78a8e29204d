//! Where the store is and how to unlock it: `--data-dir` / `RAPPORT_DATA_DIR` / the platform data
//! directory; `--passphrase-file` / `RAPPORT_PASSPHRASE` / the OS keyring.

use crate::store::{DB_FILE, Store};
use crate::team::access::Action;
use crate::vault::{self, Secret};
use anyhow::{Context as _, bail};
use std::io::IsTerminal as _;
use std::path::PathBuf;
use zeroize::Zeroizing;

pub struct Context {
    pub data_dir: PathBuf,
    passphrase_file: Option<PathBuf>,
    /// `--key-file` as given on the command line.
    pub key_file_arg: Option<PathBuf>,
    /// The role-checked action this run performs (issue 13), set once by the dispatch.
    action: Option<Action>,
}

impl Context {
    pub fn new(
        data_dir: Option<PathBuf>,
        passphrase_file: Option<PathBuf>,
    ) -> anyhow::Result<Self> {
        let data_dir = match data_dir {
            Some(d) => d,
            None => directories::ProjectDirs::from("", "", "Rapport")
                .map(|p| p.data_dir().to_path_buf())
                .context(
                    "no home directory found for the default data directory: pass --data-dir DIR",
                )?,
        };
        Ok(Self {
            data_dir,
            passphrase_file,
            key_file_arg: None,
            action: None,
        })
    }

    /// Sets `--key-file` (the second factor).
    pub fn with_key_file(mut self, key_file: Option<PathBuf>) -> Self {
        self.key_file_arg = key_file;
        self
    }

    /// Sets the action `open` checks against this laptop's role before writing anything.
    pub fn requiring(mut self, action: Option<Action>) -> Self {
        self.action = action;
        self
    }

    /// Refuses the run's action if the role does not allow it, without opening the store for
    /// good (for commands that replace the store instead of opening it).
    pub fn check_role(&self) -> anyhow::Result<()> {
        if let Some(action) = self.action {
            crate::privacy::gate::check_in(&self.data_dir, self.secret()?, action)?;
        }
        Ok(())
    }

    /// The key file to unlock with: `--key-file`, else RAPPORT_KEY_FILE.
    pub fn key_file(&self) -> Option<PathBuf> {
        self.key_file_arg
            .clone()
            .or_else(|| std::env::var_os("RAPPORT_KEY_FILE").map(PathBuf::from))
    }

    /// The key file from RAPPORT_KEY_FILE only (for `security second-factor`, where
    /// `--key-file` names the new file).
    pub fn key_file_from_env(&self) -> Option<PathBuf> {
        std::env::var_os("RAPPORT_KEY_FILE").map(PathBuf::from)
    }

    /// `secret()` with the key file taken from `factor` instead of `key_file()`.
    pub fn secret_with(&self, factor: Option<PathBuf>) -> anyhow::Result<Secret> {
        let secret = self.secret_without_factor()?;
        let Some(path) = factor else {
            return Ok(secret);
        };
        let file = vault::KeyFile::read(&path)?;
        match secret {
            Secret::Passphrase(p) => Ok(Secret::PassphraseAndKeyFile(p, file)),
            Secret::Keyring => Err(vault::VaultError::FactorNeedsPassphrase.into()),
            other => Ok(other),
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join(DB_FILE)
    }

    /// The passphrase from `--passphrase-file` (first line), if that option was given.
    pub fn passphrase_file_contents(&self) -> anyhow::Result<Option<Zeroizing<String>>> {
        let Some(path) = &self.passphrase_file else {
            return Ok(None);
        };
        let text = Zeroizing::new(std::fs::read_to_string(path).with_context(|| {
            format!(
                "could not read the passphrase file {}: check the path",
                path.display()
            )
        })?);
        Ok(Some(Zeroizing::new(
            text.lines().next().unwrap_or("").to_string(),
        )))
    }

    /// The passphrase from `--passphrase-file` or `RAPPORT_PASSPHRASE`, if either is set.
    pub fn passphrase(&self) -> anyhow::Result<Option<Zeroizing<String>>> {
        if let Some(p) = self.passphrase_file_contents()? {
            return Ok(Some(p));
        }
        Ok(std::env::var("RAPPORT_PASSPHRASE").ok().map(Zeroizing::new))
    }

    /// The secret to unlock with: a passphrase if one was given; else, for a store behind a
    /// passphrase, one asked on the terminal (no echo); else the keyring.
    pub fn secret(&self) -> anyhow::Result<Secret> {
        self.secret_with(self.key_file())
    }

    fn secret_without_factor(&self) -> anyhow::Result<Secret> {
        if let Some(p) = self.passphrase()? {
            return Ok(Secret::Passphrase(p));
        }
        let behind_passphrase = matches!(
            vault::read(&self.data_dir).map(|v| v.protection),
            Ok(vault::Protection::Passphrase { .. })
        );
        if behind_passphrase
            && let Some(p) = ask_once(&format!(
                "Passphrase of the Rapport store in {}: ",
                self.data_dir.display()
            ))?
        {
            return Ok(Secret::Passphrase(p));
        }
        vault::keyring::use_platform_store();
        Ok(Secret::Keyring)
    }

    /// A new passphrase: from `--passphrase-file` / `RAPPORT_PASSPHRASE`, else asked twice on the
    /// terminal. `None` when neither was given and there is no terminal to ask on.
    pub fn new_passphrase(&self) -> anyhow::Result<Option<Zeroizing<String>>> {
        if let Some(p) = self.passphrase()? {
            return Ok(Some(p));
        }
        let Some(first) = ask_once(&format!(
            "New passphrase (at least {} characters): ",
            vault::MIN_PASSPHRASE_LEN
        ))?
        else {
            return Ok(None);
        };
        let again = ask_once("The same passphrase again: ")?.unwrap_or_default();
        if *first != *again {
            bail!("the two passphrases differ: nothing was changed. Run the command again");
        }
        Ok(Some(first))
    }

    /// Unlocks and opens the store, recording the unlock in the audit log; refuses first, with
    /// nothing written, when the run's action is not the role's.
    pub fn open(&self) -> anyhow::Result<Store> {
        let store = crate::privacy::gate::open(
            &self.data_dir,
            self.secret()?,
            chrono::Utc::now(),
            self.action,
        )?;
        // The team may require a second factor (issue 13); `rapport security` opens its own way.
        if let Some(refusal) = crate::privacy::team::policy::unlock_refusal(&store, &self.data_dir)?
        {
            anyhow::bail!("{refusal}");
        }
        Ok(store)
    }
}

/// Whether secrets can be asked for on a terminal.
pub fn can_ask() -> bool {
    std::io::stdin().is_terminal()
}

/// Asks for a secret on the terminal without echo; `None` when stdin is not a terminal (scripts
/// use RAPPORT_PASSPHRASE or --passphrase-file instead).
fn ask_once(prompt: &str) -> anyhow::Result<Option<Zeroizing<String>>> {
    if !can_ask() {
        return Ok(None);
    }
    let answer = rpassword::prompt_password(prompt)
        .context("could not read the passphrase from the terminal: set RAPPORT_PASSPHRASE or pass --passphrase-file FILE")?;
    Ok(Some(Zeroizing::new(answer)))
}
