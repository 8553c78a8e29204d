//! Access and portability export (GDPR Art. 15 + 20), one step: `data.json` (everything held,
//! versioned schema `rapport.access-export/1`, documented in the README), `report.html` (the
//! same for a human, readable without Rapport) and `contact.vcf` (vCard 4.0). Files are written
//! atomically; the export is recorded in the audit log in the same step.

use super::PrivacyError;
use crate::domain::audit::{AuditEvent, NewEvent};
use crate::domain::{Action, Contact, ContactId, Instant, Purpose};
use crate::exchange::vcard_out;
use crate::store::{self, Store};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const SCHEMA: &str = "rapport.access-export/1";

/// Every column of the store, and where the access export carries it. The export completeness
/// test fails when a table or column exists that is in neither list below.
pub const EXPORTED_COLUMNS: &[(&str, &[&str])] = &[
    (
        "contact",
        &[
            "id",
            "given_name",
            "family_name",
            "display_name",
            "organisation",
            "title",
            "stage",
            "source_kind",
            "source_detail",
            "channels",
            "language",
            "restricted",
            "created_at",
            "updated_at",
            "last_contacted_at",
            "interests_yes",
            "interests_no",
        ],
    ),
    ("contact_point", &["kind", "label", "value", "preferred"]),
    (
        "consent",
        &[
            "purpose_id",
            "given_at",
            "expires_at",
            "source_kind",
            "source_ref",
            "wording_version",
            "withdrawn_at",
        ],
    ),
    ("objection", &["scope", "objected_at"]),
    (
        "audit_event",
        &["seq", "at", "actor", "action", "subject", "detail"],
    ),
];

/// Columns that hold no personal data of their own (keys, derived values, firm vocabulary).
pub const NOT_PERSONAL: &[(&str, &[&str])] = &[
    // --- team-merge (schema 7) ---
    // The team change log holds copies of a contact's exported fields (the same values, as
    // JSON, keyed by the contact's random id) and the team's own ids, keys and clocks; the
    // roster (member names of the firm's staff, not of data subjects) is encrypted in the
    // segment format. An erasure deletes a person's rows here in its own transaction.
    (
        "team_self",
        &[
            "one",
            "team_id",
            "name",
            "folder",
            "device_id",
            "member_id",
            "device_keys",
            "team_key",
            "state",
            "clock",
            "published",
            "seq",
            "prev",
            "compact_due",
            "last_round",
            "join_request",
            "pending",
        ],
    ),
    ("team_epoch", &["epoch", "key"]),
    (
        "team_field",
        &["entity", "id", "field", "value", "hlc", "device"],
    ),
    ("team_cursor", &["device", "seq", "digest", "last_seen"]),
    ("team_consent", &["consent_id", "uid"]),
    ("team_roster", &["one", "bytes"]),
    ("team_invite", &["id", "secret", "expires_at", "used_at"]),
    // `point_kinds` is derived from the contact's points (exported themselves).
    ("contact", &["seq", "point_kinds"]),
    (
        "contact_point",
        // The codes are exported as `kind` and `label`; the normalised form is derived.
        &[
            "id",
            "contact_seq",
            "normalized",
            "normalized_diff",
            "kind_code",
            "label_code",
        ],
    ),
    ("consent", &["id", "contact_seq"]),
    ("objection", &["contact_seq"]),
    ("audit_event", &["prev_hash", "hash"]),
    ("meta", &["key", "value"]),
    ("counter", &["name", "value"]),
    ("interest", &["id", "name", "label"]),
    (
        "purpose",
        &[
            "id",
            "name",
            "description",
            "legal_basis",
            "marketing",
            "retention_kind",
            "retention_months",
            "categories",
            "consent_months",
        ],
    ),
    ("consent_wording", &["purpose_id", "version", "text"]),
    (
        "tombstone",
        &["subject", "erased_at", "reason", "requested_by"],
    ),
    ("suppression", &["hash"]),
    ("setting", &["key", "value"]),
];

/// Everything gathered for one export.
struct Gathered {
    contact: Contact,
    consents: Vec<crate::domain::Consent>,
    purposes: Vec<Purpose>,
    wordings: Vec<(i64, String, Option<String>)>,
    objections: Vec<(crate::domain::ObjectionScope, Instant)>,
    events: Vec<AuditEvent>,
    customer_months: u32,
}

fn date(at: Instant) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn opt_date(at: Option<Instant>) -> Value {
    at.map_or(Value::Null, |a| Value::String(date(a)))
}

fn document(g: &Gathered, now: Instant) -> Value {
    let c = &g.contact;
    let purpose_name = |id| {
        g.purposes
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let consents: Vec<Value> = g
        .consents
        .iter()
        .map(|k| {
            let p = g.purposes.iter().find(|p| p.id == k.purpose);
            let wording = g.wordings.iter().find(|(pid, v, _)| *pid == k.purpose.0 && *v == k.wording_version).and_then(|w| w.2.clone());
            json!({
                "purpose": purpose_name(k.purpose),
                "legal_basis": p.map(|p| p.legal_basis.as_str()),
                "status": k.status(now).as_str(),
                "current": crate::domain::consent::current(&g.consents, k.purpose).map(|cur| cur.id) == Some(k.id),
                "given_at": date(k.given_at),
                "expires_at": opt_date(k.expires_at),
                "withdrawn_at": opt_date(k.withdrawn_at),
                "source": {"kind": k.source.kind.as_str(), "reference": k.source.reference},
                "wording_version": k.wording_version,
                "wording": wording,
            })
        })
        .collect();
    let purposes: Vec<Value> = g
        .purposes
        .iter()
        .map(|p| {
            let current = crate::domain::consent::current(&g.consents, p.id);
            let applies = crate::domain::audience::basis(
                c.stage,
                c.last_activity(),
                current.map_or(crate::domain::ConsentStatus::None, |k| k.status(now)),
                p,
                g.customer_months,
                now,
            )
            .is_ok();
            json!({
                "name": p.name,
                "description": p.description,
                "legal_basis": p.legal_basis.as_str(),
                "legal_basis_article": p.legal_basis.article(),
                "marketing": p.marketing,
                "retention": p.retention.describe(),
                "data_categories": p.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "applies_now": applies,
            })
        })
        .collect();
    json!({
        "schema": SCHEMA,
        "exported_at": date(now),
        "subject_id": c.id.to_string(),
        "identity": {
            "display_name": c.display_name,
            "given_name": c.given_name,
            "family_name": c.family_name,
            "organisation": c.organisation,
            "title": c.title,
        },
        "lifecycle_stage": c.stage.as_str(),
        "source": {"kind": c.source.kind.as_str(), "detail": c.source.detail},
        "created_at": date(c.created_at),
        "updated_at": date(c.updated_at),
        "last_contacted_at": opt_date(c.last_contacted_at),
        "contact_points": c.points.iter().map(|p| json!({"kind": p.kind.as_str(), "label": p.label.as_str(), "value": p.value, "preferred": p.preferred})).collect::<Vec<_>>(),
        "preferences": {
            "channels": c.preferences.channels.iter().map(|ch| ch.as_str()).collect::<Vec<_>>(),
            "interests": c.preferences.interests.iter().map(|(k, v)| (k.clone(), Value::String(v.as_str().into()))).collect::<serde_json::Map<_, _>>(),
            "language": c.preferences.language,
        },
        "consents": consents,
        "objections": g.objections.iter().map(|(s, at)| json!({"channel": s.as_str(), "objected_at": date(*at)})).collect::<Vec<_>>(),
        "restricted": c.restricted,
        "purposes": purposes,
        "audit_events": g.events.iter().map(|e| json!({"seq": e.seq, "at": date(e.at), "actor": e.actor, "action": e.action, "detail": e.detail})).collect::<Vec<_>>(),
        "rights": RIGHTS.iter().map(|(k, v)| json!({"right": k, "how": v})).collect::<Vec<_>>(),
    })
}

const RIGHTS: &[(&str, &str)] = &[
    (
        "Access (Art. 15)",
        "You may ask at any time what we hold about you; this document is that answer.",
    ),
    (
        "Rectification (Art. 16)",
        "You may have inaccurate data corrected.",
    ),
    (
        "Erasure (Art. 17)",
        "You may ask us to erase your data; we keep only a note that we did, without your name or details.",
    ),
    (
        "Restriction (Art. 18)",
        "You may ask us to keep your data but not use it.",
    ),
    (
        "Portability (Art. 20)",
        "data.json and contact.vcf carry your data in machine-readable formats.",
    ),
    (
        "Objection (Art. 21)",
        "You may object to direct marketing at any time, on any channel; we then stop.",
    ),
    (
        "Withdraw consent (Art. 7(3))",
        "You may withdraw any consent as easily as you gave it.",
    ),
    (
        "Complaint (Art. 77)",
        "You may complain to your data protection supervisory authority.",
    ),
];

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn report(doc: &Value) -> String {
    let s = |v: &Value| esc(v.as_str().unwrap_or(""));
    let mut h = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>What we hold about you</title>\n<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.45;color:#222}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}h2{margin-top:1.6em}</style></head><body>\n",
    );
    h += "<h1>What we hold about you</h1>\n";
    h += &format!(
        "<p>Made on {} (UTC). Your reference: <code>{}</code>.</p>\n",
        s(&doc["exported_at"]),
        s(&doc["subject_id"])
    );
    h += "<h2>Who you are to us</h2>\n<table>";
    for (label, key) in [
        ("Name", "display_name"),
        ("Given name", "given_name"),
        ("Family name", "family_name"),
        ("Organisation", "organisation"),
        ("Title", "title"),
    ] {
        h += &format!(
            "<tr><th>{label}</th><td>{}</td></tr>",
            s(&doc["identity"][key])
        );
    }
    h += &format!(
        "<tr><th>Relationship</th><td>{}</td></tr>",
        s(&doc["lifecycle_stage"]).replace('_', " ")
    );
    h += &format!(
        "<tr><th>Where your data came from</th><td>{} {}</td></tr>",
        s(&doc["source"]["kind"]).replace('_', " "),
        s(&doc["source"]["detail"])
    );
    h += &format!(
        "<tr><th>Held since</th><td>{}</td></tr><tr><th>Last changed</th><td>{}</td></tr>",
        s(&doc["created_at"]),
        s(&doc["updated_at"])
    );
    h += &format!(
        "<tr><th>Use restricted (Art. 18)</th><td>{}</td></tr></table>\n",
        if doc["restricted"] == true {
            "yes"
        } else {
            "no"
        }
    );
    h += "<h2>How we can reach you</h2>\n<table><tr><th>Kind</th><th>Label</th><th>Value</th></tr>";
    for p in doc["contact_points"].as_array().into_iter().flatten() {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            s(&p["kind"]),
            s(&p["label"]),
            s(&p["value"])
        );
    }
    h += "</table>\n<h2>Your preferences</h2>\n<table>";
    let channels: Vec<String> = doc["preferences"]["channels"]
        .as_array()
        .into_iter()
        .flatten()
        .map(s)
        .collect();
    h += &format!(
        "<tr><th>Channels you accept</th><td>{}</td></tr>",
        if channels.is_empty() {
            "none recorded".into()
        } else {
            channels.join(", ")
        }
    );
    if let Some(map) = doc["preferences"]["interests"].as_object() {
        for (k, v) in map {
            h += &format!("<tr><th>Interest: {}</th><td>{}</td></tr>", esc(k), s(v));
        }
    }
    h += &format!(
        "<tr><th>Language</th><td>{}</td></tr></table>\n",
        s(&doc["preferences"]["language"])
    );
    h += "<h2>Your consents</h2>\n<table><tr><th>Purpose</th><th>Status</th><th>Given</th><th>Until</th><th>Withdrawn</th><th>Proof</th><th>Wording shown</th></tr>";
    for k in doc["consents"].as_array().into_iter().flatten() {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td><td>v{}: {}</td></tr>",
            s(&k["purpose"]),
            s(&k["status"]),
            s(&k["given_at"]),
            s(&k["expires_at"]),
            s(&k["withdrawn_at"]),
            s(&k["source"]["kind"]).replace('_', " "),
            s(&k["source"]["reference"]),
            s(&k["wording_version"]),
            s(&k["wording"])
        );
    }
    h += "</table>\n";
    let objections: Vec<String> = doc["objections"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| format!("{} (since {})", s(&o["channel"]), s(&o["objected_at"])))
        .collect();
    h += &format!(
        "<h2>Objections to marketing</h2>\n<p>{}</p>\n",
        if objections.is_empty() {
            "None.".into()
        } else {
            objections.join(", ")
        }
    );
    h += "<h2>Why we hold it, and for how long</h2>\n<table><tr><th>Purpose</th><th>Legal basis</th><th>Kept</th><th>Data used</th><th>Applies to you now</th></tr>";
    for p in doc["purposes"].as_array().into_iter().flatten() {
        let cats: Vec<String> = p["data_categories"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| s(c).replace('_', " "))
            .collect();
        h += &format!(
            "<tr><td><b>{}</b><br>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            s(&p["name"]),
            s(&p["description"]),
            s(&p["legal_basis_article"]),
            s(&p["retention"]),
            cats.join(", "),
            if p["applies_now"] == true {
                "yes"
            } else {
                "no"
            }
        );
    }
    h += "</table>\n<h2>What was done with your data</h2>\n<table><tr><th>When</th><th>What</th><th>By</th></tr>";
    for e in doc["audit_events"].as_array().into_iter().flatten() {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            s(&e["at"]),
            s(&e["action"]).replace('_', " "),
            s(&e["actor"])
        );
    }
    h += "</table>\n<h2>Your rights</h2>\n<ul>";
    for r in doc["rights"].as_array().into_iter().flatten() {
        h += &format!("<li><b>{}</b>: {}</li>", s(&r["right"]), s(&r["how"]));
    }
    h += "</ul>\n</body></html>\n";
    h
}

/// What was written.
#[derive(Clone, Debug)]
pub struct Written {
    pub path: PathBuf,
}

/// The export's parts, built in memory (also used by the GUI and tests).
pub struct Package {
    pub data_json: String,
    pub report_html: String,
    pub contact_vcf: String,
}

fn gather(store: &Store, id: ContactId) -> Result<Gathered, PrivacyError> {
    Ok(store.read(|tx| {
        let contact = store::contacts::get(tx, id)?.ok_or(store::StoreError::NotFound)?;
        let consents = store::consents::list_for(tx, id)?;
        let purposes = store::purposes::list(tx)?;
        let mut wordings = Vec::new();
        for k in &consents {
            wordings.push((
                k.purpose.0,
                k.wording_version.clone(),
                store::purposes::wording(tx, k.purpose, &k.wording_version)?,
            ));
        }
        let objections = store::consents::objections(tx, id)?;
        let events = store::audit::for_subject(tx, id)?;
        let customer_months = store::facts::retention_policy(tx)?.customer_months;
        Ok(Gathered {
            contact,
            consents,
            purposes,
            wordings,
            objections,
            events,
            customer_months,
        })
    })?)
}

/// The data document of one person (`rapport.access-export/1`), without recording anything.
pub fn data_document(
    store: &Store,
    id: ContactId,
    now: Instant,
) -> Result<(Value, Contact), PrivacyError> {
    let g = gather(store, id)?;
    Ok((document(&g, now), g.contact))
}

/// Gathers and renders everything about the person (the caller records the export).
pub fn package(store: &Store, id: ContactId, now: Instant) -> Result<Package, PrivacyError> {
    let (doc, contact) = data_document(store, id, now)?;
    Ok(Package {
        data_json: serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n",
        report_html: report(&doc),
        contact_vcf: vcard_out::write(&contact, vcard_out::Version::V4),
    })
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> PrivacyError + '_ {
    move |e| PrivacyError::Io(path.to_path_buf(), e.kind())
}

/// Writes the package to `out`: a `.json` path gets only the data document; anything else gets
/// the zip (`.zip` is added when missing). The audit event is committed only once the file is in
/// place, and the file is removed again if that commit fails.
pub fn export(
    store: &mut Store,
    id: ContactId,
    out: &Path,
    now: Instant,
) -> Result<Written, PrivacyError> {
    let pkg = package(store, id, now)?;
    let is_json = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let path = if is_json
        || out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        out.to_path_buf()
    } else {
        let mut p = out.as_os_str().to_owned();
        p.push(".zip");
        PathBuf::from(p)
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    if is_json {
        crate::atomic::write(&path, pkg.data_json.as_bytes()).map_err(io(&path))?;
    } else {
        crate::atomic::write_with(&path, |f| write_zip(f, &pkg)).map_err(io(&path))?;
    }
    let recorded = store.write(|tx| {
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Export, Some(id)).detail(if is_json {
                "format=json"
            } else {
                "format=zip"
            }),
        )
    });
    if let Err(e) = recorded {
        let _ = std::fs::remove_file(&path);
        return Err(e.into());
    }
    Ok(Written { path })
}

fn write_zip(file: &mut std::fs::File, pkg: &Package) -> std::io::Result<()> {
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("data.json", &pkg.data_json),
        ("report.html", &pkg.report_html),
        ("contact.vcf", &pkg.contact_vcf),
    ] {
        zip.start_file(name, opts).map_err(std::io::Error::other)?;
        zip.write_all(body.as_bytes())?;
    }
    zip.finish().map_err(std::io::Error::other)?;
    Ok(())
}
