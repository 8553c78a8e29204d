//! The access report (`report.html`) is written in the person's preferred language when the app
//! has it: Swedish with IMY's terms, English otherwise; values stay escaped in both.

use rapport::domain::PurposeId;
use rapport::domain::purpose::{DataCategory, LegalBasis, Purpose, RetentionRule};
use rapport::i18n::Lang;
use rapport::privacy::access_report::{language_of, render};
use serde_json::json;

fn doc() -> serde_json::Value {
    json!({
        "schema": "rapport.access-export/1",
        "exported_at": "2026-12-01T09:00:00Z",
        "subject_id": "7f1c",
        "identity": {"display_name": "Ingrid <b>Bergström</b>", "given_name": "Ingrid",
                     "family_name": "Bergström", "organisation": "Nordhavn AB", "title": ""},
        "lifecycle_stage": "former_customer",
        "source": {"kind": "web_form", "detail": "Kvarnmässan"},
        "created_at": "2026-01-02T10:00:00Z",
        "updated_at": "2026-11-02T10:00:00Z",
        "contact_points": [{"kind": "email", "label": "work", "value": "ingrid@nordhavn.example"}],
        "preferences": {"channels": ["email", "post"], "interests": {"golf": "yes"}, "language": "sv"},
        "consents": [{"purpose": "Newsletter", "status": "withdrawn", "given_at": "2026-01-02",
                      "expires_at": null, "withdrawn_at": "2026-06-01",
                      "source": {"kind": "signed_form", "reference": "#77"},
                      "wording_version": "1", "wording": "Yes please"}],
        "objections": [{"channel": "all", "objected_at": "2026-06-01"}],
        "restricted": true,
        "purposes": [{"name": "Newsletter", "description": "News", "legal_basis": "legitimate_interest",
                      "retention": "24 months after the last activity", "data_categories": ["contact_details"],
                      "applies_now": false}],
        "audit_events": [{"at": "2026-06-01", "action": "consent_withdrawn", "actor": "local"}],
    })
}

fn purposes() -> Vec<Purpose> {
    vec![Purpose {
        id: PurposeId(1),
        name: "Newsletter".into(),
        description: "News".into(),
        legal_basis: LegalBasis::LegitimateInterest,
        marketing: true,
        retention: RetentionRule::AfterLastActivity { months: 24 },
        categories: vec![DataCategory::ContactDetails],
        consent_months: None,
    }]
}

#[test]
fn a_swedish_speaker_gets_the_report_in_swedish_with_imys_terms() {
    assert_eq!(language_of(Some("sv")), Lang::Sv);
    assert_eq!(language_of(Some("sv-FI")), Lang::Sv);
    let html = render(&doc(), &purposes(), Lang::Sv);
    assert!(html.contains("<html lang=\"sv\">"));
    for term in [
        "Registerutdrag",
        "Rättslig grund",
        "Berättigat intresse (art. 6.1 f dataskyddsförordningen)",
        "Lagringstid",
        "Dina rättigheter",
        "Rätt till radering (art. 17)",
        "Rätt till begränsning av behandling (art. 18)",
        "Rätt att göra invändningar (art. 21)",
        "Återkallat",
        "Undertecknad blankett",
        "Tidigare kund",
        "all marknadsföring (sedan 2026-06-01)",
        "samtycke återkallat",
        "Kontaktuppgifter",
        "Intresse: golf",
        "24 månader efter senaste aktivitet",
    ] {
        assert!(html.contains(term), "the Swedish report lacks {term:?}");
    }
    for english in [
        "Your rights",
        "Legal basis",
        "What we hold about you",
        "months",
    ] {
        assert!(!html.contains(english), "English left in: {english:?}");
    }
    assert!(
        html.contains("Ingrid &lt;b&gt;Bergström&lt;/b&gt;"),
        "values escaped"
    );
}

#[test]
fn anyone_else_gets_english() {
    assert_eq!(language_of(Some("de")), Lang::En);
    assert_eq!(language_of(None), Lang::En);
    assert_eq!(language_of(Some("en-GB")), Lang::En);
    let html = render(&doc(), &purposes(), Lang::En);
    assert!(html.contains("<html lang=\"en\">"));
    for term in [
        "What we hold about you",
        "Your rights",
        "GDPR Art. 6(1)(f) legitimate interest",
        "Former customer",
        "Withdrawn",
        "all marketing (since 2026-06-01)",
        "24 months after the last activity",
    ] {
        assert!(html.contains(term), "the English report lacks {term:?}");
    }
    assert!(html.contains("Ingrid &lt;b&gt;Bergström&lt;/b&gt;"));
}
