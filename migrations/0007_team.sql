-- 0007: the team (issue 12): this store's membership, its keys, the per-field change log that
-- sync publishes and merges, and what was applied from every other device. Append-only: never
-- edit once landed.
--
-- A store that is not in a team has no row in `team_self` and records nothing (wave-1 budgets:
-- import, search and erasure cost what they cost before). Keys live here because the whole
-- file is SQLCipher-encrypted with the data key.

-- This store's team, at most one row. `device_keys` holds the device's Ed25519 and X25519
-- secrets (`team::keys::DeviceKeys::to_bytes`); `team_key` keys the shared suppression hashes.
-- `clock` is the hybrid logical clock (milliseconds << 16 | counter) of the last change this
-- device wrote or accepted; `published` the clock of the newest own change already in a
-- segment; `seq` and `prev` the end of this device's own segment chain; `pending` the sealed
-- segments between the transaction that took their numbers and their landing in the folder
-- (a crash in between publishes the same bytes again).
CREATE TABLE team_self (
    one          INTEGER PRIMARY KEY CHECK (one = 1),
    team_id      BLOB NOT NULL,
    name         TEXT NOT NULL,
    folder       TEXT NOT NULL,
    device_id    BLOB NOT NULL,
    member_id    BLOB NOT NULL,
    device_keys  BLOB NOT NULL,
    team_key     BLOB,
    state        TEXT NOT NULL CHECK (state IN ('active', 'joining')),
    clock        INTEGER NOT NULL DEFAULT 0,
    published    INTEGER NOT NULL DEFAULT -1,
    seq          INTEGER NOT NULL DEFAULT 0,
    prev         BLOB NOT NULL DEFAULT x'',
    compact_due  INTEGER NOT NULL DEFAULT 0,
    last_round   INTEGER,
    join_request BLOB,
    pending      BLOB
);

-- The team's epoch keys (the AEAD keys of segments), by epoch.
CREATE TABLE team_epoch (epoch INTEGER PRIMARY KEY, key BLOB NOT NULL);

-- The winning version of every field of shared data (per-field last-writer-wins by (clock,
-- device)). Values are JSON text. Own rows newer than `team_self.published` are what the next
-- round publishes. An erased contact's rows are deleted with it; only its tombstone row stays.
CREATE TABLE team_field (
    entity TEXT NOT NULL,
    id     TEXT NOT NULL,
    field  TEXT NOT NULL,
    value  TEXT NOT NULL,
    hlc    INTEGER NOT NULL,
    device BLOB NOT NULL,
    PRIMARY KEY (entity, id, field)
) WITHOUT ROWID;
CREATE INDEX team_field_by_device ON team_field (device, hlc);

-- What was applied of each other device's segment chain: its last sequence number and that
-- segment's digest (the next one's `prev`), and when this device last saw it publish.
CREATE TABLE team_cursor (
    device    BLOB PRIMARY KEY,
    seq       INTEGER NOT NULL,
    digest    BLOB NOT NULL,
    last_seen INTEGER
) WITHOUT ROWID;

-- The random id a consent record is known by in the team (local ids differ per store).
CREATE TABLE team_consent (
    consent_id INTEGER PRIMARY KEY REFERENCES consent (id) ON DELETE CASCADE,
    uid        TEXT NOT NULL UNIQUE
);

-- The verified roster (the newest chain of signed roster entries, as team::roster encodes it)
-- and invitations this admin device issued (the code itself is never kept: only what the
-- invitation module needs to recognise a join request).
CREATE TABLE team_roster (one INTEGER PRIMARY KEY CHECK (one = 1), bytes BLOB NOT NULL);
CREATE TABLE team_invite (
    id         BLOB PRIMARY KEY,
    secret     BLOB NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;
