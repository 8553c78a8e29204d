//! `rapport-bench --dbstat`: where the bytes of our store are, per table and index (SQLite's
//! `dbstat` virtual table, built into the bundled SQLCipher), to trace the size budget.

use rusqlite::Connection;

/// One b-tree: its name, pages, bytes on disk, bytes of payload and bytes unused in its pages.
pub struct Tree {
    pub name: String,
    pub pages: i64,
    pub bytes: i64,
    pub payload: i64,
    pub unused: i64,
}

/// Every b-tree of the main database, largest first, and the free pages (`freelist_count`).
pub fn trees(conn: &Connection) -> rusqlite::Result<(Vec<Tree>, i64)> {
    let mut st = conn.prepare(
        "SELECT name, count(*), sum(pgsize), sum(payload), sum(unused) FROM dbstat
         GROUP BY name ORDER BY sum(pgsize) DESC",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Tree {
            name: r.get(0)?,
            pages: r.get(1)?,
            bytes: r.get(2)?,
            payload: r.get(3)?,
            unused: r.get(4)?,
        })
    })?;
    let trees = rows.collect::<Result<_, _>>()?;
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    Ok((trees, free))
}

/// Prints the trees on stderr with bytes per contact.
pub fn print(conn: &Connection, contacts: usize) -> rusqlite::Result<()> {
    let (trees, free) = trees(conn)?;
    let n = contacts.max(1) as f64;
    eprintln!(
        "  b-tree                          pages   B/contact  payload/contact  unused/contact"
    );
    for t in &trees {
        eprintln!(
            "  {:<30} {:>7} {:>10.1} {:>16.1} {:>15.1}",
            t.name,
            t.pages,
            t.bytes as f64 / n,
            t.payload as f64 / n,
            t.unused as f64 / n
        );
    }
    eprintln!("  free pages: {free}");
    Ok(())
}
