-- 0017: a compact change log (issue 12, session 7). `team_field` kept text entity/id/field
-- keys, JSON values and a 16-byte device per row, and its index repeated the keys: a team
-- member's store was 11x a solo one at 100k contacts. `team_change` holds the same rows with an
-- integer entity (`Entity::code`), an integer field (`team_name`), the id as 16 bytes when it
-- is a contact's uuid (32 for a consent's `CONTACT/UID`; any other id stays text) and the
-- device as a small integer (`team_device`). Values stay JSON text: they are what segments
-- carry. Append-only: never edit once landed.

-- Field names by code. Codes 1-99 are fixed for the fields of today's entities; names met
-- later (`interest:NAME`, `objection:SCOPE`, fields of new entities) get codes from 1000 up.
CREATE TABLE team_name (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO team_name (code, name) VALUES
    (1, 'given_name'),
    (2, 'family_name'),
    (3, 'display_name'),
    (4, 'organisation'),
    (5, 'title'),
    (6, 'stage'),
    (7, 'source'),
    (8, 'points'),
    (9, 'restricted'),
    (10, 'created_at'),
    (11, 'updated_at'),
    (12, 'last_contacted_at'),
    (13, 'channels'),
    (14, 'language'),
    (20, 'record'),
    (21, 'withdrawn_at'),
    (30, 'def'),
    (31, 'text'),
    (32, 'label'),
    (33, 'removed'),
    (34, 'erased');
INSERT INTO team_name (code, name)
    SELECT 999 + row_number() OVER (ORDER BY field), field
    FROM (SELECT DISTINCT field FROM team_field WHERE field NOT IN (SELECT name FROM team_name));

-- Device ids by a small code (this device's first when it is in a team).
CREATE TABLE team_device (code INTEGER PRIMARY KEY, device BLOB NOT NULL UNIQUE);
INSERT INTO team_device (device) SELECT device_id FROM team_self;
INSERT OR IGNORE INTO team_device (device) SELECT DISTINCT device FROM team_field ORDER BY device;

-- The winning version of every field of shared data (as `team_field` was; see 0007).
CREATE TABLE team_change (
    entity INTEGER NOT NULL,
    id     BLOB NOT NULL,
    field  INTEGER NOT NULL,
    value  TEXT NOT NULL,
    hlc    INTEGER NOT NULL,
    device INTEGER NOT NULL,
    PRIMARY KEY (entity, id, field)
) WITHOUT ROWID;
INSERT INTO team_change (entity, id, field, value, hlc, device)
    SELECT CASE f.entity WHEN 'contact' THEN 1 WHEN 'consent' THEN 2 WHEN 'purpose' THEN 3
                         WHEN 'wording' THEN 4 WHEN 'interest' THEN 5 WHEN 'tombstone' THEN 6 END,
           CASE WHEN length(f.id) = 36 AND f.id GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
                THEN unhex(replace(f.id, '-', ''))
                WHEN length(f.id) = 69 AND f.id GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]/[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
                THEN unhex(replace(replace(f.id, '-', ''), '/', ''))
                ELSE f.id END,
           (SELECT code FROM team_name WHERE name = f.field),
           f.value, f.hlc,
           (SELECT code FROM team_device WHERE device = f.device)
    FROM team_field f
    WHERE f.entity IN ('contact', 'consent', 'purpose', 'wording', 'interest', 'tombstone')
    ORDER BY 1, 2, 3;

-- This device's changes not yet published (the keys; the rows are in `team_change`). It
-- replaces an index on (device, hlc) of every row, which was a third of the change log and
-- moved on every applied change, to find the few rows the next segment carries. A key whose
-- row another device's change won since, or that was published, goes at the next publish.
CREATE TABLE team_outbox (
    entity INTEGER NOT NULL,
    id     BLOB NOT NULL,
    field  INTEGER NOT NULL,
    PRIMARY KEY (entity, id, field)
) WITHOUT ROWID;
INSERT INTO team_outbox (entity, id, field)
    SELECT c.entity, c.id, c.field
    FROM team_change c JOIN team_device d ON d.code = c.device
    JOIN team_self s ON s.device_id = d.device
    WHERE c.hlc > s.published;
DROP INDEX team_field_by_device;
DROP TABLE team_field;
