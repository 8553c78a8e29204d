-- 0019: a new contact moves the contact counter from the store's code (`contacts::insert`),
-- not from a trigger. A statement that fires a trigger runs in a statement journal, and opening
-- one makes SQLite flush the full-text index's pending terms to disk: every contact insert
-- wrote a tiny index segment that later merges rewrote (a team newcomer's first round inserts
-- 100,000 contacts in a row). The DELETE trigger stays: deletes are rare and cascade anyway.
DROP TRIGGER contact_counted;
