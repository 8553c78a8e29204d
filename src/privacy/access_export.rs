//! Access and portability export (GDPR Art. 15 + 20), one step: `data.json` (everything held,
//! versioned schema `rapport.access-export/1`, documented in the README), `report.html` (the
//! same for a human, readable without Rapport, in the person's language: `access_report`) and
//! `contact.vcf` (vCard 4.0). Files are written atomically; the export is recorded in the audit
//! log in the same step.

use super::{PrivacyError, access_report};
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
    // Issue 15: the person's activities (with outcome, purpose and organisation by name) and
    // follow-ups.
    (
        "activity",
        &[
            "kind",
            "happened_at",
            "organisation_id",
            "purpose_id",
            "outcome_id",
        ],
    ),
    ("follow_up", &["kind", "due_on", "state", "closed_at"]),
    // Issue 14: the person's requests and the files holding their data are part of the answer.
    (
        "request",
        &[
            "id",
            "kind",
            "via",
            "subject",
            "received_on",
            "status",
            "paused_since",
            "paused_days",
            "verify_method",
            "extended_on",
            "extend_reason",
            "refuse_reason",
            "outcome",
            "closed_on",
        ],
    ),
    ("export_subject", &["export_id", "subject"]),
    (
        "export_file",
        &["kind", "why", "created_at", "expires_at", "deleted_at"],
    ),
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
    ("team_cursor", &["device", "seq", "digest", "last_seen"]),
    // --- sync-speed (schema 17) ---
    // The compact change log that replaced `team_field`: the same copies, with codes for
    // entities, field names (the firm's field and interest names) and device ids.
    (
        "team_change",
        &["entity", "id", "field", "value", "hlc", "device"],
    ),
    ("team_name", &["code", "name"]),
    ("team_device", &["code", "device"]),
    ("team_outbox", &["entity", "id", "field"]),
    ("team_consent", &["consent_id", "uid"]),
    ("team_roster", &["one", "bytes"]),
    ("team_invite", &["id", "secret", "expires_at", "used_at"]),
    // --- team-everyday (0016) ---
    // Random uids of organisations, activities, follow-ups and requests mapped to local row
    // ids, and which contact ids an activity links: ids only (the rows are exported
    // themselves). An erasure deletes the person's rows here in its own transaction.
    ("team_ref", &["entity", "uid", "local_id"]),
    ("team_link", &["activity", "contact"]),
    // --- team-audit (schema 10) ---
    // Random ids of the firm's devices and members (the export names the members who processed
    // the person's data, from the roster) and the other devices' audit chains: the events about
    // the person are exported through `processed_by` and the local events.
    ("team_self", &["audit_published"]),
    ("audit_event", &["device", "member"]),
    (
        "team_audit",
        &[
            "device",
            "seq",
            "at",
            "actor",
            "action",
            "subject",
            "detail",
            "ev_device",
            "ev_member",
            "prev_hash",
            "hash",
        ],
    ),
    ("team_audit_head", &["device", "seq", "hash"]),
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
    // The organisation is exported by name (`identity.organisation`); company data otherwise.
    ("contact", &["organisation_id"]),
    (
        "organisation",
        &[
            "id",
            "name",
            "org_number",
            "industry_id",
            "address",
            "web",
            "explicit",
            "created_at",
            "updated_at",
        ],
    ),
    ("industry", &["id", "code", "label", "retired_at"]),
    ("outcome", &["id", "code", "label", "retired_at"]),
    ("activity", &["id", "contact_seq", "created_at"]),
    (
        "follow_up",
        &["id", "contact_seq", "activity_id", "created_at"],
    ),
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
    // Issue 14: the firm's own records (who it is, who receives data, what it documented).
    // The controller's and DPO's contact details are exported as who is answering.
    (
        "controller",
        &[
            "id",
            "name",
            "org_number",
            "address",
            "email",
            "dpo_name",
            "dpo_email",
            "representative",
        ],
    ),
    ("recipient", &["id", "name", "role", "country", "safeguard"]),
    ("recipient_purpose", &["recipient_id", "purpose_id"]),
    ("purpose_note", &["purpose_id", "balancing_note", "source"]),
    // An export's own row: its path may name the person, and is shown only in the register.
    ("export_file", &["id", "path", "subjects"]),
    (
        "record_issue",
        &["id", "generated_at", "version", "html_sha256", "pdf_sha256"],
    ),
];

/// Everything gathered for one export.
struct Gathered {
    contact: Contact,
    consents: Vec<crate::domain::Consent>,
    purposes: Vec<Purpose>,
    wordings: Vec<(i64, String, Option<String>)>,
    objections: Vec<(crate::domain::ObjectionScope, Instant)>,
    events: Vec<AuditEvent>,
    /// Who processed the person's data: (member id, name) of each member whose events are
    /// about them; in a solo store one entry (None, None): "you".
    processed_by: Vec<Processor>,
    customer_months: u32,
    activities: Vec<crate::domain::activity::Activity>,
    follow_ups: Vec<crate::domain::activity::FollowUp>,
    answering: super::record::Answering,
    requests: Vec<crate::domain::request::Request>,
    exports: Vec<crate::store::exports::ExportFile>,
    /// Answers only the team's change log holds (this laptop's vocabulary was full).
    unplaced: std::collections::BTreeMap<String, crate::domain::preference::Answer>,
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
    let applying: Vec<&str> = purposes
        .iter()
        .filter(|p| p["applies_now"] == true)
        .filter_map(|p| p["name"].as_str())
        .collect();
    let who = super::record::answering_json(&g.answering, &applying);
    json!({
        "schema": SCHEMA,
        "exported_at": date(now),
        "controller": who["controller"],
        "dpo": who["dpo"],
        "recipients": who["recipients"],
        "transfers": who["transfers"],
        "supervisory_authority": who["supervisory_authority"],
        "requests": g.requests.iter().map(|q| json!({
            "type": q.kind.as_str(), "via": q.via.as_str(), "received_at": q.received_on.to_string(),
            "status": q.status.as_str(), "outcome": q.outcome.map(|o| o.as_str()),
        })).collect::<Vec<_>>(),
        "exported_files": g.exports.iter().map(|f| json!({
            "kind": f.kind, "why": f.why, "created_at": date(f.created_at), "expires_at": date(f.expires_at),
        })).collect::<Vec<_>>(),
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
            // Every answer the person gave, also those only the team's change log holds.
            "interests": c.preferences.interests.iter().chain(g.unplaced.iter()).map(|(k, v)| (k.clone(), Value::String(v.as_str().into()))).collect::<serde_json::Map<_, _>>(),
            "interests_not_placed": g.unplaced.keys().collect::<Vec<_>>(),
            "language": c.preferences.language,
        },
        "consents": consents,
        "objections": g.objections.iter().map(|(s, at)| json!({"channel": s.as_str(), "objected_at": date(*at)})).collect::<Vec<_>>(),
        "restricted": c.restricted,
        // Outcome labels, not codes; others who took part are counted, never named.
        "activities": g.activities.iter().map(|a| json!({
            "kind": a.kind.label(), "on": date(a.on), "outcome": a.outcome.label,
            "purpose": a.purpose, "organisation": a.organisation,
            "others_present": a.people.iter().filter(|p| **p != c.id).count(),
        })).collect::<Vec<_>>(),
        "follow_ups": g.follow_ups.iter().map(|f| json!({
            "kind": f.kind.label(), "due_on": date(f.due_on), "state": f.state.as_str(),
        })).collect::<Vec<_>>(),
        "purposes": purposes,
        "processed_by": g.processed_by.iter().map(|(id, name)| match id {
            Some(id) => json!({"member_id": id, "name": name}),
            None => json!({"member_id": null, "name": "you"}),
        }).collect::<Vec<_>>(),
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

/// A member who processed a person's data: (member id, name); (None, None) is "you".
type Processor = (Option<String>, Option<String>);

/// The members whose audit events (this device's and every other device's) are about `id`,
/// with their names from the roster; a solo store answers "you".
fn processed_by(store: &Store, id: ContactId) -> Result<Vec<Processor>, PrivacyError> {
    let who = super::team::audit_sync::who(store, true)?;
    if !who.in_team {
        return Ok(vec![(None, None)]);
    }
    let mut out: Vec<Processor> = Vec::new();
    for e in super::audit::team_events_as(store, Some(id), &who)? {
        let Some(member) = e.member else { continue };
        if out
            .iter()
            .any(|(m, _)| m.as_deref() == Some(member.as_str()))
        {
            continue;
        }
        let name = who.names.get(&member).cloned();
        out.push((Some(member), name));
    }
    Ok(out)
}

fn gather(store: &Store, id: ContactId) -> Result<Gathered, PrivacyError> {
    let processed_by = processed_by(store, id)?;
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
        let seq = store::contacts::seq(tx, id)?;
        let activities = store::activities::for_contact(tx, seq)?;
        let follow_ups = store::activities::follow_ups_for(tx, seq)?;
        let answering = super::record::answering(tx)?;
        let requests = store::requests::list(tx)?
            .into_iter()
            .filter(|q| q.subject.as_deref() == Some(id.to_string().as_str()))
            .collect();
        let exports = store::exports::holding(tx, id)?;
        let unplaced = store::unplaced::interest_answers(tx, id)?;
        Ok(Gathered {
            unplaced,
            activities,
            follow_ups,
            answering,
            requests,
            exports,
            contact,
            consents,
            purposes,
            wordings,
            objections,
            events,
            processed_by,
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
/// `report.html` is in the person's preferred language when the app has it, else English.
pub fn package(store: &Store, id: ContactId, now: Instant) -> Result<Package, PrivacyError> {
    let g = gather(store, id)?;
    let doc = document(&g, now);
    let lang = access_report::language_of(g.contact.preferences.language.as_deref());
    Ok(Package {
        data_json: serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n",
        report_html: access_report::render(&doc, &g.purposes, lang),
        contact_vcf: vcard_out::write(&g.contact, vcard_out::Version::V4),
    })
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> PrivacyError + '_ {
    move |e| PrivacyError::Io(path.to_path_buf(), e.kind())
}

/// How an export is made beyond its path: the request it answers, and a password for the zip.
#[derive(Default)]
pub struct Options {
    /// The register's request this export answers; it is closed with the export.
    pub request: Option<i64>,
    /// Encrypts the zip's entries with AES-256 (WinZip AE-2): 7-Zip, WinZip, PeaZip and
    /// `7z x` open it; macOS Archive Utility and Windows Explorer's built-in zip do not.
    pub password: Option<zeroize::Zeroizing<String>>,
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
    export_with(store, id, out, &Options::default(), now)
}

/// `export` with options: the export, its place in the exports register, its audit event and
/// the request it closes commit together, or the file is removed again.
pub fn export_with(
    store: &mut Store,
    id: ContactId,
    out: &Path,
    opts: &Options,
    now: Instant,
) -> Result<Written, PrivacyError> {
    use crate::domain::request::Outcome;
    if let Some(q) = opts.request {
        super::requests::check_closable(store, q, id, Outcome::Exported, now)?;
    }
    let pkg = package(store, id, now)?;
    let is_json = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json && opts.password.is_some() {
        return Err(PrivacyError::Invalid(
            "a password protects a zip package: give --out a name without .json".into(),
        ));
    }
    if let Some(p) = &opts.password
        && p.chars().count() < 8
    {
        return Err(PrivacyError::Invalid(
            "a package password has at least 8 characters".into(),
        ));
    }
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
        let password = opts.password.as_ref().map(|p| p.as_str());
        crate::atomic::write_with(&path, |f| write_zip(f, &pkg, password)).map_err(io(&path))?;
    }
    let recorded = store.write(|tx| {
        let format = match (is_json, opts.password.is_some()) {
            (true, _) => "format=json",
            (false, false) => "format=zip",
            (false, true) => "format=zip encrypted=aes256",
        };
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Export, Some(id)).detail(format),
        )?;
        super::exports_register::register_in(
            tx,
            &path,
            super::exports_register::Kind::AccessPackage,
            &[id],
            now,
        )?;
        if let Some(q) = opts.request {
            super::requests::close_in(tx, q, id, Outcome::Exported, now)?;
        }
        Ok::<_, PrivacyError>(())
    });
    if let Err(e) = recorded {
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    Ok(Written { path })
}

fn write_zip(
    file: &mut std::fs::File,
    pkg: &Package,
    password: Option<&str>,
) -> std::io::Result<()> {
    let mut zip = zip::ZipWriter::new(file);
    let base = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let opts = match password {
        Some(p) => base.with_aes_encryption(zip::AesMode::Aes256, p),
        None => base,
    };
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
