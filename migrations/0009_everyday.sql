-- 0009: everyday sales work (issue 15): organisations, activities with outcomes from a firm
-- vocabulary, follow-ups. Append-only: never edit once landed.
--
-- Nothing here holds free text about a person: an activity is a kind, a date, the people and
-- the organisation, a purpose and an outcome code; a follow-up is a kind, a date and a state.
-- People hang on activities through `activity_person` (deleted with the contact); erasure then
-- removes the activities left with nobody (`store::activities::remove_orphans`).

-- The firm's industry vocabulary (organisations pick one).
CREATE TABLE industry (
    id    INTEGER PRIMARY KEY,
    code  TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL
);
INSERT INTO industry (code, label) VALUES
    ('manufacturing', 'Manufacturing'), ('retail', 'Retail'), ('wholesale', 'Wholesale'),
    ('construction', 'Construction'), ('it_services', 'IT services'), ('finance', 'Finance'),
    ('healthcare', 'Healthcare'), ('public_sector', 'Public sector'), ('education', 'Education'),
    ('hospitality', 'Hospitality'), ('transport', 'Transport'), ('other', 'Other');

-- Company data, not personal data: kept when a person is erased.
CREATE TABLE organisation (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    org_number  TEXT NOT NULL DEFAULT '',
    industry_id INTEGER REFERENCES industry (id),
    address     TEXT NOT NULL DEFAULT '',
    web         TEXT NOT NULL DEFAULT '',
    -- 1 once added or edited as an organisation; 0 while it only exists because a person's
    -- organisation text named it (then it goes when nobody and nothing refers to it any more,
    -- so that erasing the only person of "Anna Svensson Konsult" leaves no trace of the name).
    explicit    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
-- One organisation per name, whatever its case: `--org "acme ab"` links to "Acme AB".
CREATE UNIQUE INDEX organisation_by_name ON organisation (name COLLATE NOCASE);

-- The person's organisation; `contact.organisation` keeps its name (for the list and search).
ALTER TABLE contact ADD COLUMN organisation_id INTEGER REFERENCES organisation (id);
CREATE INDEX contact_by_organisation ON contact (organisation_id) WHERE organisation_id IS NOT NULL;
-- Existing organisation names become organisations (the contact rows and their index rows keep
-- their text as it was, so that the index can still remove it).
INSERT OR IGNORE INTO organisation (name, created_at, updated_at)
SELECT trim(organisation), min(created_at), min(created_at) FROM contact
WHERE trim(organisation) <> '' GROUP BY trim(organisation) COLLATE NOCASE;
UPDATE contact SET organisation_id =
    (SELECT o.id FROM organisation o WHERE o.name = trim(contact.organisation) COLLATE NOCASE)
WHERE trim(organisation) <> '';

-- The firm's outcome vocabulary, editable in Settings like interests.
CREATE TABLE outcome (
    id    INTEGER PRIMARY KEY,
    code  TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL
);
INSERT INTO outcome (code, label) VALUES
    ('interested', 'Interested'), ('not_now', 'Not now'), ('send_offer', 'Send offer'),
    ('meeting_booked', 'Meeting booked'), ('order_placed', 'Order placed'),
    ('no_answer', 'No answer'), ('declined', 'Declined');

-- kind: 1 call, 2 meeting, 3 visit, 4 email, 5 event (`domain::activity::Kind`).
CREATE TABLE activity (
    id              INTEGER PRIMARY KEY,
    kind            INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 5),
    happened_at     INTEGER NOT NULL,
    organisation_id INTEGER REFERENCES organisation (id) ON DELETE SET NULL,
    purpose_id      INTEGER REFERENCES purpose (id),
    outcome_id      INTEGER NOT NULL REFERENCES outcome (id),
    created_at      INTEGER NOT NULL
);
CREATE INDEX activity_by_organisation ON activity (organisation_id, happened_at)
    WHERE organisation_id IS NOT NULL;
CREATE INDEX activity_by_outcome ON activity (outcome_id);
-- Audiences by activity ("met at an event in the last 12 months").
CREATE INDEX activity_by_kind ON activity (kind, happened_at);

CREATE TABLE activity_person (
    contact_seq INTEGER NOT NULL REFERENCES contact (seq) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES activity (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_seq, activity_id)
) WITHOUT ROWID;
CREATE INDEX activity_person_by_activity ON activity_person (activity_id);

-- state: 0 open, 1 done, 2 cancelled. `due_on` is the start of the due day (UTC).
CREATE TABLE follow_up (
    id          INTEGER PRIMARY KEY,
    contact_seq INTEGER NOT NULL REFERENCES contact (seq) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES activity (id) ON DELETE SET NULL,
    kind        INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 5),
    due_on      INTEGER NOT NULL,
    state       INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER
);
-- Today reads only the open ones, by date.
CREATE INDEX follow_up_open ON follow_up (due_on) WHERE state = 0;
CREATE INDEX follow_up_by_contact ON follow_up (contact_seq);
CREATE INDEX follow_up_by_activity ON follow_up (activity_id) WHERE activity_id IS NOT NULL;

-- Today lists consents about to expire without reading every consent.
CREATE INDEX consent_by_expiry ON consent (expires_at)
    WHERE expires_at IS NOT NULL AND withdrawn_at IS NULL;
