//! The baselines of `rapport-bench`: hand-written rusqlite doing the same SQL work as Rapport's
//! own code path, on a bare connection (a plain SQLite file, or the SQLCipher file with the raw
//! key). No domain types are built beyond what the SQL returns: rows are read column by column
//! and dropped. What each function skips compared with Rapport is said in its comment, so the
//! ratio between the two is the cost of Rapport's layers, not of different work.

use rapport::domain::{Contact, PointKind};
use rapport::store::{BULK_CACHE_KIB, CACHE_KIB, contacts, to_db};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};
use std::hint::black_box;
use std::path::Path;

/// Opens a connection with the same settings as `Store::open` (WAL, synchronous=FULL, foreign
/// keys, secure_delete, the page cache `CACHE_KIB`); `key` is the SQLCipher literal (`"x'…'"`), `None` for the plain file.
/// Unlike `Store::open` it runs no migration check and derives no suppression key.
pub fn open(path: &Path, key: Option<&str>) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    if let Some(k) = key {
        conn.execute_batch(&format!("PRAGMA key = {k};"))?;
    }
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;",
    )?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    // The index holds addresses the way the store writes them (`store::fts`).
    rapport::store::fts::register(&conn)?;
    Ok(conn)
}

/// Reads every column of a row into nothing (what a hand-written reader would at least do).
fn touch(r: &Row, cols: usize) -> rusqlite::Result<()> {
    for i in 0..cols {
        black_box(r.get_ref(i)?);
    }
    Ok(())
}

/// The page's work of the contact list (`search::summarise`): points, consents and objections
/// of all the page's rows, one query each with `IN (json_each(...))`.
fn summarise(conn: &Connection, seqs: &[i64]) -> rusqlite::Result<()> {
    if seqs.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = seqs.iter().map(i64::to_string).collect();
    let json = format!("[{}]", list.join(","));
    for (sql, cols) in [
        (
            "SELECT contact_seq, kind, value FROM contact_point WHERE contact_seq IN (SELECT value FROM json_each(?1)) AND kind IN ('email', 'phone') ORDER BY contact_seq, id",
            3,
        ),
        (
            "SELECT id, purpose_id, given_at, expires_at, source_kind, source_ref, wording_version, withdrawn_at, contact_seq
             FROM consent WHERE contact_seq IN (SELECT value FROM json_each(?1)) ORDER BY contact_seq, given_at, id",
            9,
        ),
        (
            "SELECT DISTINCT contact_seq FROM objection WHERE contact_seq IN (SELECT value FROM json_each(?1))",
            1,
        ),
    ] {
        let mut st = conn.prepare_cached(sql)?;
        let mut rows = st.query([&json])?;
        while let Some(r) = rows.next()? {
            touch(r, cols)?;
        }
    }
    Ok(())
}

fn list_rows(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> rusqlite::Result<Vec<i64>> {
    let mut st = conn.prepare_cached(sql)?;
    let mut rows = st.query(p)?;
    let mut seqs = Vec::new();
    while let Some(r) = rows.next()? {
        touch(r, 5)?;
        seqs.push(r.get(0)?);
    }
    Ok(seqs)
}

/// First page of the list in name order, with the same per-row reads. Rapport does this
/// inside a read transaction; so does this.
pub fn first_page(conn: &Connection, limit: usize) -> rusqlite::Result<usize> {
    let tx = conn.unchecked_transaction()?;
    let seqs = list_rows(
        &tx,
        "SELECT seq, id, display_name, organisation, restricted FROM contact
         ORDER BY display_name COLLATE NOCASE, seq LIMIT ?1 OFFSET 0",
        [limit as i64],
    )?;
    summarise(&tx, &seqs)?;
    Ok(seqs.len())
}

/// Unranked FTS5 prefix search (the same MATCH text Rapport builds), same per-row reads.
pub fn search(conn: &Connection, fts_query: &str, limit: usize) -> rusqlite::Result<usize> {
    let tx = conn.unchecked_transaction()?;
    let seqs = list_rows(
        &tx,
        "SELECT c.seq, c.id, c.display_name, c.organisation, c.restricted
         FROM contact_fts f JOIN contact c ON c.seq = f.rowid WHERE contact_fts MATCH ?1 LIMIT ?2",
        params![fts_query, limit as i64],
    )?;
    summarise(&tx, &seqs)?;
    Ok(seqs.len())
}

/// One typed letter: the names in `[low, high)` from the name index (`search::name_range`),
/// topped up from the FTS5 prefix query only when they are fewer than `limit`, as Rapport does.
pub fn search_1(
    conn: &Connection,
    (low, high): (&str, &str),
    fts_query: &str,
    limit: usize,
) -> rusqlite::Result<usize> {
    let tx = conn.unchecked_transaction()?;
    let mut seqs = list_rows(
        &tx,
        "SELECT seq, id, display_name, organisation, restricted FROM contact
         WHERE display_name COLLATE NOCASE >= ?1 AND display_name COLLATE NOCASE < ?2
         ORDER BY display_name COLLATE NOCASE, seq LIMIT ?3",
        params![low, high, limit as i64],
    )?;
    if seqs.len() < limit {
        let more = list_rows(
            &tx,
            "SELECT c.seq, c.id, c.display_name, c.organisation, c.restricted
             FROM contact_fts f JOIN contact c ON c.seq = f.rowid WHERE contact_fts MATCH ?1 LIMIT ?2",
            params![fts_query, (limit + seqs.len()) as i64],
        )?;
        for s in more {
            if seqs.len() < limit && !seqs.contains(&s) {
                seqs.push(s);
            }
        }
    }
    summarise(&tx, &seqs)?;
    Ok(seqs.len())
}

/// One contact with points, interests, consents, objections and the purpose list (what
/// `privacy::contacts::load` reads); no consent-state evaluation.
pub fn open_contact(conn: &Connection, id: &[u8; 16]) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    let seq: i64 = tx
        .prepare_cached("SELECT seq, given_name, family_name, display_name, organisation, title, stage, source_kind, source_detail, channels, language, restricted, created_at, updated_at, last_contacted_at, interests_yes, interests_no FROM contact WHERE id = ?1")?
        .query_row([id], |r| {
            touch(r, 17)?;
            r.get(0)
        })?;
    for (sql, cols) in [
        (
            "SELECT kind, label, value, preferred FROM contact_point WHERE contact_seq = ?1 ORDER BY id",
            4,
        ),
        (
            "SELECT id, name FROM interest WHERE id BETWEEN 1 AND 63 AND ?1 = ?1",
            2,
        ),
        (
            "SELECT id, purpose_id, given_at, expires_at, source_kind, source_ref, wording_version, withdrawn_at FROM consent WHERE contact_seq = ?1",
            8,
        ),
        (
            "SELECT scope, objected_at FROM objection WHERE contact_seq = ?1",
            2,
        ),
    ] {
        let mut st = tx.prepare_cached(sql)?;
        let mut rows = st.query([seq])?;
        while let Some(r) = rows.next()? {
            touch(r, cols)?;
        }
    }
    let mut st = tx.prepare_cached("SELECT * FROM purpose ORDER BY id")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        touch(r, 9)?;
    }
    Ok(())
}

/// Appends an audit row after reading the chain head (Rapport also hashes the event; here the
/// hashes are fixed 32-byte placeholders, stored as BLOBs like Rapport's since schema 2).
pub fn audit(
    conn: &Connection,
    at: i64,
    action: &str,
    subject: Option<&str>,
) -> rusqlite::Result<()> {
    let head: Option<String> = conn
        .prepare_cached("SELECT value FROM meta WHERE key = 'audit_head_seq'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let seq = head.and_then(|s| s.parse::<i64>().ok()).unwrap_or(0) + 1;
    conn.prepare_cached("INSERT INTO audit_event (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?1, ?2, 'bench', ?3, ?4, '', ?5, ?5)")?
        .execute(params![seq, at, action, subject, [0u8; 32]])?;
    conn.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head_seq', ?1)")?
        .execute([seq.to_string()])?;
    Ok(())
}

/// Access export: the same reads as `open_contact` plus the subject's audit events, the rows
/// written as JSON into a deflated zip (data.json and a copy as report.html and contact.vcf, so
/// the zip holds three parts of similar size), fsynced and renamed, then an audit row.
pub fn export_one(
    conn: &Connection,
    id: &[u8; 16],
    subject: &str,
    out: &Path,
    at: i64,
) -> std::io::Result<()> {
    use std::io::Write;
    let sql = |e: rusqlite::Error| std::io::Error::other(e.to_string());
    open_contact(conn, id).map_err(sql)?;
    let mut doc = Vec::new();
    {
        let mut st = conn
            .prepare_cached("SELECT display_name, given_name, family_name, organisation, title FROM contact WHERE id = ?1")
            .map_err(sql)?;
        let row: Vec<String> = st
            .query_row([id], |r| (0..5).map(|i| r.get(i)).collect())
            .map_err(sql)?;
        doc.push(serde_json::json!(row));
        let mut st = conn
            .prepare_cached("SELECT at, action, detail FROM audit_event WHERE subject = ?1")
            .map_err(sql)?;
        let mut rows = st.query([subject]).map_err(sql)?;
        while let Some(r) = rows.next().map_err(sql)? {
            let (a, b, c): (i64, String, String) = (
                r.get(0).map_err(sql)?,
                r.get(1).map_err(sql)?,
                r.get(2).map_err(sql)?,
            );
            doc.push(serde_json::json!([a, b, c]));
        }
    }
    let json = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
    let dir = out.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".bench-tmp-")
        .tempfile_in(dir)?;
    {
        let mut zip = zip::ZipWriter::new(tmp.as_file_mut());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for name in ["data.json", "report.html", "contact.vcf"] {
            zip.start_file(name, opts).map_err(std::io::Error::other)?;
            zip.write_all(json.as_bytes())?;
        }
        zip.finish().map_err(std::io::Error::other)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(out).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    let tx = conn.unchecked_transaction().map_err(sql)?;
    audit(&tx, at, "export", Some(subject)).map_err(sql)?;
    tx.commit().map_err(sql)
}

/// Erasure of one contact inside an open transaction: suppression rows for its emails and
/// phones (a SHA-256 of kind and value here, HMAC in Rapport), the FTS5 'delete' with the
/// indexed text, the cascade DELETE, a tombstone and an audit row.
pub fn erase_in(tx: &Connection, id: &[u8; 16], subject: &str, at: i64) -> rusqlite::Result<()> {
    use sha2::{Digest, Sha256};
    let (seq, names, org): (i64, String, String) = tx
        .prepare_cached("SELECT seq, display_name || ' ' || given_name || ' ' || family_name, organisation FROM contact WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let mut emails = Vec::new();
    {
        let mut st = tx.prepare_cached(
            "SELECT kind, value, normalized FROM contact_point WHERE contact_seq = ?1 ORDER BY id",
        )?;
        let mut rows = st.query([seq])?;
        let mut ins = tx.prepare_cached("INSERT OR IGNORE INTO suppression (hash) VALUES (?1)")?;
        while let Some(r) = rows.next()? {
            let (kind, value, norm): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if kind == "email" {
                emails.push(value);
            }
            if kind == "email" || kind == "phone" {
                ins.execute([Sha256::digest(format!("{kind}:{norm}")).to_vec()])?;
            }
        }
    }
    tx.prepare_cached("INSERT INTO contact_fts (contact_fts, rowid, name, organisation, email) VALUES ('delete', ?1, ?2, ?3, ?4)")?
        .execute(params![seq, names, org, rapport::store::fts::email_text(emails.iter().map(String::as_str))])?;
    tx.prepare_cached("DELETE FROM contact WHERE seq = ?1")?
        .execute([seq])?;
    tx.prepare_cached("INSERT INTO tombstone (subject, erased_at, reason, requested_by) VALUES (?1, ?2, 'subject_request', 'data_subject')")?
        .execute(params![subject, at])?;
    audit(tx, at, "erase", Some(subject))
}

/// Erase one contact in its own transaction, then checkpoint and truncate the WAL.
pub fn erase_one(conn: &Connection, id: &[u8; 16], subject: &str, at: i64) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    erase_in(&tx, id, subject, at)?;
    tx.commit()?;
    checkpoint(conn)
}

pub fn checkpoint(conn: &Connection) -> rusqlite::Result<()> {
    let _: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(())
}

/// Retention sweep, the bulk path of `store::erasure::erase_many`: the same fact scan Rapport
/// reads (consents of consent-based purposes, every non-customer contact); then per chunk of
/// `chunk` ids, one transaction that stages their row numbers in a temporary table, re-reads
/// their facts (rows dropped: no rule is evaluated), counts their holdings, inserts the
/// suppression hashes (SHA-256 here, HMAC in Rapport), removes their index rows with the FTS5
/// 'delete' command with the index's secure-delete off (flagged in `meta` in the first chunk),
/// deletes the rows with one cascading DELETE, and writes a tombstone and an audit row each;
/// then the index clean-up: incremental merges of `pages` leaf pages per transaction until
/// there is nothing left to merge, secure-delete back on, the flag cleared, the WAL truncated.
/// The verdicts (which ids are due) are Rapport's, computed beforehand.
pub fn retention(
    conn: &Connection,
    due: &[([u8; 16], String)],
    chunk: usize,
    pages: i64,
    at: i64,
) -> rusqlite::Result<()> {
    use sha2::{Digest, Sha256};
    const CONSENTS: &str = "SELECT k.contact_seq, k.id, k.purpose_id, k.given_at, k.expires_at, k.source_kind, k.source_ref, k.wording_version, k.withdrawn_at FROM consent k JOIN purpose p ON p.id = k.purpose_id WHERE p.legal_basis = 'consent'";
    const CONTACTS: &str = "SELECT seq, id, display_name, stage, created_at, last_contacted_at FROM contact WHERE restricted = 0";
    let scan = |tx: &Connection, only: &str| -> rusqlite::Result<()> {
        for (sql, cols, col) in [(CONSENTS, 9, "k.contact_seq"), (CONTACTS, 6, "seq")] {
            let sql = if only.is_empty() {
                sql.to_string()
            } else {
                format!("{sql} AND {col} IN (SELECT seq FROM temp.sweep)")
            };
            let mut st = tx.prepare_cached(&sql)?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                touch(r, cols)?;
            }
        }
        Ok(())
    };
    {
        let tx = conn.unchecked_transaction()?;
        scan(&tx, "")?;
    }
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS sweep (seq INTEGER PRIMARY KEY, id BLOB NOT NULL)",
    )?;
    for part in due.chunks(chunk.max(1)) {
        let tx = conn.unchecked_transaction()?;
        tx.execute("DELETE FROM temp.sweep", [])?;
        {
            let mut st = tx.prepare_cached("INSERT OR IGNORE INTO temp.sweep (seq, id) SELECT seq, id FROM contact WHERE id = ?1")?;
            for (id, _) in part {
                st.execute([id])?;
            }
        }
        scan(&tx, "staged")?;
        for sql in [
            "SELECT s.seq, (SELECT count(*) FROM consent WHERE contact_seq = s.seq), (SELECT count(*) FROM objection WHERE contact_seq = s.seq), (SELECT interests_yes | interests_no FROM contact WHERE seq = s.seq) FROM temp.sweep s",
            "SELECT contact_seq, kind, count(*) FROM contact_point WHERE contact_seq IN (SELECT seq FROM temp.sweep) GROUP BY contact_seq, kind",
        ] {
            let mut st = tx.prepare_cached(sql)?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                touch(r, 3)?;
            }
        }
        {
            let mut st = tx.prepare_cached("SELECT kind, normalized FROM contact_point WHERE contact_seq IN (SELECT seq FROM temp.sweep) AND kind IN ('email', 'phone') AND normalized <> ''")?;
            let mut ins =
                tx.prepare_cached("INSERT OR IGNORE INTO suppression (hash) VALUES (?1)")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let (kind, norm): (String, String) = (r.get(0)?, r.get(1)?);
                ins.execute([Sha256::digest(format!("{kind}:{norm}")).to_vec()])?;
            }
        }
        if tx.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('fts_optimize_pending', '1')",
            [],
        )? == 1
        {
            tx.execute(
                "INSERT INTO contact_fts (contact_fts, rank) VALUES ('secure-delete', 0)",
                [],
            )?;
        }
        tx.execute_batch(
            "INSERT INTO contact_fts (contact_fts, rowid, name, organisation, email)
             SELECT 'delete', c.seq, c.display_name || ' ' || c.given_name || ' ' || c.family_name, c.organisation,
                    coalesce((SELECT group_concat(rapport_email_terms(p.value), ' ' ORDER BY p.id) FROM contact_point p WHERE p.contact_seq = c.seq AND p.kind = 'email'), '')
             FROM contact c WHERE c.seq IN (SELECT seq FROM temp.sweep);
             DELETE FROM contact WHERE seq IN (SELECT seq FROM temp.sweep);
             DELETE FROM temp.sweep;",
        )?;
        for (_, subject) in part {
            tx.prepare_cached("INSERT OR REPLACE INTO tombstone (subject, erased_at, reason, requested_by) VALUES (?1, ?2, 'retention:no_legal_basis', 'retention')")?
                .execute(params![subject, at])?;
            audit(&tx, at, "erase", Some(subject))?;
        }
        tx.commit()?;
    }
    loop {
        let tx = conn.unchecked_transaction()?;
        let before = tx.total_changes();
        tx.execute(
            "INSERT INTO contact_fts (contact_fts, rank) VALUES ('merge', ?1)",
            [-pages],
        )?;
        let worked = tx.total_changes() - before >= 2;
        if !worked {
            tx.execute_batch(
                "INSERT INTO contact_fts (contact_fts, rank) VALUES ('secure-delete', 1);
                 DELETE FROM meta WHERE key = 'fts_optimize_pending';",
            )?;
        }
        tx.commit()?;
        if !worked {
            break;
        }
    }
    checkpoint(conn)
}

/// Audience of a consent-based purpose, the reads `privacy::audience` runs
/// (`store::audience::for_consent_holders`, then `members`): the contact counter, the restricted
/// contacts (partial index), the interest's id, the purpose's consent records (row number, id
/// and dates), all objections,
/// the index `contact_audience`; then the name index in order until `shown` of `included` (the
/// members, computed beforehand by Rapport's rule) are found, and their ids and addresses.
/// Rows are read and dropped; no rule evaluation.
pub fn audience(
    conn: &Connection,
    purpose_id: i64,
    interest: &str,
    point_code: i64,
    included: &[i64],
    shown: usize,
) -> rusqlite::Result<usize> {
    let tx = conn.unchecked_transaction()?;
    let mut n = 0;
    for (sql, cols, p) in [
        (
            "SELECT value FROM counter WHERE name = 'contacts'",
            1,
            vec![],
        ),
        (
            "SELECT seq FROM contact INDEXED BY contact_restricted WHERE restricted <> 0",
            1,
            vec![],
        ),
        (
            "SELECT id FROM interest WHERE name = ?1",
            1,
            vec![interest.to_string()],
        ),
        (
            "SELECT contact_seq, id, given_at, expires_at, withdrawn_at FROM consent WHERE purpose_id = ?1",
            5,
            vec![purpose_id.to_string()],
        ),
        ("SELECT contact_seq, scope FROM objection", 2, vec![]),
        (
            "SELECT seq, channels, point_kinds, interests_yes, interests_no FROM contact INDEXED BY contact_audience",
            5,
            vec![],
        ),
    ] {
        let mut st = tx.prepare_cached(sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(p))?;
        while let Some(r) = rows.next()? {
            touch(r, cols)?;
            n += 1;
        }
    }
    let wanted: std::collections::HashSet<i64> = included.iter().copied().collect();
    let mut shown_seqs = Vec::new();
    {
        let mut st = tx.prepare_cached("SELECT seq, display_name FROM contact INDEXED BY contact_by_name ORDER BY display_name COLLATE NOCASE, seq")?;
        let mut rows = st.query([])?;
        while shown_seqs.len() < shown
            && let Some(r) = rows.next()?
        {
            let seq: i64 = r.get(0)?;
            if wanted.contains(&seq) {
                touch(r, 2)?;
                shown_seqs.push(seq);
            }
        }
    }
    let list: Vec<String> = shown_seqs.iter().map(i64::to_string).collect();
    let json = format!("[{}]", list.join(","));
    for (sql, cols, p) in [
        (
            "SELECT seq, id FROM contact WHERE seq IN (SELECT value FROM json_each(?1))",
            2,
            vec![json.clone()],
        ),
        (
            "SELECT contact_seq, value FROM contact_point WHERE contact_seq IN (SELECT value FROM json_each(?1)) AND kind_code = ?2 ORDER BY contact_seq, preferred DESC, id",
            2,
            vec![json.clone(), point_code.to_string()],
        ),
    ] {
        let mut st = tx.prepare_cached(sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(p))?;
        while let Some(r) = rows.next()? {
            touch(r, cols)?;
            n += 1;
        }
    }
    Ok(n)
}

/// Import: for each contact, the email lookup Rapport's merge does, then INSERTs of the
/// contact, its points and its FTS row, and an audit row; all in one transaction with the same
/// page cache as Rapport's bulk write (`BULK_CACHE_KIB`, restored afterwards), the chain head
/// read once and written once, as Rapport's `audit::Chain` does. The vCard parsing is not part
/// of this baseline (it is done beforehand): the ratio includes our parser.
pub fn import(conn: &Connection, contacts: &[Contact], at: i64) -> rusqlite::Result<()> {
    let old: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
    let out = import_in(conn, contacts, at);
    conn.pragma_update(None, "cache_size", old)?;
    out
}

fn import_in(conn: &Connection, contacts: &[Contact], at: i64) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    {
        let mut lookup = tx.prepare_cached("SELECT DISTINCT c.id FROM contact_point p JOIN contact c ON c.seq = p.contact_seq WHERE p.normalized = ?1 AND p.normalized <> '' AND p.kind = 'email'")?;
        let mut contact = tx.prepare_cached(
            "INSERT INTO contact (id, given_name, family_name, display_name, organisation, title, stage, source_kind, source_detail, channels, language, restricted, created_at, updated_at, point_kinds)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, ?12, ?13)",
        )?;
        let mut counted =
            tx.prepare_cached("UPDATE counter SET value = value + 1 WHERE name = 'contacts'")?;
        let mut point = tx.prepare_cached("INSERT INTO contact_point (contact_seq, kind_code, label_code, value, preferred, normalized_diff) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        let mut fts = tx.prepare_cached(
            "INSERT INTO contact_fts (rowid, name, organisation, email) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut event = tx.prepare_cached("INSERT INTO audit_event (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?1, ?2, 'bench', 'create', ?3, '', ?4, ?4)")?;
        let head: Option<String> = tx
            .prepare_cached("SELECT value FROM meta WHERE key = 'audit_head_seq'")?
            .query_row([], |r| r.get(0))
            .optional()?;
        let mut seq_audit = head.and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
        for c in contacts {
            for p in c.points_of(PointKind::Email) {
                let mut rows = lookup.query([p.normalised()])?;
                while let Some(r) = rows.next()? {
                    touch(r, 1)?;
                }
            }
            contact.execute(params![
                c.id.as_uuid().as_bytes(),
                c.given_name,
                c.family_name,
                c.display_name,
                c.organisation,
                c.title,
                c.stage.as_str(),
                c.source.kind.as_str(),
                c.source.detail,
                c.preferences.channels.bits(),
                c.preferences.language,
                at,
                c.points
                    .iter()
                    .fold(0_i64, |k, p| k | 1 << (contacts::kind_code(p.kind) - 1)),
            ])?;
            let seq = tx.last_insert_rowid();
            counted.execute([])?;
            let mut emails = Vec::new();
            for p in &c.points {
                point.execute(params![
                    seq,
                    contacts::kind_code(p.kind),
                    contacts::label_code(p.label),
                    p.value,
                    p.preferred,
                    contacts::normalized_diff(p)
                ])?;
                if p.kind == PointKind::Email {
                    emails.push(p.value.as_str());
                }
            }
            let names = format!("{} {} {}", c.display_name, c.given_name, c.family_name);
            fts.execute(params![
                seq,
                names,
                c.organisation,
                rapport::store::fts::email_text(emails.into_iter())
            ])?;
            seq_audit += 1;
            event.execute(params![seq_audit, at, c.id.to_string(), [0u8; 32]])?;
        }
        tx.prepare_cached(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head_seq', ?1)",
        )?
        .execute([seq_audit.to_string()])?;
    }
    tx.commit()
}

/// A `to_db` for the baselines' timestamps.
pub fn at(now: rapport::domain::Instant) -> i64 {
    to_db(now)
}
