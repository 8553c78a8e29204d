//! Shared test helpers: real SQLCipher stores in temp dirs, a fixed `now`, and a scanner that
//! decrypts every raw page of a SQLCipher 4 database (not a logical copy) to look for traces.
#![allow(dead_code)]

use chrono::TimeZone;
use rapport::domain::{ContactDraft, ContactPoint, Instant, PointKind, PointLabel};
use rapport::store::Store;
use rapport::vault::DataKey;
use std::path::{Path, PathBuf};

pub fn now() -> Instant {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 29, 10, 0, 0)
        .unwrap()
}

pub fn days(n: i64) -> chrono::Duration {
    chrono::Duration::days(n)
}

pub struct TestStore {
    pub dir: tempfile::TempDir,
    pub key: DataKey,
    pub store: Store,
}

impl TestStore {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let key = DataKey::generate().unwrap();
        let store = Store::create(&dir.path().join(rapport::store::DB_FILE), &key, now()).unwrap();
        TestStore { dir, key, store }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join(rapport::store::DB_FILE)
    }

    pub fn reopen(&mut self) {
        self.store = Store::open(&self.db_path(), &self.key).unwrap();
    }
}

pub fn draft(given: &str, family: &str, email: &str) -> ContactDraft {
    ContactDraft {
        given_name: given.into(),
        family_name: family.into(),
        points: vec![ContactPoint::new(PointKind::Email, PointLabel::Work, email)],
        ..Default::default()
    }
}

/// Every file's bytes in a directory (db, -wal, -shm, vault.json, …).
pub fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect()
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Tokens every fixture shares (example.com addresses, https URLs): not a trace of anyone.
const SHARED_TOKENS: [&str; 2] = ["example", "https"];

/// The forms a value could take on disk: as typed, lower/upper case, without spaces, digits only,
/// and the diacritic-free lowercase tokens the full-text index would store.
pub fn variants(value: &str) -> Vec<String> {
    let mut v = vec![
        value.to_string(),
        value.to_lowercase(),
        value.to_uppercase(),
        value.replace(' ', ""),
    ];
    let digits: String = value.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() >= 6 {
        v.push(digits);
    }
    let folded: String = value
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        })
        .collect();
    v.push(folded.clone());
    for token in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.len() >= 5 && !SHARED_TOKENS.contains(t))
    {
        v.push(token.to_string());
    }
    v.sort();
    v.dedup();
    v
}

/// SQLCipher 4 defaults: 4096-byte pages, 80 reserved bytes at the end of each (16-byte IV,
/// 64-byte HMAC-SHA512); page 1 starts with the 16-byte salt. A raw key is the AES-256 key.
pub const PAGE: usize = 4096;
const RESERVE: usize = 80;

fn decrypt_cbc(key: &[u8; 32], iv: &[u8], data: &[u8]) -> Vec<u8> {
    use aes::cipher::{BlockDecrypt, KeyInit, generic_array::GenericArray};
    let cipher = aes::Aes256::new(GenericArray::from_slice(key));
    let mut prev: [u8; 16] = iv.try_into().unwrap();
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks_exact(16) {
        let mut block = GenericArray::clone_from_slice(chunk);
        cipher.decrypt_block(&mut block);
        for (b, p) in block.iter_mut().zip(prev.iter()) {
            *b ^= p;
        }
        prev.copy_from_slice(chunk);
        out.extend_from_slice(&block);
    }
    out
}

/// Decrypts one raw page (`index` 0 = page 1).
pub fn decrypt_page(key: &DataKey, page: &[u8], index: usize) -> Vec<u8> {
    let start = if index == 0 { 16 } else { 0 };
    let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
    decrypt_cbc(key.as_bytes(), iv, &page[start..PAGE - RESERVE])
}

/// Decrypts every page of a database file, free pages included.
pub fn decrypt_db(key: &DataKey, bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .chunks_exact(PAGE)
        .enumerate()
        .map(|(i, p)| decrypt_page(key, p, i))
        .collect()
}

/// Decrypts every frame of a WAL file (32-byte header, then 24-byte frame headers + pages).
pub fn decrypt_wal(key: &DataKey, bytes: &[u8]) -> Vec<Vec<u8>> {
    if bytes.len() < 32 {
        return Vec::new();
    }
    bytes[32..]
        .chunks_exact(24 + PAGE)
        .map(|f| {
            let page_no = u32::from_be_bytes(f[0..4].try_into().unwrap()) as usize;
            decrypt_page(key, &f[24..], page_no.saturating_sub(1))
        })
        .collect()
}

/// A real team made with the CLI (roles tests and others).
pub mod cli_team;
