//! Synthetic contacts for trying the app and for benchmarks: Nordic and European names, firms,
//! channel preferences, interests, consents with expiry dates spread from the past to two years
//! ahead, some withdrawn, some objections. Deterministic for a seed. Addresses use example.com.

use super::PrivacyError;
use crate::domain::audit::NewEvent;
use crate::domain::preference::DEFAULT_INTERESTS;
use crate::domain::{
    Action, Answer, Channel, Channels, Consent, ConsentSource, Contact, ContactDraft, ContactId,
    ContactPoint, DataSource, Instant, LegalBasis, ObjectionScope, PointKind, PointLabel,
    Preferences, ProofKind, SourceKind, Stage,
};
use crate::store::{self, Store};
use chrono::Duration;

const GIVEN: &[&str] = &[
    "Astrid",
    "Lars",
    "Ingrid",
    "Mikael",
    "Sofia",
    "Erik",
    "Freja",
    "Johan",
    "Karin",
    "Anders",
    "Elin",
    "Henrik",
    "Maja",
    "Nils",
    "Sigrid",
    "Oskar",
    "Liv",
    "Magnus",
    "Ebba",
    "Gustav",
    "Aino",
    "Mikko",
    "Saara",
    "Juha",
    "Helmi",
    "Matti",
    "Sanna",
    "Pekka",
    "Anna",
    "Jonas",
    "Lena",
    "Tobias",
    "Hanna",
    "Lukas",
    "Marie",
    "Stefan",
    "Julia",
    "Felix",
    "Chloé",
    "Mathieu",
    "Élodie",
    "Luca",
    "Giulia",
    "Marco",
    "Sofía",
    "Javier",
    "Lucía",
    "Pieter",
    "Sanne",
    "Jan",
    "Zofia",
    "Piotr",
    "Katarzyna",
    "Søren",
    "Mette",
    "Rasmus",
    "Ólafur",
    "Guðrún",
    "Björn",
    "Åsa",
    "Jörg",
    "Zoë",
];

const FAMILY: &[&str] = &[
    "Lindqvist",
    "Johansson",
    "Andersson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Berg",
    "Holm",
    "Sandberg",
    "Lundgren",
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Hansen",
    "Jensen",
    "Nielsen",
    "Pedersen",
    "Haugen",
    "Solberg",
    "Bakken",
    "Müller",
    "Schmidt",
    "Fischer",
    "Weber",
    "Wagner",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Rossi",
    "Bianchi",
    "García",
    "Fernández",
    "de Vries",
    "Janssen",
    "Kowalski",
    "Nowak",
    "Wiśniewska",
    "Novák",
    "Sigurðsson",
    "Strömberg",
    "Åberg",
    "Öberg",
];

const FIRM_A: &[&str] = &[
    "Nord", "Fjäll", "Havs", "Skog", "Ljus", "Berg", "Sjö", "Vind", "Stål", "Kust", "Alpen",
    "Rhein", "Baltic", "Polar",
];
const FIRM_B: &[&str] = &[
    "teknik", "handel", "bygg", "data", "logistik", "design", "energi", "media", "konsult",
    "maskin",
];
const FIRM_C: &[&str] = &[
    "AB", "Oy", "A/S", "AS", "GmbH", "SARL", "BV", "S.p.A.", "Ltd",
];
const TITLES: &[&str] = &[
    "CEO",
    "Purchasing manager",
    "CTO",
    "Head of sales",
    "Office manager",
    "Buyer",
    "Project lead",
    "CFO",
    "",
];
const CITIES: &[(&str, &str)] = &[
    ("Stockholm", "SE"),
    ("Göteborg", "SE"),
    ("Malmö", "SE"),
    ("Helsinki", "FI"),
    ("Tampere", "FI"),
    ("Oslo", "NO"),
    ("Bergen", "NO"),
    ("København", "DK"),
    ("Aarhus", "DK"),
    ("Hamburg", "DE"),
    ("München", "DE"),
    ("Lyon", "FR"),
    ("Milano", "IT"),
    ("Rotterdam", "NL"),
    ("Kraków", "PL"),
    ("Reykjavík", "IS"),
];
/// A street for each country, so that an address reads like one.
fn street(country: &str) -> &'static str {
    match country {
        "SE" => "Storgatan",
        "FI" => "Mannerheimintie",
        "NO" => "Karl Johans gate",
        "DK" => "Strøget",
        "DE" => "Hauptstraße",
        "FR" => "Rue de la République",
        "IT" => "Via Roma",
        "NL" => "Kerkstraat",
        "PL" => "ulica Długa",
        _ => "Laugavegur",
    }
}
const LANGS: &[&str] = &[
    "sv", "fi", "no", "da", "de", "fr", "it", "nl", "pl", "is", "en",
];

fn pick<'a>(r: &mut fastrand::Rng, list: &[&'a str]) -> &'a str {
    list[r.usize(..list.len())]
}

fn ascii(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => Some('a'),
            'ö' | 'ø' | 'ó' => Some('o'),
            'é' | 'è' | 'ë' => Some('e'),
            'ü' | 'ú' => Some('u'),
            'í' => Some('i'),
            'ś' => Some('s'),
            'ð' => Some('d'),
            'æ' => Some('a'),
            ' ' | '.' | '/' => None,
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Firm number `n % firms`'s name (the same for every person of that firm).
fn pooled_firm(n: usize, firms: usize) -> String {
    let index = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) % firms.max(1) as u64;
    let mut fr = fastrand::Rng::with_seed(index);
    format!(
        "{}{} {}",
        pick(&mut fr, FIRM_A),
        pick(&mut fr, FIRM_B),
        pick(&mut fr, FIRM_C)
    )
}

/// One synthetic person and their consents (relative to `now`).
fn person(
    r: &mut fastrand::Rng,
    n: usize,
    now: Instant,
    purposes: &[(crate::domain::PurposeId, bool)],
    firms: usize,
) -> (Contact, Vec<Consent>, Vec<ObjectionScope>) {
    let given = pick(r, GIVEN);
    let family = pick(r, FAMILY);
    // The main stream draws a firm as it always did (same seed, same people); the firm used
    // comes from a pool of `firms`, so that organisations have several people each.
    let _ = format!("{}{} {}", pick(r, FIRM_A), pick(r, FIRM_B), pick(r, FIRM_C));
    let firm = pooled_firm(n, firms);
    let domain = format!("{}.example.com", ascii(&firm));
    let (city, country) = CITIES[r.usize(..CITIES.len())];
    let mut points = vec![ContactPoint::new(
        PointKind::Email,
        PointLabel::Work,
        format!("{}.{}{}@{domain}", ascii(given), ascii(family), n),
    )];
    points[0].preferred = true;
    if r.u8(..10) < 8 {
        points.push(ContactPoint::new(
            PointKind::Phone,
            PointLabel::Mobile,
            format!(
                "+46 7{} {:03} {:02} {:02}",
                r.u8(0..10),
                r.u16(..1000),
                r.u8(..100),
                r.u8(..100)
            ),
        ));
    }
    if r.u8(..10) < 6 {
        points.push(ContactPoint::new(
            PointKind::Address,
            PointLabel::Work,
            format!(
                "{} {}, {:05} {city}, {country}",
                street(country),
                r.u8(1..120),
                r.u32(10000..99999)
            ),
        ));
    }
    let mut prefs = Preferences {
        channels: match r.u8(..10) {
            0..=2 => Channels::DIGITAL_ONLY,
            3..=5 => Channels::parse("email,post").unwrap_or_default(),
            6..=7 => Channels::parse("email,phone,sms,post,meeting").unwrap_or_default(),
            _ => Channels::parse("email,phone,meeting").unwrap_or_default(),
        },
        interests: Default::default(),
        language: Some(LANGS[r.usize(..LANGS.len())].to_string()),
    };
    for name in DEFAULT_INTERESTS {
        match r.u8(..10) {
            0..=2 => drop(prefs.interests.insert(name.to_string(), Answer::Yes)),
            3..=5 => drop(prefs.interests.insert(name.to_string(), Answer::No)),
            _ => {}
        }
    }
    let stage = match r.u8(..10) {
        0..=2 => Stage::Lead,
        3..=4 => Stage::Prospect,
        5..=8 => Stage::Customer,
        _ => Stage::FormerCustomer,
    };
    let created = now - Duration::days(r.i64(20..1500));
    let draft = ContactDraft {
        given_name: given.into(),
        family_name: family.into(),
        display_name: String::new(),
        organisation: firm,
        title: pick(r, TITLES).into(),
        stage,
        source: DataSource {
            kind: SourceKind::Demo,
            detail: "synthetic demo data".into(),
        },
        points,
        preferences: prefs,
    };
    let mut c = Contact::from_draft(ContactId::random(), draft, created);
    c.updated_at = created + Duration::days(r.i64(0..(now - created).num_days().max(1)));
    if r.u8(..2) == 0 {
        c.last_contacted_at = Some(now - Duration::days(r.i64(0..900)));
    }
    let mut consents = Vec::new();
    for (purpose, _) in purposes.iter().filter(|(_, consent)| *consent) {
        if r.u8(..10) < 6 {
            // Expiry spread from a year ago to two years ahead; given two years before that.
            let expires = now + Duration::days(r.i64(-365..730));
            let given_at = (expires - Duration::days(730))
                .min(now - Duration::days(1))
                .max(created);
            let withdrawn = (r.u8(..10) == 0).then(|| given_at + (now - given_at) / 2);
            let kind = [
                ProofKind::WebForm,
                ProofKind::EmailReply,
                ProofKind::SignedForm,
                ProofKind::Verbal,
            ][r.usize(..4)];
            consents.push(Consent {
                id: 0,
                purpose: *purpose,
                given_at,
                expires_at: Some(expires),
                source: ConsentSource {
                    kind,
                    reference: format!("#{}", r.u32(1000..99999)),
                },
                wording_version: "1".into(),
                withdrawn_at: withdrawn,
            });
        }
    }
    let objections = match r.u8(..20) {
        0 => vec![ObjectionScope::All],
        1 => vec![ObjectionScope::Channel(Channel::Post)],
        2 => vec![ObjectionScope::Channel(Channel::Email)],
        _ => vec![],
    };
    (c, consents, objections)
}

/// Adds `count` synthetic contacts in transactions of 100,000 (as one import file of that
/// size would: smaller ones each end with a full-text index flush whose merges leave free
/// pages behind in the file); `progress(done, total)` after each.
pub fn generate(
    store: &mut Store,
    count: usize,
    seed: u64,
    now: Instant,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, PrivacyError> {
    let purposes: Vec<_> = store
        .read(store::purposes::list)?
        .into_iter()
        .map(|p| (p.id, p.legal_basis == LegalBasis::Consent))
        .collect();
    let mut r = fastrand::Rng::with_seed(seed);
    // About six people per organisation.
    let firms = (count / 6).max(1);
    let mut done = 0;
    while done < count {
        let n = (count - done).min(100_000);
        store.write_bulk(|tx| {
            for i in 0..n {
                let (c, consents, objections) = person(&mut r, done + i, now, &purposes, firms);
                store::contacts::insert(tx, &c)?;
                for k in &consents {
                    store::consents::insert(tx, c.id, k)?;
                }
                for o in objections {
                    store::consents::object(tx, c.id, o, now - Duration::days(10))?;
                }
            }
            Ok::<_, PrivacyError>(())
        })?;
        done += n;
        progress(done, count);
    }
    store.write(|tx| {
        store::audit::append(
            tx,
            &NewEvent::new(now, Action::Create, None).detail(format!("demo contacts={count}")),
        )
    })?;
    Ok(count)
}

/// Gives the store's contacts a history of activities, `per_contact` on average (1-2 people of
/// one organisation each, over the last three years, outcomes from the vocabulary), and open
/// follow-ups for about one person in twenty (due from a week ago to three weeks ahead), in
/// transactions of 20,000 activities; `progress(done, total)` after each. Returns how many
/// activities were made.
pub fn generate_activities(
    store: &mut Store,
    per_contact: usize,
    seed: u64,
    now: Instant,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, PrivacyError> {
    use crate::domain::activity::Kind;
    let people = store.read(store::activities::demo_people)?;
    let outcomes = store.read(store::activities::outcome_ids)?;
    if people.is_empty() || outcomes.is_empty() {
        return Ok(0);
    }
    let purpose = store
        .read(|tx| store::purposes::by_name(tx, crate::domain::purpose::CUSTOMER_RELATIONSHIP))?
        .map(|p| p.id.0);
    let mut by_org: std::collections::HashMap<i64, Vec<i64>> = Default::default();
    for &(seq, org) in &people {
        if let Some(o) = org {
            by_org.entry(o).or_default().push(seq);
        }
    }
    let mut r = fastrand::Rng::with_seed(seed ^ 0xAC71_7171);
    let total = people.len() * per_contact;
    let today = crate::domain::activity::day_start(now);
    let mut done = 0;
    let mut next_person = 0;
    while done < total || next_person < people.len() {
        let n = (total - done).min(20_000);
        store.write(|tx| {
            for _ in 0..n {
                let (seq, org) = people[r.usize(..people.len())];
                let mut with = vec![seq];
                // A quarter of them with a colleague of the same firm.
                if let Some(staff) = org.and_then(|o| by_org.get(&o))
                    && r.u8(..4) == 0
                {
                    let other = staff[r.usize(..staff.len())];
                    if other != seq {
                        with.push(other);
                    }
                }
                let a = store::activities::NewActivity {
                    kind: Kind::ALL[r.usize(..Kind::ALL.len())],
                    day: today - Duration::days(r.i64(0..1095)),
                    people: with,
                    organisation: org,
                    purpose,
                    outcome: outcomes[r.usize(..outcomes.len())],
                };
                store::activities::insert(tx, &a, now)?;
            }
            // Follow-ups for the next slice of people.
            let upto = (next_person + people.len().div_ceil(total.div_ceil(20_000).max(1)))
                .min(people.len());
            for &(seq, _) in &people[next_person..upto] {
                if r.u8(..20) == 0 {
                    let due = today + Duration::days(r.i64(-7..21));
                    let kind = Kind::ALL[r.usize(..4)];
                    store::activities::insert_follow_up(tx, seq, None, kind, due, now)?;
                }
            }
            next_person = upto;
            Ok::<_, PrivacyError>(())
        })?;
        done += n;
        progress(done, total);
    }
    Ok(total)
}
