//! The team folder: a directory every laptop sees (Syncthing, a NAS share, a cloud drive).
//! Rapport never edits a file there and never writes into another device's directory: each
//! device appends immutable files under `dev-<device hex>/`, each written to a temp name,
//! fsynced, renamed into place, then the directory fsynced (`crate::atomic::write_new`).
//!
//! Names (strict; anything else is ignored — `.stfolder`, `.stversions`, `*.sync-conflict-*`,
//! `name (1).ext`, `~syncthing~*.tmp`, our own `.rapport-tmp-*`, dot files, unknown files):
//! - `dev-<device>/e<epoch>-<seq, 12 digits>-<changes|snapshot|ack>.seg` — segments
//! - `dev-<device>/roster-<index, 8 digits>.ros` — a roster entry written by an admin device
//! - `dev-<device>/join-<invite>.req` — a newcomer's join request
//! - `dev-<device>/welcome-<to device>.wel` — an admin's welcome for a newcomer
//! - `dev-<device>/keys-e<epoch>-<to device>.key` — an epoch key wrapped for one device
//!
//! `scan` only lists names (no stat, no read), so a round that finds nothing new costs one
//! directory listing per device; `read` bounds the size before reading.

use super::keys::{DeviceId, InviteId};
use super::segment::{MAX_SEGMENT, SegmentKind};
use super::wrap::MAX_WRAPPED;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A join request is a key and a name: a few hundred bytes.
const MAX_JOIN: usize = 64 << 10;

/// Why the folder could not be used. One sentence, no path (a path can hold a person's name).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FolderError {
    #[error("the team folder is not reachable (working offline until it is back)")]
    Unreachable,
    #[error("could not write to the team folder (check that it is writable and not full)")]
    Write,
    #[error("could not read a file in the team folder")]
    Read,
    #[error("a file of that name already exists in the team folder with other contents")]
    Exists,
    #[error("the file has gone from the team folder (deleted or moved)")]
    Gone,
    #[error("the file in the team folder is larger than any Rapport file")]
    TooLarge,
    #[error("not a valid Rapport file name")]
    BadName,
}

/// What a file in the folder is, from its name alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    Segment {
        epoch: u32,
        seq: u64,
        kind: SegmentKind,
    },
    Roster {
        index: u64,
    },
    JoinRequest {
        invite: InviteId,
    },
    Welcome {
        to: DeviceId,
    },
    EpochKeys {
        epoch: u32,
        to: DeviceId,
    },
}

impl Item {
    /// The file name for this item (inside its writer's `dev-<device>/` directory).
    pub fn file_name(&self) -> String {
        match self {
            Item::Segment { epoch, seq, kind } => {
                format!("e{epoch}-{seq:012}-{}.seg", kind.as_str())
            }
            Item::Roster { index } => format!("roster-{index:08}.ros"),
            Item::JoinRequest { invite } => format!("join-{invite}.req"),
            Item::Welcome { to } => format!("welcome-{to}.wel"),
            Item::EpochKeys { epoch, to } => format!("keys-e{epoch}-{to}.key"),
        }
    }

    /// Parses a file name; `None` for anything that is not exactly one of ours (so conflict
    /// copies, temp files and `x (1).seg` never parse).
    pub fn parse(name: &str) -> Option<Item> {
        let item = Self::parse_loose(name)?;
        // Round trip: rejects leading zeros changed, upper-case hex, extra text.
        (item.file_name() == name).then_some(item)
    }

    fn parse_loose(name: &str) -> Option<Item> {
        if let Some(rest) = name.strip_suffix(".seg") {
            let rest = rest.strip_prefix('e')?;
            let mut parts = rest.splitn(3, '-');
            let epoch = parts.next()?.parse().ok()?;
            let seq = parts.next()?.parse().ok()?;
            let kind = SegmentKind::parse(parts.next()?)?;
            if kind == SegmentKind::Roster {
                return None;
            }
            return Some(Item::Segment { epoch, seq, kind });
        }
        if let Some(rest) = name
            .strip_prefix("roster-")
            .and_then(|r| r.strip_suffix(".ros"))
        {
            return Some(Item::Roster {
                index: rest.parse().ok()?,
            });
        }
        if let Some(rest) = name
            .strip_prefix("join-")
            .and_then(|r| r.strip_suffix(".req"))
        {
            return Some(Item::JoinRequest {
                invite: InviteId::parse(rest).ok()?,
            });
        }
        if let Some(rest) = name
            .strip_prefix("welcome-")
            .and_then(|r| r.strip_suffix(".wel"))
        {
            return Some(Item::Welcome {
                to: DeviceId::parse(rest).ok()?,
            });
        }
        if let Some(rest) = name
            .strip_prefix("keys-e")
            .and_then(|r| r.strip_suffix(".key"))
        {
            let (epoch, to) = rest.split_once('-')?;
            return Some(Item::EpochKeys {
                epoch: epoch.parse().ok()?,
                to: DeviceId::parse(to).ok()?,
            });
        }
        None
    }

    fn max_len(&self) -> usize {
        match self {
            Item::Segment { .. } | Item::Roster { .. } => MAX_SEGMENT,
            Item::JoinRequest { .. } => MAX_JOIN,
            Item::Welcome { .. } | Item::EpochKeys { .. } => MAX_WRAPPED,
        }
    }
}

/// A candidate file found by `scan`: who wrote it (from its directory) and what it is (from its
/// name). Nothing in it is trusted until the contents verify.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Found {
    pub device: DeviceId,
    pub item: Item,
}

impl Found {
    /// The path relative to the folder, e.g. `dev-…/e0-000000000003-changes.seg`.
    pub fn relative(&self) -> PathBuf {
        Path::new(&device_dir(self.device)).join(self.item.file_name())
    }
}

fn device_dir(device: DeviceId) -> String {
    format!("dev-{device}")
}

/// A team folder that was reachable when opened.
#[derive(Debug, Clone)]
pub struct TeamFolder {
    root: PathBuf,
}

impl TeamFolder {
    /// Opens an existing folder; `Unreachable` when it is missing or not a directory (a
    /// disconnected share looks the same).
    pub fn open(path: &Path) -> Result<Self, FolderError> {
        if !path.is_dir() {
            return Err(FolderError::Unreachable);
        }
        Ok(Self {
            root: path.to_path_buf(),
        })
    }

    /// Opens the folder, creating it (and its parents) first if it does not exist.
    pub fn create(path: &Path) -> Result<Self, FolderError> {
        std::fs::create_dir_all(path).map_err(|_| FolderError::Write)?;
        Self::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Whether the folder is still there (a share can vanish between rounds).
    pub fn reachable(&self) -> bool {
        self.root.is_dir()
    }

    /// Writes `item` as a new immutable file of `device`. Publishing the same bytes again is a
    /// no-op (a retry after a crash); other bytes under an existing name are refused.
    pub fn publish(
        &self,
        device: DeviceId,
        item: Item,
        bytes: &[u8],
    ) -> Result<PathBuf, FolderError> {
        if !self.reachable() {
            return Err(FolderError::Unreachable);
        }
        let dir = self.root.join(device_dir(device));
        std::fs::create_dir_all(&dir).map_err(|_| FolderError::Write)?;
        let path = dir.join(item.file_name());
        match crate::atomic::write_new(&path, bytes) {
            Ok(()) => Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match std::fs::read(&path) {
                Ok(old) if old == bytes => Ok(path),
                _ => Err(FolderError::Exists),
            },
            Err(_) => Err(FolderError::Write),
        }
    }

    /// Every candidate file, in no particular order. Lists names only. Directories or files
    /// that vanish while listing are skipped; only a missing folder is an error.
    pub fn scan(&self) -> Result<Vec<Found>, FolderError> {
        let top = std::fs::read_dir(&self.root).map_err(|_| FolderError::Unreachable)?;
        let mut out = Vec::new();
        for entry in top.flatten() {
            let name = entry.file_name();
            let Some(device) = name
                .to_str()
                .and_then(|n| n.strip_prefix("dev-"))
                .and_then(|hex| (hex.len() == 32).then_some(hex))
                .and_then(|hex| DeviceId::parse(hex).ok())
                .filter(|d| device_dir(*d) == name.to_string_lossy())
            else {
                continue;
            };
            if !entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                continue;
            }
            let Ok(files) = std::fs::read_dir(entry.path()) else {
                continue;
            };
            for file in files.flatten() {
                let fname = file.file_name();
                let Some(item) = fname.to_str().and_then(Item::parse) else {
                    continue;
                };
                out.push(Found { device, item });
            }
        }
        Ok(out)
    }

    /// Reads one found file, refusing one larger than its kind allows before reading it.
    pub fn read(&self, f: &Found) -> Result<Vec<u8>, FolderError> {
        let path = self.root.join(f.relative());
        let file = std::fs::File::open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound if self.reachable() => FolderError::Gone,
            std::io::ErrorKind::NotFound => FolderError::Unreachable,
            _ => FolderError::Read,
        })?;
        let max = f.item.max_len();
        let len = file.metadata().map_err(|_| FolderError::Read)?.len();
        if len > max as u64 {
            return Err(FolderError::TooLarge);
        }
        let mut out = Vec::with_capacity(len as usize);
        file.take(max as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|_| FolderError::Read)?;
        if out.len() > max {
            return Err(FolderError::TooLarge);
        }
        Ok(out)
    }

    /// Removes one of this device's own files (compaction, a consumed join request). A file
    /// already gone is fine. Never touches another device's directory.
    pub fn remove_own(&self, device: DeviceId, item: Item) -> Result<(), FolderError> {
        let dir = self.root.join(device_dir(device));
        match std::fs::remove_file(dir.join(item.file_name())) {
            Ok(()) => {
                if let Ok(d) = std::fs::File::open(&dir) {
                    let _ = d.sync_all();
                }
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(_) if !self.reachable() => Err(FolderError::Unreachable),
            Err(_) => Err(FolderError::Write),
        }
    }

    /// Removes this device's own temp files left by a crash mid-publish.
    pub fn clean_own_temp(&self, device: DeviceId) {
        let dir = self.root.join(device_dir(device));
        if let Ok(files) = std::fs::read_dir(dir) {
            for f in files.flatten() {
                if f.file_name().to_string_lossy().starts_with(".rapport-tmp-") {
                    let _ = std::fs::remove_file(f.path());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_copies_do_not_parse() {
        let d = DeviceId([7; 16]);
        for item in [
            Item::Segment {
                epoch: 2,
                seq: 41,
                kind: SegmentKind::Changes,
            },
            Item::Segment {
                epoch: 0,
                seq: 0,
                kind: SegmentKind::Snapshot,
            },
            Item::Roster { index: 3 },
            Item::JoinRequest {
                invite: InviteId([1; 16]),
            },
            Item::Welcome { to: d },
            Item::EpochKeys { epoch: 4, to: d },
        ] {
            assert_eq!(Item::parse(&item.file_name()), Some(item));
        }
        for bad in [
            "e2-000000000041-changes (1).seg",
            "e2-000000000041-changes.sync-conflict-20261201-101010-ABCDEFG.seg",
            "e2-41-changes.seg",
            "e2-000000000041-roster.seg",
            "~syncthing~e2-000000000041-changes.seg.tmp",
            ".rapport-tmp-abc",
            "notes.txt",
        ] {
            assert_eq!(Item::parse(bad), None, "{bad}");
        }
    }
}
