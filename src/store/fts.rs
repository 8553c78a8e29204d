//! What the full-text index holds of an email address, in one place for Rust and SQL: the
//! local part and the first label of the domain (`ann.berg` and `acme` of
//! `ann.berg@acme.co.uk`). The rest of the domain (`com`, `co.uk`, a shared `example.com`) is
//! in nearly every address; indexed, its words got hit lists as long as the contact list (1M
//! entries at 1M contacts), and merging one of those moved megabytes in one step, which kept
//! the retention sweep's steps from staying short. Nobody searches for `com`.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

/// The SQL function (registered on every connection by `register`) that `email_terms` is in
/// SQL: for the bulk erasure's index delete markers and the schema-6 rebuild.
pub const EMAIL_TERMS_SQL: &str = "rapport_email_terms";

/// The words an email address is indexed under: its local part and its domain's first label.
/// A value without `@` is indexed whole.
pub fn email_terms(value: &str) -> String {
    match value.split_once('@') {
        Some((local, domain)) => {
            let first = domain.split('.').next().unwrap_or_default();
            format!("{local} {first}")
        }
        None => value.to_string(),
    }
}

/// The email part of the indexed text: the terms of each address, in the order given.
pub fn email_text<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values.map(email_terms).collect::<Vec<_>>().join(" ")
}

/// Registers `rapport_email_terms(value)` on `conn` (deterministic, so SQLite may use it
/// anywhere).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        EMAIL_TERMS_SQL,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(email_terms(&ctx.get::<String>(0)?)),
    )
}

/// What a typed search becomes when it found nothing and part of it was an email address: the
/// part after each `@` is cut to its first label, the way addresses are indexed, so that a
/// whole pasted address (`ann@acme.com`) or domain (`@acme.co.uk`) finds its contacts. `None`
/// when that changes nothing.
pub fn as_indexed(text: &str) -> Option<String> {
    let cut: Vec<String> = text.split_whitespace().map(email_terms).collect();
    let cut = cut.join(" ");
    (cut != text.split_whitespace().collect::<Vec<_>>().join(" ")).then_some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_indexed_under_its_local_part_and_first_domain_label() {
        assert_eq!(email_terms("ann.berg@acme.co.uk"), "ann.berg acme");
        assert_eq!(email_terms("ann@mail"), "ann mail");
        assert_eq!(email_terms("ann@"), "ann ");
        assert_eq!(email_terms("no-at-sign"), "no-at-sign");
        assert_eq!(email_text(["a@b.c", "d@e.f"].into_iter()), "a b d e");
    }

    #[test]
    fn sql_and_rust_agree() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        for v in [
            "ann.berg@acme.co.uk",
            "Ärla@Bär.exempel.se",
            "x@y@z.com",
            "@acme.com",
            "ann@",
            "plain",
            "",
        ] {
            let sql: String = conn
                .query_row("SELECT rapport_email_terms(?1)", [v], |r| r.get(0))
                .unwrap();
            assert_eq!(sql, email_terms(v), "{v}");
        }
    }

    #[test]
    fn a_typed_address_is_cut_like_an_indexed_one() {
        assert_eq!(as_indexed("ann@acme.com").as_deref(), Some("ann acme"));
        assert_eq!(as_indexed("@acme.co.uk").as_deref(), Some(" acme"));
        assert_eq!(
            as_indexed("berg ann@acme").as_deref(),
            Some("berg ann acme")
        );
        assert_eq!(as_indexed("ann berg"), None);
        assert_eq!(as_indexed("acme.com"), None);
    }
}
