-- 0015: activities stored where erasure finds them together (issue 15: the retention sweep at
-- 1M activities). Append-only: never edit once landed.
--
-- Schema 0009 kept one `activity` row per activity, numbered in the order logged, with its
-- people in `activity_person` and four secondary indexes. A person's activities were logged
-- over the years between everyone else's, so erasing a few hundred people dirtied most pages of
-- six b-trees in every chunk of the sweep, and the activities left with nobody needed a second
-- pass. Here an activity is one row per person who took part, all rows of one activity with
-- the same `id` and next to each other, keyed by organisation first (0: none): the people a
-- sweep erases are mostly spread over small organisations, so their rows sit on a few pages each,
-- and an organisation's page reads its latest activities straight from the key. Erasing a person
-- deletes their rows; an activity shared with a colleague keeps the colleague's row, and one
-- left with nobody has no row left, so there is no orphan pass. The one secondary index is keyed
-- by person (the person's activities, erasure, audiences by activity).

CREATE TABLE activity_row (
    organisation_id INTEGER NOT NULL,  -- 0: no organisation
    happened_at     INTEGER NOT NULL,
    id              INTEGER NOT NULL,  -- the activity's number, the same on each of its rows
    contact_seq     INTEGER NOT NULL REFERENCES contact (seq) ON DELETE CASCADE,
    kind            INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 5),
    purpose_id      INTEGER REFERENCES purpose (id),
    outcome_id      INTEGER NOT NULL REFERENCES outcome (id),
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, happened_at, id, contact_seq)
) WITHOUT ROWID;
-- The activities left with nobody (waiting for the old clean-up) are not carried over.
INSERT INTO activity_row
    (organisation_id, happened_at, id, contact_seq, kind, purpose_id, outcome_id, created_at)
SELECT coalesce(a.organisation_id, 0), a.happened_at, a.id, ap.contact_seq, a.kind,
       a.purpose_id, a.outcome_id, a.created_at
FROM activity a JOIN activity_person ap ON ap.activity_id = a.id;
-- Activity numbers go on from the highest one in use; a number is never given twice from now on.
INSERT INTO counter (name, value) SELECT 'activity_ids', coalesce(max(id), 0) FROM activity;
DELETE FROM meta WHERE key = 'activity_orphans_from';

-- Follow-ups keep the number of the activity they came from, without a foreign key (the number
-- is no longer unique in one row); erasure clears it when the activity goes.
CREATE TABLE follow_up_new (
    id          INTEGER PRIMARY KEY,
    contact_seq INTEGER NOT NULL REFERENCES contact (seq) ON DELETE CASCADE,
    activity_id INTEGER,
    kind        INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 5),
    due_on      INTEGER NOT NULL,
    state       INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER
);
INSERT INTO follow_up_new (id, contact_seq, activity_id, kind, due_on, state, created_at, closed_at)
SELECT id, contact_seq, activity_id, kind, due_on, state, created_at, closed_at FROM follow_up;

DROP TABLE activity_person;
DROP TABLE follow_up;
DROP TABLE activity;
ALTER TABLE activity_row RENAME TO activity;
ALTER TABLE follow_up_new RENAME TO follow_up;

CREATE INDEX activity_by_person ON activity (contact_seq, happened_at, kind);
CREATE INDEX follow_up_open ON follow_up (due_on) WHERE state = 0;
CREATE INDEX follow_up_by_contact ON follow_up (contact_seq);
CREATE INDEX follow_up_by_activity ON follow_up (activity_id) WHERE activity_id IS NOT NULL;

-- The wave-1 size budget (0.6 KB per contact): Today's index of consents by expiry (0009) held
-- the 8-byte instant of every consent with an end; it holds the day now (2 bytes), and Today
-- keeps the exact instants of the days it reads (`store::activities::consents_expiring`).
DROP INDEX consent_by_expiry;
CREATE INDEX consent_by_expiry ON consent (expires_at / 86400000000)
    WHERE expires_at IS NOT NULL AND withdrawn_at IS NULL;
