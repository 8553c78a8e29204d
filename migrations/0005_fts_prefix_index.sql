-- 0005: the full-text index keeps a prefix index for two-character prefixes (issue 6: search
-- as you type within 16 ms at 1M contacts) and no document sizes. Append-only: never edit
-- once landed.
--
-- Without it a query like "ma"* walks every indexed term starting with "ma" and merges their
-- hit lists: 10-27 ms for the first 50 hits at 1M contacts, whatever SQLite does besides. With
-- `prefix = '2'` each two-character prefix has its own hit list (under 0.1 ms), for about
-- 7 bytes per contact. Longer prefixes are walked as before (10 ms at most at 1M).
-- `columnsize = 0` drops the table of document sizes (12 bytes per contact; issue 6: at most
-- 0.6 KB per contact). They only fed bm25's length normalisation, and with `detail = none`
-- (schema 2) that was all bm25 had to go on, so ranking is gone: every hit scores the same and
-- searches list hits in index order, as the app always did. Rebuilt from the same text
-- `store::contacts` indexes, with secure-delete on as before.
DROP TABLE contact_fts;
CREATE VIRTUAL TABLE contact_fts USING fts5 (
    name, organisation, email,
    content = '',
    detail = none,
    prefix = '2',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO contact_fts (contact_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO contact_fts (rowid, name, organisation, email)
SELECT c.seq, c.display_name || ' ' || c.given_name || ' ' || c.family_name, c.organisation,
       coalesce((SELECT group_concat(p.value, ' ' ORDER BY p.id) FROM contact_point p
                 WHERE p.contact_seq = c.seq AND p.kind = 'email'), '')
FROM contact c ORDER BY c.seq;
