-- 0006: the full-text index keeps of an email address only its local part and its domain's
-- first label (`store::fts::email_terms`, the SQL function `rapport_email_terms` registered on
-- every connection). Append-only: never edit once landed.
--
-- The rest of a domain (`com`, `co.uk`, a firm-wide `example.com`) is in nearly every address:
-- those words had hit lists of one entry per contact, and FTS5 merges a word's hit list in one
-- piece, so each merge of the index (after every write, and in the retention sweep's clean-up)
-- moved megabytes in one step at 1M contacts. A pasted address still finds its contacts: the
-- search cuts a typed address the same way when the whole of it matched nothing. Rebuilt from
-- the contact rows as in 0005; with secure-delete on, the old index pages are zeroed.
INSERT INTO contact_fts (contact_fts) VALUES ('delete-all');
INSERT INTO contact_fts (rowid, name, organisation, email)
SELECT c.seq, c.display_name || ' ' || c.given_name || ' ' || c.family_name, c.organisation,
       coalesce((SELECT group_concat(rapport_email_terms(p.value), ' ' ORDER BY p.id)
                 FROM contact_point p WHERE p.contact_seq = c.seq AND p.kind = 'email'), '')
FROM contact c ORDER BY c.seq;
