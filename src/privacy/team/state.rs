//! What a team operation needs from the store, loaded once: the membership, the device's keys,
//! the epoch keys, the team key, the roster's anchor and the roster entries accepted so far
//! (kept in the store too, so a roster file deleted from the folder by hand loses nothing).

use super::TeamError;
use crate::store::{self, Store, Tx};
use crate::team::invite::KeyBundle;
use crate::team::keys::{DeviceId, DeviceKeys, EpochKey, TeamKey};
use crate::team::roster::{self, RosterFile, TeamAnchor, Verified};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize)]
struct StoredRoster {
    anchor: TeamAnchor,
    files: Vec<StoredFile>,
}

#[derive(Serialize, Deserialize)]
struct StoredFile {
    device: DeviceId,
    index: u64,
    bytes: String,
}

/// A loaded team context.
pub(crate) struct Ctx {
    pub me: store::team::Membership,
    pub device: DeviceId,
    pub keys: DeviceKeys,
    pub epochs: BTreeMap<u32, EpochKey>,
    pub team_key: Option<TeamKey>,
    pub anchor: Option<TeamAnchor>,
    pub files: Vec<RosterFile>,
}

impl Ctx {
    pub fn load(store: &Store) -> Result<Ctx, TeamError> {
        store.read(|tx| Ok(Ctx::load_in(tx)))?
    }

    pub fn load_in(tx: &Tx) -> Result<Ctx, TeamError> {
        let me = store::team::membership(tx)?.ok_or(TeamError::NotInTeam)?;
        let raw: [u8; 64] = me.device_keys.as_slice().try_into().map_err(|_| {
            TeamError::Invalid("this device's team keys are damaged: join the team again".into())
        })?;
        let keys = DeviceKeys::from_bytes(&raw);
        let mut epochs = BTreeMap::new();
        for (e, k) in store::team::epoch_keys(tx)? {
            if let Ok(k) = <[u8; 32]>::try_from(k.as_slice()) {
                epochs.insert(e, EpochKey::from_bytes(k));
            }
        }
        let team_key = me
            .team_key
            .as_ref()
            .and_then(|k| <[u8; 32]>::try_from(k.as_slice()).ok())
            .map(TeamKey::from_bytes);
        let (anchor, files) = match store::team::roster(tx)? {
            Some(bytes) => {
                let s: StoredRoster = serde_json::from_slice(&bytes).map_err(|_| {
                    TeamError::Invalid(
                        "the stored team roster is damaged: join the team again".into(),
                    )
                })?;
                let files = s
                    .files
                    .into_iter()
                    .filter_map(|f| {
                        Some(RosterFile {
                            device: f.device,
                            index: f.index,
                            bytes: hex::decode(f.bytes).ok()?,
                        })
                    })
                    .collect();
                (Some(s.anchor), files)
            }
            None => (None, Vec::new()),
        };
        Ok(Ctx {
            device: DeviceId(me.device_id),
            me,
            keys,
            epochs,
            team_key,
            anchor,
            files,
        })
    }

    /// The keys a welcome or a key wrap carries.
    pub fn bundle(&self) -> Option<KeyBundle> {
        Some(KeyBundle {
            epochs: self.epochs.clone(),
            team_key: self.team_key.clone()?,
        })
    }

    pub fn epoch_key(&self, epoch: u32) -> Option<EpochKey> {
        self.epochs.get(&epoch).cloned()
    }

    /// Replays the roster from the stored entries and `more` (read from the folder).
    pub fn verify(&self, more: &[RosterFile]) -> Option<Verified> {
        let anchor = self.anchor.as_ref()?;
        let mut all = self.files.clone();
        all.extend_from_slice(more);
        Some(roster::verify(anchor, &all, &|e| self.epoch_key(e)))
    }
}

/// Stores the anchor and the roster entries of the accepted chain (in chain order).
pub(crate) fn save_roster(
    tx: &Tx,
    anchor: &TeamAnchor,
    accepted: &crate::team::roster::Roster,
    files: &[RosterFile],
) -> Result<(), TeamError> {
    let keep: Vec<StoredFile> = accepted
        .chain
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            files
                .iter()
                .find(|f| f.index == i as u64 && crate::team::segment::digest(&f.bytes) == *d)
                .map(|f| StoredFile {
                    device: f.device,
                    index: f.index,
                    bytes: hex::encode(&f.bytes),
                })
        })
        .collect();
    let bytes = serde_json::to_vec(&StoredRoster {
        anchor: *anchor,
        files: keep,
    })
    .map_err(|_| TeamError::Invalid("the roster could not be stored".into()))?;
    store::team::set_roster(tx, &bytes)?;
    Ok(())
}
