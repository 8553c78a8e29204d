-- 0019: a new contact moves the contact counter from the store's code (`contacts::insert`),
-- not from a trigger. A statement that fires a trigger runs in a statement journal, and opening
-- one makes SQLite flush the full-text index's pending terms to disk: every contact insert
-- wrote a tiny index segment that later merges rewrote (a team newcomer's first round inserts
-- 100,000 contacts in a row). The DELETE trigger stays: deletes are rare and cascade anyway.
DROP TRIGGER contact_counted;
-- Without those flushes a bulk transaction (an import file, a team newcomer's snapshot) fills
-- the index's in-memory hash of pending terms; at FTS5's default of 1 MiB it flushed a dozen
-- segments per 100k contacts, and merging them left ~150 free pages in the file (2 bytes of the
-- size budget per contact). 32 MiB holds a 100k import's terms in one flush; the memory is held
-- only inside such a transaction.
INSERT INTO contact_fts (contact_fts, rank) VALUES ('hashsize', 33554432);
