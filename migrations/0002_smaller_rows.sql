-- 0002: smaller rows (issue 6: at most 0.6 KB per contact). Append-only: never edit once landed.

-- Audit hashes as their 32 bytes (BLOB) instead of 64 hex characters. They are still computed
-- over the hex text, so every existing chain verifies unchanged. A value that is not hex
-- (tampered with by hand) is copied as it is, so that verification still names its event.
CREATE TABLE audit_event_v2 (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT,
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
);
INSERT INTO audit_event_v2 (seq, at, actor, action, subject, detail, prev_hash, hash)
SELECT seq, at, actor, action, subject, detail,
       coalesce(unhex(prev_hash), prev_hash), coalesce(unhex(hash), hash)
FROM audit_event ORDER BY seq;
DROP TABLE audit_event;
ALTER TABLE audit_event_v2 RENAME TO audit_event;
CREATE INDEX audit_event_by_subject ON audit_event (subject) WHERE subject IS NOT NULL;

-- Contact points, smaller: an email's normalised form is nearly always the address itself and
-- was stored twice; now `normalized_diff` holds it only when it differs (a phone's digits, an
-- email in capitals). Kind and label are stored as small integer codes. `kind`, `label` and
-- `normalized` are computed columns (VIRTUAL: no storage; the index still holds its values),
-- so every reader is unchanged; writers write the codes and `normalized_diff`.
CREATE TABLE contact_point_v2 (
    id              INTEGER PRIMARY KEY,
    contact_seq     INTEGER NOT NULL REFERENCES contact (seq) ON DELETE CASCADE,
    kind_code       INTEGER NOT NULL CHECK (kind_code BETWEEN 1 AND 4),  -- email, phone, address, web
    label_code      INTEGER NOT NULL DEFAULT 1 CHECK (label_code BETWEEN 1 AND 4), -- work, home, mobile, other
    value           TEXT NOT NULL,
    preferred       INTEGER NOT NULL DEFAULT 0,
    normalized_diff TEXT,                             -- NULL: the normalised form is `value`
    kind            TEXT GENERATED ALWAYS AS (
        CASE kind_code WHEN 1 THEN 'email' WHEN 2 THEN 'phone' WHEN 3 THEN 'address' ELSE 'web' END
    ) VIRTUAL,
    label           TEXT GENERATED ALWAYS AS (
        CASE label_code WHEN 1 THEN 'work' WHEN 2 THEN 'home' WHEN 3 THEN 'mobile' ELSE 'other' END
    ) VIRTUAL,
    normalized      TEXT GENERATED ALWAYS AS (
        CASE WHEN kind_code IN (1, 2) THEN coalesce(normalized_diff, value) ELSE '' END
    ) VIRTUAL
);
INSERT INTO contact_point_v2 (id, contact_seq, kind_code, label_code, value, preferred, normalized_diff)
SELECT id, contact_seq,
       CASE kind WHEN 'email' THEN 1 WHEN 'phone' THEN 2 WHEN 'address' THEN 3 ELSE 4 END,
       CASE label WHEN 'work' THEN 1 WHEN 'home' THEN 2 WHEN 'mobile' THEN 3 ELSE 4 END,
       value, preferred,
       CASE WHEN kind NOT IN ('email', 'phone') OR normalized = value THEN NULL ELSE normalized END
FROM contact_point ORDER BY id;
DROP TABLE contact_point;
ALTER TABLE contact_point_v2 RENAME TO contact_point;
CREATE INDEX contact_point_by_contact ON contact_point (contact_seq);
CREATE INDEX contact_point_by_normalized ON contact_point (normalized) WHERE normalized <> '';

-- The full-text index without positions (detail=none): the search only asks whether a row has
-- tokens starting with each typed word (single-token prefix queries, no phrases or NEAR), which
-- needs no positions. Rebuilt from the same text `store::contacts` indexes.
DROP TABLE contact_fts;
CREATE VIRTUAL TABLE contact_fts USING fts5 (
    name, organisation, email,
    content = '',
    detail = none,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO contact_fts (contact_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO contact_fts (rowid, name, organisation, email)
SELECT c.seq, c.display_name || ' ' || c.given_name || ' ' || c.family_name, c.organisation,
       coalesce((SELECT group_concat(p.value, ' ' ORDER BY p.id) FROM contact_point p
                 WHERE p.contact_seq = c.seq AND p.kind = 'email'), '')
FROM contact c ORDER BY c.seq;
