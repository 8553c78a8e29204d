-- 0003: the audit log is append-only inside the store too; an index of restricted contacts.
-- Append-only: never edit once landed.
-- The hash chain already makes any change detectable (`rapport audit --verify`); these triggers
-- make a stray UPDATE or DELETE by the application itself fail loudly instead of silently
-- breaking the chain. (Someone holding the key can drop them; the chain still tells.)
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be changed'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be removed'); END;

-- The few restricted contacts (Art. 18), so that an audience counts them without reading every
-- contact (a partial index: it holds only the restricted rows).
CREATE INDEX contact_restricted ON contact (seq) WHERE restricted <> 0;
