-- 0010: who did what in a team (issues 12 and 13). Append-only: never edit once landed.
--
-- Every event a store in a team appends names this device and its member by their random ids
-- (16 bytes each, the roster maps them to names; never a name here). A solo store leaves both
-- NULL, and such events hash exactly as before, so the chains of older stores still verify.
ALTER TABLE audit_event ADD COLUMN device BLOB;
ALTER TABLE audit_event ADD COLUMN member BLOB;

-- The last of this device's own audit events already published in a segment.
ALTER TABLE team_self ADD COLUMN audit_published INTEGER NOT NULL DEFAULT 0;

-- The audit events of every other device of the team, as their segments brought them: the
-- chain of each device (`device` = the publisher, `seq` its own numbering), each event with the
-- fields its hash covers (`ev_device`/`ev_member`: the ids the event itself names, NULL for
-- events from before the device joined). Verified link by link when they arrive; the recorded
-- head per device lets `rapport audit --verify` notice events removed from the end.
CREATE TABLE team_audit (
    device    BLOB NOT NULL,
    seq       INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT,
    detail    TEXT NOT NULL,
    ev_device BLOB,
    ev_member BLOB,
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE INDEX team_audit_by_subject ON team_audit (subject) WHERE subject IS NOT NULL;
CREATE TABLE team_audit_head (
    device BLOB PRIMARY KEY,
    seq    INTEGER NOT NULL,
    hash   BLOB NOT NULL
) WITHOUT ROWID;

-- Append-only like the local log: a stray UPDATE or DELETE fails loudly.
CREATE TRIGGER team_audit_no_update BEFORE UPDATE ON team_audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be changed'); END;
CREATE TRIGGER team_audit_no_delete BEFORE DELETE ON team_audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be removed'); END;
