-- 0001: the first schema of a Rapport store.
-- Times are UTC microseconds since the Unix epoch. Append-only: never edit once landed.

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Kept by triggers so that start-up never counts a whole table.
CREATE TABLE counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO counter (name, value) VALUES ('contacts', 0);

CREATE TABLE contact (
    seq               INTEGER PRIMARY KEY,
    id                BLOB NOT NULL UNIQUE,           -- random UUID, the pseudonymous subject id
    given_name        TEXT NOT NULL DEFAULT '',
    family_name       TEXT NOT NULL DEFAULT '',
    display_name      TEXT NOT NULL,
    organisation      TEXT NOT NULL DEFAULT '',
    title             TEXT NOT NULL DEFAULT '',
    stage             TEXT NOT NULL DEFAULT 'lead'
                      CHECK (stage IN ('lead', 'prospect', 'customer', 'former_customer')),
    source_kind       TEXT NOT NULL DEFAULT 'manual',
    source_detail     TEXT NOT NULL DEFAULT '',
    channels          INTEGER NOT NULL DEFAULT 0,     -- bit mask: email, phone, sms, post, meeting
    language          TEXT,
    restricted        INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    last_contacted_at INTEGER
);
CREATE INDEX contact_by_name ON contact (display_name COLLATE NOCASE);

CREATE TRIGGER contact_counted AFTER INSERT ON contact
BEGIN UPDATE counter SET value = value + 1 WHERE name = 'contacts'; END;
CREATE TRIGGER contact_uncounted AFTER DELETE ON contact
BEGIN UPDATE counter SET value = value - 1 WHERE name = 'contacts'; END;

CREATE TABLE contact_point (
    id          INTEGER PRIMARY KEY,
    contact_seq INTEGER NOT NULL REFERENCES contact (seq) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'address', 'web')),
    label       TEXT NOT NULL DEFAULT 'work',
    value       TEXT NOT NULL,
    preferred   INTEGER NOT NULL DEFAULT 0,
    normalized  TEXT NOT NULL DEFAULT ''              -- lowercase email / phone digits, for matching
);
CREATE INDEX contact_point_by_contact ON contact_point (contact_seq);
CREATE INDEX contact_point_by_normalized ON contact_point (normalized) WHERE normalized <> '';

-- The firm's interest vocabulary.
CREATE TABLE interest (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL
);

-- Answered interests; "unknown" is the absence of a row.
CREATE TABLE contact_interest (
    contact_seq INTEGER NOT NULL REFERENCES contact (seq) ON DELETE CASCADE,
    interest_id INTEGER NOT NULL REFERENCES interest (id),
    answer      INTEGER NOT NULL CHECK (answer IN (0, 1)),
    PRIMARY KEY (contact_seq, interest_id)
) WITHOUT ROWID;
CREATE INDEX contact_interest_by_interest ON contact_interest (interest_id, answer);

CREATE TABLE purpose (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    description      TEXT NOT NULL DEFAULT '',
    legal_basis      TEXT NOT NULL
                     CHECK (legal_basis IN ('consent', 'contract', 'legitimate_interest', 'legal_obligation')),
    marketing        INTEGER NOT NULL DEFAULT 0,
    retention_kind   TEXT NOT NULL CHECK (retention_kind IN ('after_last_activity', 'until_consent_ends')),
    retention_months INTEGER,
    categories       TEXT NOT NULL DEFAULT '',
    consent_months   INTEGER
);

-- The wording shown when consent was asked, by version.
CREATE TABLE consent_wording (
    purpose_id INTEGER NOT NULL REFERENCES purpose (id),
    version    TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (purpose_id, version)
) WITHOUT ROWID;

CREATE TABLE consent (
    id              INTEGER PRIMARY KEY,
    contact_seq     INTEGER NOT NULL REFERENCES contact (seq) ON DELETE CASCADE,
    purpose_id      INTEGER NOT NULL REFERENCES purpose (id),
    given_at        INTEGER NOT NULL,
    expires_at      INTEGER,
    source_kind     TEXT NOT NULL,
    source_ref      TEXT NOT NULL DEFAULT '',
    wording_version TEXT NOT NULL,
    withdrawn_at    INTEGER
);
CREATE INDEX consent_by_contact ON consent (contact_seq, purpose_id);

-- Objections to direct marketing (Art. 21): 'all' or a channel.
CREATE TABLE objection (
    contact_seq INTEGER NOT NULL REFERENCES contact (seq) ON DELETE CASCADE,
    scope       TEXT NOT NULL CHECK (scope IN ('all', 'email', 'phone', 'sms', 'post', 'meeting')),
    objected_at INTEGER NOT NULL,
    PRIMARY KEY (contact_seq, scope)
) WITHOUT ROWID;

-- Hash-chained, append-only; never personal data (subject is the pseudonymous id).
CREATE TABLE audit_event (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT,
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_event_by_subject ON audit_event (subject) WHERE subject IS NOT NULL;

-- What remains of an erased person: the random id, when, why, and who asked (a role).
CREATE TABLE tombstone (
    subject      TEXT PRIMARY KEY,
    erased_at    INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    requested_by TEXT NOT NULL
) WITHOUT ROWID;

-- Keyed hashes (HMAC) of an erased person's normalised emails and phones, never the values,
-- and no link to the tombstone: an import that meets one flags the record.
CREATE TABLE suppression (hash BLOB PRIMARY KEY) WITHOUT ROWID;

CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Contentless full-text index (the text lives only in `contact`). Rows are removed with the
-- 'delete' command and their original text, and secure-delete is on, so that an erased person's
-- tokens leave the index pages themselves (contentless_delete=1 would only add a tombstone and
-- leave the tokens on disk).
CREATE VIRTUAL TABLE contact_fts USING fts5 (
    name, organisation, email,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO contact_fts (contact_fts, rank) VALUES ('secure-delete', 1);
