//! The controller and who receives data, as the faces change them, and the record of processing
//! (Art. 30(1) a–g) assembled from the store: the controller and DPO, one section per purpose,
//! the lifecycle from lead to inactive, and only the security measures that are true of this
//! store. Generating writes HTML and/or PDF atomically and keeps the version, date and SHA-256
//! of each file in the store. The same controller settings feed the access export's "who is
//! answering" part (`answering`).

use super::PrivacyError;
use crate::documents::{Field, Record, Section};
use crate::domain::audit::NewEvent;
use crate::domain::controller::{self, Controller, Recipient, Role, Safeguard};
use crate::domain::purpose::{LegalBasis, Purpose};
use crate::domain::{Action, Instant};
use crate::store::{self, Store};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The longest controller field.
const MAX_FIELD: usize = 200;

/// Saves the controller. Audited as a setting (field names only).
pub fn set_controller(store: &mut Store, c: &Controller, now: Instant) -> Result<(), PrivacyError> {
    let c = Controller {
        name: c.name.trim().into(),
        org_number: c.org_number.trim().into(),
        address: c.address.trim().into(),
        email: c.email.trim().into(),
        dpo_name: c.dpo_name.trim().into(),
        dpo_email: c.dpo_email.trim().into(),
        representative: c.representative.trim().into(),
    };
    for v in [
        &c.name,
        &c.org_number,
        &c.address,
        &c.email,
        &c.dpo_name,
        &c.dpo_email,
        &c.representative,
    ] {
        if v.chars().count() > MAX_FIELD || v.chars().any(|ch| ch.is_control() && ch != '\n') {
            return Err(PrivacyError::Invalid(format!(
                "a controller field has at most {MAX_FIELD} characters"
            )));
        }
    }
    for e in [&c.email, &c.dpo_email] {
        if !e.is_empty() && !e.contains('@') {
            return Err(PrivacyError::Invalid(
                "an email address has an @, such as privacy@example.com".into(),
            ));
        }
    }
    store.write(|tx| {
        store::controller::set(tx, &c)?;
        audit_settings(tx, "controller", now)
    })
}

pub fn controller(store: &Store) -> Result<Controller, PrivacyError> {
    Ok(store.read(store::controller::get)?)
}

fn audit_settings(tx: &store::Tx, what: &str, now: Instant) -> Result<(), PrivacyError> {
    store::audit::append(
        tx,
        &NewEvent::new(now, Action::Settings, None).detail(what.to_string()),
    )?;
    Ok(())
}

/// Adds a recipient serving the named purposes (none = every purpose, e.g. hosting).
pub fn add_recipient(store: &mut Store, r: &Recipient, now: Instant) -> Result<i64, PrivacyError> {
    let mut r = r.clone();
    r.name = r.name.trim().into();
    r.country = controller::country_code(&r.country).unwrap_or(r.country);
    controller::validate(&r).map_err(|e| PrivacyError::Invalid(e.to_string()))?;
    if !r.is_transfer() {
        // A safeguard is for a transfer; inside the EEA it would only mislead.
        r.safeguard = None;
    }
    store.write(|tx| {
        let mut ids = Vec::new();
        for name in &r.purposes {
            let p = store::purposes::by_name(tx, name)?.ok_or(PrivacyError::UnknownPurpose)?;
            ids.push(p.id.0);
        }
        let id = store::controller::add_recipient(tx, &r, &ids)?;
        audit_settings(tx, "recipient added", now)?;
        Ok(id)
    })
}

pub fn remove_recipient(store: &mut Store, name: &str, now: Instant) -> Result<(), PrivacyError> {
    store.write(|tx| {
        if !store::controller::remove_recipient(tx, name)? {
            return Err(PrivacyError::Invalid(
                "there is no recipient of that name: see `rapport recipient list`".into(),
            ));
        }
        audit_settings(tx, "recipient removed", now)
    })
}

pub fn recipients(store: &Store) -> Result<Vec<Recipient>, PrivacyError> {
    Ok(store.read(store::controller::recipients)?)
}

/// Sets what the record says about a purpose beyond its rule. Audited.
pub fn set_purpose_note(
    store: &mut Store,
    purpose: &str,
    balancing_note: Option<&str>,
    source: Option<&str>,
    now: Instant,
) -> Result<(), PrivacyError> {
    store.write(|tx| {
        let p = store::purposes::by_name(tx, purpose)?.ok_or(PrivacyError::UnknownPurpose)?;
        let (old_note, old_source) = store::controller::purpose_note(tx, p.id.0)?;
        let note = balancing_note.map_or(old_note, |s| s.trim().to_string());
        let source = source.map_or(old_source, |s| s.trim().to_string());
        if note.chars().count() > 2000 || source.chars().count() > 500 {
            return Err(PrivacyError::Invalid(
                "a balancing note has at most 2000 characters, a source at most 500".into(),
            ));
        }
        store::controller::set_purpose_note(tx, p.id.0, &note, &source)?;
        audit_settings(tx, "purpose note", now)
    })
}

/// Who answers a person: the controller and the recipients (the access export's part).
#[derive(Clone, Debug, Default)]
pub struct Answering {
    pub controller: Controller,
    pub recipients: Vec<Recipient>,
}

pub(crate) fn answering(tx: &store::Tx) -> Result<Answering, store::StoreError> {
    Ok(Answering {
        controller: store::controller::get(tx)?,
        recipients: store::controller::recipients(tx)?,
    })
}

/// Recipients serving any of `purposes` (or every purpose: none linked).
fn serving<'a>(all: &'a [Recipient], purposes: &[&str]) -> Vec<&'a Recipient> {
    all.iter()
        .filter(|r| {
            r.purposes.is_empty() || r.purposes.iter().any(|p| purposes.contains(&p.as_str()))
        })
        .collect()
}

/// The access export's part about who holds and receives the data (Art. 15(1)(c), 15(2), 77;
/// the recipients by name, CJEU C-154/21), for the purposes that apply to the person.
pub(crate) fn answering_json(a: &Answering, purposes: &[&str]) -> Value {
    let c = &a.controller;
    let authority = c.supervisory_authority();
    let recipients = serving(&a.recipients, purposes);
    json!({
        "controller": {"name": c.name, "org_number": c.org_number, "address": c.address, "email": c.email,
                       "representative": c.representative},
        "dpo": {"name": c.dpo_name, "email": c.dpo_email},
        "recipients": recipients.iter().map(|r| json!({"name": r.name, "role": r.role.as_str(), "country": r.country,
            "purposes": if r.purposes.is_empty() { vec!["all".to_string()] } else { r.purposes.clone() }})).collect::<Vec<_>>(),
        "transfers": recipients.iter().filter(|r| r.is_transfer()).map(|r| json!({"recipient": r.name, "country": r.country,
            "safeguard": r.safeguard.map(|s| s.as_str()), "safeguard_text": r.safeguard.map(|s| s.describe())})).collect::<Vec<_>>(),
        "supervisory_authority": {"name": authority.name, "address": authority.address, "email": authority.email, "web": authority.web},
    })
}

/// The same part as HTML for `report.html`, read from the data document.
pub(crate) fn answering_html(doc: &Value) -> String {
    use crate::documents::html::esc;
    let s = |v: &Value| {
        let t = v.as_str().unwrap_or("");
        if t.is_empty() {
            "not given".to_string()
        } else {
            esc(t)
        }
    };
    let mut h = String::from("<h2>Who is answering, and who receives your data</h2>\n<table>");
    let c = &doc["controller"];
    h += &format!(
        "<tr><th>Controller</th><td>{} (org. no. {})<br>{}<br>{}</td></tr>",
        s(&c["name"]),
        s(&c["org_number"]),
        s(&c["address"]),
        s(&c["email"])
    );
    h += &format!(
        "<tr><th>Data protection officer</th><td>{} {}</td></tr></table>\n",
        s(&doc["dpo"]["name"]),
        s(&doc["dpo"]["email"])
    );
    h += "<h3>Recipients</h3>\n<table><tr><th>Name</th><th>Role</th><th>Country</th></tr>";
    let recipients = doc["recipients"].as_array().cloned().unwrap_or_default();
    if recipients.is_empty() {
        h += "<tr><td colspan=\"3\">Nobody outside the firm receives your data.</td></tr>";
    }
    for r in &recipients {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            s(&r["name"]),
            s(&r["role"]).replace('_', " "),
            s(&r["country"])
        );
    }
    h += "</table>\n<h3>Transfers outside the EU/EEA</h3>\n<p>";
    let transfers = doc["transfers"].as_array().cloned().unwrap_or_default();
    if transfers.is_empty() {
        h += "None.";
    }
    for t in &transfers {
        h += &format!(
            "{} ({}): {}<br>",
            s(&t["recipient"]),
            s(&t["country"]),
            s(&t["safeguard_text"])
        );
    }
    let a = &doc["supervisory_authority"];
    h += &format!(
        "</p>\n<h3>Where to complain</h3>\n<p>{}, {}, {}, {}</p>\n",
        s(&a["name"]),
        s(&a["address"]),
        s(&a["email"]),
        s(&a["web"])
    );
    h
}

/// Which categories of data subjects a purpose concerns, from its basis.
fn subjects(p: &Purpose) -> &'static str {
    match p.legal_basis {
        LegalBasis::Contract => "customers; contact persons at customer organisations",
        LegalBasis::Consent => {
            "leads, prospects, customers, former customers and contact persons at organisations who gave consent for this purpose"
        }
        LegalBasis::LegitimateInterest => {
            "customers and former customers within the retention period; contact persons at organisations"
        }
        LegalBasis::LegalObligation => "customers and former customers",
    }
}

fn retention_text(kind: &str, months: Option<u32>) -> Option<String> {
    match (kind, months) {
        ("after_last_activity", Some(m)) => Some(format!(
            "{m} months; starts at the last activity with the person (a meeting, a purchase, an email)"
        )),
        ("until_consent_ends", _) => Some(
            "while the consent is valid; ends when it is withdrawn or expires (its validity is set per purpose)"
                .into(),
        ),
        _ => None,
    }
}

/// The security measures that are true of this store (`data_dir` holds its vault).
fn security(data_dir: &Path, export_days: i64, last_backup: Option<Instant>) -> Section {
    let key = match crate::vault::read(data_dir).map(|v| v.protection) {
        Ok(crate::vault::Protection::Passphrase { .. }) => {
            "the data key is wrapped by a passphrase (Argon2id, 64 MiB; XChaCha20-Poly1305)"
        }
        Ok(crate::vault::Protection::Keyring { .. }) => {
            "the data key is kept in the operating system's keyring"
        }
        Err(_) => "the data key is held outside the database (vault not readable here)",
    };
    let fields = vec![
        Field::new(
            "Encryption at rest",
            Some(format!(
                "SQLCipher 4: every page encrypted with AES-256 and authenticated with HMAC-SHA512; {key}; a recovery key is shown once"
            )),
        ),
        Field::new(
            "Erasure",
            Some("rows deleted with secure_delete (pages zeroed), the full-text index with FTS5 secure-delete, the write-ahead log truncated; a tombstone keeps only a random id".into()),
        ),
        Field::new(
            "Audit log",
            Some("append-only (triggers refuse changes) and hash-chained with SHA-256; holds no personal values".into()),
        ),
        Field::new(
            "Exports",
            Some(format!("every file with personal data is registered and deleted after {export_days} days or when its person is erased; access packages can be AES-256 encrypted")),
        ),
        Field::new(
            "Backups",
            Some(match last_backup {
                Some(at) => format!("encrypted copies keyed like the store; last backup {}; erasures since a backup are replayed on restore", at.format("%Y-%m-%d")),
                None => "no backup made with Rapport yet".into(),
            }),
        ),
    ];
    Section {
        title: "Security measures (Art. 30(1)(g), 32)".into(),
        fields,
    }
}

fn lifecycle(customer_months: u32, grace_days: i64) -> Section {
    let f = |label: &str, text: String| Field::new(label, Some(text));
    Section {
        title: "Lifecycle: from lead to inactive".into(),
        fields: vec![
            f("Lead", format!("name, organisation, contact details and where they came from (Art. 14); kept while a purpose's basis applies, otherwise erased {grace_days} days after being added")),
            f("Prospect", "as a lead, plus preferences (channels, interests) and consents given; kept while a consent or a legitimate interest applies".into()),
            f("Customer", "as a prospect, plus the relationship needed for the contract (Art. 6(1)(b))".into()),
            f("Former customer", format!("kept {customer_months} months after the last activity for the customer relationship, and while consents are valid")),
            f("Inactive", "when no basis is left the retention sweep erases the person: rows, index entries and exports holding them go; a tombstone with a random id remains".into()),
        ],
    }
}

/// Assembles the record as of `now` (version = the next one to keep).
pub fn assemble(store: &Store, now: Instant) -> Result<Record, PrivacyError> {
    let data_dir = store
        .path()
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    Ok(store.read(|tx| {
        let c = store::controller::get(tx)?;
        let recipients = store::controller::recipients(tx)?;
        let policy = store::facts::retention_policy(tx)?;
        let export_days = super::exports_register::expiry_days(tx)?;
        let last_backup = store::backup::last_backup(tx)?;
        let opt = |s: &str| Some(s.to_string());
        let controller_line = format!(
            "{} ({}); DPO: {}",
            if c.name.is_empty() { "missing" } else { &c.name },
            if c.email.is_empty() { "missing" } else { &c.email },
            if c.dpo_name.is_empty() { "none appointed" } else { &c.dpo_name }
        );
        let controller = Section {
            title: "Controller (Art. 30(1)(a))".into(),
            fields: vec![
                Field::new("Name", opt(&c.name)),
                Field::new("Organisation number", opt(&c.org_number)),
                Field::new("Address", opt(&c.address)),
                Field::new("Contact email", opt(&c.email)),
                Field::new("Representative (Art. 27)", Some(if c.representative.is_empty() { "none (established in the EU)".into() } else { c.representative.clone() })),
                Field::new("Data protection officer", Some(if c.dpo_name.is_empty() { "none appointed".into() } else { format!("{} {}", c.dpo_name, c.dpo_email) })),
                Field::new("Supervisory authority", Some(c.supervisory_authority().name.into())),
            ],
        };
        let mut purposes = Vec::new();
        for p in store::purposes::list(tx)? {
            let (note, source) = store::controller::purpose_note(tx, p.id.0)?;
            let (kind, months) = store::controller::raw_retention(tx, p.id.0)?;
            let serving = serving(&recipients, &[p.name.as_str()]);
            let recipients_text = serving
                .iter()
                .map(|r| format!("{} ({}, {})", r.name, r.role.as_str().replace('_', " "), r.country))
                .collect::<Vec<_>>()
                .join("; ");
            let transfers = serving
                .iter()
                .filter(|r| r.is_transfer())
                .map(|r| format!("{} in {}: {}", r.name, r.country, r.safeguard.map_or("missing", Safeguard::describe)))
                .collect::<Vec<_>>()
                .join("; ");
            let mut fields = vec![
                Field::new("(a) Controller", Some(controller_line.clone())),
                Field::new("(b) Purpose", opt(&p.description)),
                Field::new("(b) Legal basis", Some(p.legal_basis.article().into())),
            ];
            if p.legal_basis == LegalBasis::LegitimateInterest {
                fields.push(Field::new("(b) Balancing of interests", opt(&note)));
            }
            let categories = p.categories.iter().map(|c| c.as_str().replace('_', " ")).collect::<Vec<_>>().join(", ");
            fields.extend([
                Field::new("(c) Categories of data subjects", Some(subjects(&p).into())),
                Field::new("(c) Categories of personal data", opt(&categories)),
                Field::new("Source of the data", Some(if source.is_empty() {
                    "from the person (forms, meetings, email), events and imported lists; each contact records its own source".into()
                } else { source })),
                Field::new("(d) Recipients", Some(if recipients_text.is_empty() { "none: no one outside the firm".into() } else { recipients_text })),
                Field::new("(e) Transfers outside the EU/EEA", Some(if transfers.is_empty() { "none".into() } else { transfers })),
                Field::new("(f) Retention and the event that starts it", retention_text(&kind, months)),
                Field::new("(g) Security measures", Some("see \"Security measures\": SQLCipher AES-256 at rest, secure erasure, hash-chained audit log, expiring exports".into())),
            ]);
            purposes.push(Section { title: format!("Purpose: {}", p.name), fields });
        }
        Ok(Record {
            title: "Record of processing activities (GDPR Art. 30)".into(),
            version: store::controller::next_record_version(tx)?,
            date: now.format("%Y-%m-%d").to_string(),
            controller,
            purposes,
            lifecycle: lifecycle(policy.customer_months, policy.grace_days),
            security: security(&data_dir, export_days, last_backup),
        })
    })?)
}

/// What was generated.
#[derive(Clone, Debug)]
pub struct Generated {
    pub version: i64,
    pub html: Option<(PathBuf, String)>,
    pub pdf: Option<(PathBuf, String)>,
    pub missing: Vec<String>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Writes the record as HTML and/or PDF and keeps its version, date and hashes in the store.
pub fn generate(
    store: &mut Store,
    html: Option<&Path>,
    pdf: Option<&Path>,
    now: Instant,
) -> Result<Generated, PrivacyError> {
    if html.is_none() && pdf.is_none() {
        return Err(PrivacyError::Invalid(
            "say where to write the record: --html FILE and/or --pdf FILE".into(),
        ));
    }
    let record = assemble(store, now)?;
    let html_text = crate::documents::html::render(&record);
    let date = (
        now.format("%Y").to_string().parse().unwrap_or(2026),
        now.format("%m").to_string().parse().unwrap_or(1),
        now.format("%d").to_string().parse().unwrap_or(1),
    );
    let pdf_bytes = match pdf {
        Some(_) => Some(
            crate::documents::pdf::render(&record, date)
                .map_err(|e| PrivacyError::Invalid(format!("{e}; nothing was written")))?,
        ),
        None => None,
    };
    let mut out = Generated {
        version: record.version,
        html: None,
        pdf: None,
        missing: record.missing(),
    };
    let write = |path: &Path, bytes: &[u8]| {
        crate::atomic::write(path, bytes)
            .map_err(|e| PrivacyError::Io(path.to_path_buf(), e.kind()))
    };
    if let Some(p) = html {
        write(p, html_text.as_bytes())?;
        out.html = Some((p.to_path_buf(), sha256_hex(html_text.as_bytes())));
    }
    if let (Some(p), Some(bytes)) = (pdf, &pdf_bytes) {
        write(p, bytes)?;
        out.pdf = Some((p.to_path_buf(), sha256_hex(bytes)));
    }
    let html_hash = sha256_hex(html_text.as_bytes());
    let pdf_hash = out.pdf.as_ref().map(|(_, h)| h.clone());
    store.write(|tx| {
        store::controller::add_record_issue(
            tx,
            record.version,
            now,
            &html_hash,
            pdf_hash.as_deref(),
        )?;
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Record, None).detail(format!(
                "version={} missing={}",
                record.version,
                out.missing.len()
            )),
        )?;
        Ok::<_, PrivacyError>(())
    })?;
    Ok(out)
}

/// Every kept record: (version, when, HTML SHA-256, PDF SHA-256).
pub fn issues(store: &Store) -> Result<Vec<store::controller::RecordIssue>, PrivacyError> {
    Ok(store.read(store::controller::record_issues)?)
}

/// The roles a recipient may have, for help texts.
pub fn role_codes() -> String {
    Role::ALL
        .iter()
        .map(|r| r.as_str().replace('_', "-"))
        .collect::<Vec<_>>()
        .join(", ")
}
