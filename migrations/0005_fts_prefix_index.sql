-- 0005: the full-text index keeps a prefix index for two-character prefixes (issue 6: search
-- as you type within 16 ms at 1M contacts). Append-only: never edit once landed.
--
-- Without it a query like "ma"* walks every indexed term starting with "ma" and merges their
-- hit lists: 10-27 ms for the first 50 hits at 1M contacts, whatever SQLite does besides. With
-- `prefix = '2'` each two-character prefix has its own hit list (under 0.1 ms), for about
-- 7 bytes per contact. Longer prefixes are walked as before (10 ms at most at 1M). Rebuilt
-- from the same text `store::contacts` indexes, with secure-delete on as before.
DROP TABLE contact_fts;
CREATE VIRTUAL TABLE contact_fts USING fts5 (
    name, organisation, email,
    content = '',
    detail = none,
    prefix = '2',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO contact_fts (contact_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO contact_fts (rowid, name, organisation, email)
SELECT c.seq, c.display_name || ' ' || c.given_name || ' ' || c.family_name, c.organisation,
       coalesce((SELECT group_concat(p.value, ' ' ORDER BY p.id) FROM contact_point p
                 WHERE p.contact_seq = c.seq AND p.kind = 'email'), '')
FROM contact c ORDER BY c.seq;
