-- 0004: what an audience asks of every contact, in one narrow index; interests on the contact
-- row. Append-only: never edit once landed.
--
-- An interest's answers are two bit masks on the contact (bit `id - 1` of the interest: yes in
-- `interests_yes`, no in `interests_no`, neither = unknown), so the vocabulary holds at most 63
-- interests (ids 1..=63; a new interest takes the lowest free id). `point_kinds` has bit
-- `kind_code - 1` set for each kind of contact point the contact has (1 email, 2 phone,
-- 4 postal address, 8 web); the writers keep it with the points. The index `contact_audience`
-- holds the channels, point kinds and interest answers of every contact, so that an audience
-- reads it instead of the contacts' rows (issue 6: audiences within 100 ms at 100k contacts),
-- and the table `contact_interest` with its index goes (issue 6: at most 0.6 KB per contact).
ALTER TABLE contact ADD COLUMN interests_yes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact ADD COLUMN interests_no INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact ADD COLUMN point_kinds INTEGER NOT NULL DEFAULT 0;

-- Interests with an id above 63 have no bit: they take free ids first, their answers with them
-- (a store where more than 63 interests were ever created). A store with more than 63
-- interests at once is refused before this runs (`store::migrate`), changing nothing.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE rapport_interest_move (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 63),
free AS (SELECT i, row_number() OVER (ORDER BY i) AS k FROM n WHERE i NOT IN (SELECT id FROM interest)),
high AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM interest WHERE id > 63)
INSERT INTO rapport_interest_move (old, new) SELECT high.id, free.i FROM high JOIN free USING (k);
UPDATE contact_interest SET interest_id = (SELECT new FROM rapport_interest_move WHERE old = interest_id)
WHERE interest_id IN (SELECT old FROM rapport_interest_move);
UPDATE interest SET id = (SELECT new FROM rapport_interest_move WHERE old = id)
WHERE id IN (SELECT old FROM rapport_interest_move);
DROP TABLE rapport_interest_move;

UPDATE contact SET
    interests_yes = coalesce((SELECT sum(1 << (ci.interest_id - 1)) FROM contact_interest ci
                              WHERE ci.contact_seq = contact.seq AND ci.answer = 1), 0),
    interests_no = coalesce((SELECT sum(1 << (ci.interest_id - 1)) FROM contact_interest ci
                             WHERE ci.contact_seq = contact.seq AND ci.answer = 0), 0),
    point_kinds = coalesce((SELECT sum(DISTINCT 1 << (p.kind_code - 1)) FROM contact_point p
                            WHERE p.contact_seq = contact.seq), 0);

DROP TABLE contact_interest;

CREATE INDEX contact_audience ON contact (channels, point_kinds, interests_yes, interests_no);
