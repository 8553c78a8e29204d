-- 0016: the everyday tables in a team (issue 12). Append-only: never edit once landed.
--
-- Organisations, activities, follow-ups and requests have local row ids that differ between
-- laptops; the team knows them by a random uid. The everyday tables keep their shape: this
-- table maps a uid to the local row (created when a row is first recorded or arrives).
-- A follow-up's uid is `CONTACT/UID` (it belongs to its person).
CREATE TABLE team_ref (
    entity   TEXT NOT NULL,
    uid      TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    PRIMARY KEY (entity, uid)
) WITHOUT ROWID;
CREATE INDEX team_ref_by_local ON team_ref (entity, local_id);

-- Which people an activity links, as the change log holds them (`CONTACT/UID` ids of entity
-- 'activity'): an activity is rebuilt from its links, and an erasure finds the person's links
-- here and drops the activities left with nobody. Holds only random ids.
CREATE TABLE team_link (
    activity TEXT NOT NULL,
    contact  TEXT NOT NULL,
    PRIMARY KEY (activity, contact)
) WITHOUT ROWID;
CREATE INDEX team_link_by_contact ON team_link (contact);

-- A store already in a team holds organisations, activities and follow-ups that were never
-- recorded (they did not sync before this version): its next round records them once
-- (`store::team_everyday::take_unrecorded`), so they reach the team.
INSERT INTO meta (key, value) SELECT 'team_everyday_unrecorded', '1' FROM team_self;
