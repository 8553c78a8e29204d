-- 0008: accountability (issue 14). The controller and who receives the data, the register of
-- data-subject requests, the register of exported files, and the generated records of
-- processing. Dates of a request are calendar dates (YYYY-MM-DD, the GDPR counts in days);
-- other times are UTC microseconds. Append-only: never edit once landed.

-- Who the controller is (Art. 30(1)(a)): one row.
CREATE TABLE controller (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    name           TEXT NOT NULL DEFAULT '',
    org_number     TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    dpo_name       TEXT NOT NULL DEFAULT '',
    dpo_email      TEXT NOT NULL DEFAULT '',
    representative TEXT NOT NULL DEFAULT ''
);

-- Recipients and processors (Art. 30(1)(d), 15(1)(c)); a recipient outside the EU/EEA is a
-- transfer (Art. 30(1)(e)) and names its safeguard.
CREATE TABLE recipient (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    role      TEXT NOT NULL CHECK (role IN ('processor', 'controller', 'joint_controller', 'authority')),
    country   TEXT NOT NULL,
    safeguard TEXT CHECK (safeguard IN ('adequacy_decision', 'standard_contractual_clauses',
                                        'binding_corporate_rules', 'art49_derogation'))
);
CREATE TABLE recipient_purpose (
    recipient_id INTEGER NOT NULL REFERENCES recipient (id) ON DELETE CASCADE,
    purpose_id   INTEGER NOT NULL REFERENCES purpose (id) ON DELETE CASCADE,
    PRIMARY KEY (recipient_id, purpose_id)
) WITHOUT ROWID;

-- What the record says about a purpose beyond its rule: the balancing note of a legitimate
-- interest, the data's source. Missing text is printed as missing, never invented.
CREATE TABLE purpose_note (
    purpose_id     INTEGER PRIMARY KEY REFERENCES purpose (id) ON DELETE CASCADE,
    balancing_note TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT ''
);

-- Data-subject requests. `subject` is the contact's random id (or NULL): after an erasure the
-- row keeps kind, dates and outcome, and the id only links it to the tombstone.
CREATE TABLE request (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'restriction', 'objection', 'portability')),
    via             TEXT NOT NULL CHECK (via IN ('email', 'letter', 'phone', 'in_person', 'web_form')),
    subject         TEXT,
    received_on     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('received', 'identity_pending', 'in_progress', 'extended', 'completed', 'refused', 'withdrawn')),
    paused_since    TEXT,
    paused_days     INTEGER NOT NULL DEFAULT 0,
    verify_method   TEXT,
    extended_on     TEXT,
    extend_reason   TEXT,
    refuse_reason   TEXT,
    outcome         TEXT,
    closed_on       TEXT
);
CREATE INDEX request_by_subject ON request (subject) WHERE subject IS NOT NULL;

-- Files with personal data that Rapport wrote: where, when, why, until when, and whose data
-- (`export_subject`). A deleted file keeps its row with `deleted_at`.
CREATE TABLE export_file (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('access_package', 'audience_csv', 'export_all')),
    why         TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    deleted_at  INTEGER,
    subjects    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE export_subject (
    export_id INTEGER NOT NULL REFERENCES export_file (id) ON DELETE CASCADE,
    subject   TEXT NOT NULL,
    PRIMARY KEY (export_id, subject)
) WITHOUT ROWID;
CREATE INDEX export_subject_by_subject ON export_subject (subject);

-- Every generated record of processing: when, its version, and the SHA-256 of each file written.
CREATE TABLE record_issue (
    id           INTEGER PRIMARY KEY,
    generated_at INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    html_sha256  TEXT NOT NULL,
    pdf_sha256   TEXT
);
