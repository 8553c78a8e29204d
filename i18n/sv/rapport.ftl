# Rapport på svenska. Samma nycklar som ../en/rapport.ftl (tests/i18n_catalogue.rs kontrollerar
# det). Juridiska termer som IMY använder dem: personuppgiftsansvarig, registrerad, rättslig
# grund, samtycke, registerutdrag, radering, begränsning, invändning, lagringstid, ändamål.

app-title = Rapport

## Första start

first-run-title = Välkommen till Rapport
first-run-intro = Rapport lagrar dina kontakter krypterade på den här datorn. Välj hur lagrets nyckel skyddas.
choice-keyring = Kom ihåg på den här datorn (systemets nyckelring)
choice-passphrase = Skydda med en lösenfras
no-keyring = Den här datorn har ingen nyckelring, så lagret skyddas med en lösenfras.
new-passphrase = Ny lösenfras
confirm-passphrase = Upprepa lösenfrasen
passphrases-differ = De två lösenfraserna är inte likadana.
create-store = Skapa lagret
creating = Skapar lagret…
recovery-title = Din återställningsnyckel
recovery-warning = Skriv ner nyckeln och förvara den säkert. Den visas bara en gång. Utan den kan ingen öppna uppgifterna om lösenfrasen glöms eller nyckelringen går förlorad.
copy = Kopiera
copied = Kopierad till urklipp.
recovery-done = Jag har sparat den — öppna Rapport
strength-too-short = För kort: använd minst { $min } tecken.
strength-strong = Styrka: stark.
strength-good = Styrka: bra.
strength-weak = Styrka: svag — några ord till gör den mycket svårare att gissa.

## Lås upp

unlock-title = Lås upp Rapport
unlock-intro = Ange lösenfrasen som skyddar lagret.
passphrase = Lösenfras
unlock = Lås upp
unlocking = Låser upp…
opening-keyring = Öppnar lagret med nyckeln i systemets nyckelring…
cannot-open = Rapport kunde inte öppna lagret

## Navigering

tab-contacts = Kontakter
tab-overview = Dataskyddsöversikt
tab-audit = Händelselogg
tab-settings = Inställningar

## Inställningar

purposes = Ändamål med behandlingen
purposes-hint = Lagringstid i månader efter senaste aktivitet; lämna tomt för att bara spara uppgifterna så länge samtycket gäller.
purpose-name = Ändamålets namn
retention-months = Månader
marketing = Marknadsföring
add-purpose = Lägg till ändamål
months-not-a-number = Lagringstiden är ett helt antal månader, eller tom.
purpose-description = Vad uppgifterna används till
consent-months = Samtycket gäller (månader)
consent-months-not-a-number = Ett samtyckes giltighet är ett helt antal månader, eller tomt (tills det återkallas).
new-interest = Nytt intresse (bokstäver, siffror, '-')
rename = Byt namn
remove = Ta bort
interest-answers = { $n ->
    [0] inga svar
    [one] { $n } svar
   *[other] { $n } svar
}
category-identity = Identitet
category-contact-details = Kontaktuppgifter
category-postal-address = Postadress
category-preferences = Önskemål
category-interests = Intressen
add = Lägg till
exports-folder = Mapp för export
save-folder = Spara mappen
theme = Tema
settings-saved = Sparat.
theme-light = Ljust
theme-dark = Mörkt
theme-system = Följ systemet
app-language = Appens språk
language-system = Följ systemet
basis-consent = Samtycke (art. 6.1 a dataskyddsförordningen)
basis-contract = Avtal (art. 6.1 b dataskyddsförordningen)
basis-legal-obligation = Rättslig förpliktelse (art. 6.1 c dataskyddsförordningen)
basis-legitimate-interest = Berättigat intresse (art. 6.1 f dataskyddsförordningen)

## Kontaktlistan

search = Sök namn, organisation, e-post (Ctrl+F)
no-match = Ingen kontakt matchar.
no-contacts = Inga kontakter än.
filter-objected = Invändning
filter-restricted = Begränsad
no-expiry = —
select-hint = Välj en kontakt för att se dess samtycken och önskemål.
shown = { $n ->
    [one] { $n } kontakt
   *[other] { $n } kontakter
}
shown-more = { $n }+ kontakter
status-valid = Giltigt
status-expiring = Går ut snart
status-expired = Utgånget
status-withdrawn = Återkallat
status-none = Inget samtycke

## Kontakten

consents = Samtycken
preferences = Önskemål
channels = Godtagna kanaler
digital-only = Bara digitalt
interests = Intressen
language = Språk
not-set = inte angivet
objections = Invändningar mot direktmarknadsföring
no-objection = Inga registrerade.
object-all = Registrera invändning mot all marknadsföring
object-to = Invänd mot { $channel }
edit = Redigera
save-changes = Spara ändringarna
given-name = Förnamn
family-name = Efternamn
organisation = Organisation
job-title = Befattning
emails = E-postadresser (skilj flera åt med kommatecken)
phones = Telefonnummer (skilj flera åt med kommatecken)
job-title-hint = t.ex. Försäljningschef
emails-hint = namn@example.com, annan@example.com
phones-hint = +46 70 123 45 67, 08-555 123
stage-lead = Lead
stage-prospect = Prospekt
stage-customer = Kund
stage-former-customer = Tidigare kund

## Import

import = Importera…
import-title = Importera kontakter
import-intro = En vCard-fil (.vcf) eller CSV-fil. En kontakt vars e-postadress redan finns slås ihop; personer som har raderats flaggas och importeras inte igen.
import-path = Sökväg till en .vcf- eller .csv-fil
browse = Välj fil…
import-start = Importera
importing = Importerar…
import-summary = Sammanfattning
imported = Importerade
merged = Sammanslagna med befintliga kontakter
flagged = Flaggade (raderade tidigare, importeras inte)
possible-duplicates = Möjliga dubbletter (samma telefon)
skipped = Överhoppade
contact-files = Kontakter (vCard, CSV)
import-failed = Importen avbröts oväntat; ingenting importerades.
count-line = { $what }: { $n }
skipped-line = Rad { $line }: { $reason }
and-more = … och { $n } till
import-refused = Ingenting importerades från filen: { $reason }

## Ny kontakt och kontaktens åtgärder

new-contact = Ny kontakt (Ctrl+N)
new-contact-title = Ny kontakt
email = E-postadress
phone = Telefonnummer
create-contact = Skapa kontakten
contact-created = Kontakten skapades.
restricted-note = Behandlingen är begränsad (art. 18 dataskyddsförordningen): kontakten sparas men används inte.
restrict = Begränsa
unrestrict = Häv begränsningen
export = Registerutdrag
erase = Radera
withdraw = Återkalla
renew = Förnya
give = Registrera samtycke
proof-reference = Referens till beviset (blankettnr, meddelande-id…)
save = Spara
cancel = Avbryt
source-of-data = Uppgifternas källa
stage = Skede
loading = Läser in…
given = Lämnat { $date }
source = Källa: { $source }
expires = Gäller till { $date }
no-expiry-long = Inget slutdatum
days-left = { $days ->
    [0] går ut i dag
    [one] { $days } dag kvar
   *[other] { $days } dagar kvar
}
days-ago = { $days ->
    [one] för { $days } dag sedan
   *[other] för { $days } dagar sedan
}
withdrawn-on = Återkallat { $date }
channel-email = E-post
channel-phone = Telefon
channel-sms = Sms
channel-post = Post
channel-meeting = Möte
proof-web-form = Webbformulär
proof-email-reply = Svar via e-post
proof-signed-form = Undertecknad blankett
proof-verbal = Muntligt
proof-other = Annat
answer-yes = ja
answer-no = nej
answer-unknown = ?
objected-on = { $scope } — sedan { $date }

## Meddelanden

exported = Registerutdraget skrevs till { $path }
show-in-folder = Visa i mappen
save-copy-as = Spara en kopia som…
dismiss = Stäng
erased-notice = Kontakten raderades. Kvar finns en gravsten med dess slumpade id, datumet och skälet.
copy-saved = En kopia sparades.
store-busy = Lagret slutade svara efter ett internt fel: starta om Rapport.

## Bekräfta radering

erase-title = Radera kontakten?
erase-title-named = Radera { $name }?
erase-intro = Allt som finns om personen tas bort. Det går inte att ångra.
erase-tombstone = En gravsten finns kvar: kontaktens slumpade id, dagens datum och skälet — aldrig namn, e-post eller telefon.
erase-confirm = Radera permanent
erasing = Raderar…
erasing-progress = Raderar… { $done }/{ $total }
finding-due = Letar upp det som ska raderas…
finding-due-progress = Letar upp det som ska raderas… { $n }
holding-identity = { $n ->
    [one] { $n } namn och identitetsuppgifter
   *[other] { $n } namn och identitetsuppgifter
}
holding-emails = { $n ->
    [one] { $n } e-postadress
   *[other] { $n } e-postadresser
}
holding-phones = { $n ->
    [one] { $n } telefonnummer
   *[other] { $n } telefonnummer
}
holding-addresses = { $n ->
    [one] { $n } postadress
   *[other] { $n } postadresser
}
holding-web = { $n ->
    [one] { $n } webbadress
   *[other] { $n } webbadresser
}
holding-consents = { $n ->
    [one] { $n } samtycke
   *[other] { $n } samtycken
}
holding-objections = { $n ->
    [one] { $n } invändning
   *[other] { $n } invändningar
}
holding-interests = { $n ->
    [one] { $n } svar om intressen
   *[other] { $n } svar om intressen
}

## Översikt

status-counts = Kontakter efter samtyckets status
retention-queue = Lagringstid
due-now = Ska raderas nu
upcoming = Ska raderas inom 30 dagar — kontakta dem för att förnya
erase-due = Radera det som ska raderas
nothing-due = Inget ska raderas.
audience = Målgruppsbyggare
purpose = Ändamål
channel = Kanal
build = Bygg målgruppen
included = Med
excluded = Utelämnade
refresh = Uppdatera
export-csv = Exportera CSV
expiring-per-month = Samtycken som går ut per månad (kommande 12 månader)
month-1 = jan
month-2 = feb
month-3 = mar
month-4 = apr
month-5 = maj
month-6 = jun
month-7 = jul
month-8 = aug
month-9 = sep
month-10 = okt
month-11 = nov
month-12 = dec
month-with-year = { $month } { $year }
audience-exported = Målgruppen skrevs till { $path }
erased-due = { $n ->
    [one] { $n } kontakt som skulle raderas har raderats.
   *[other] { $n } kontakter som skulle raderas har raderats.
}
exclusion-restricted = behandlingen är begränsad (art. 18)
exclusion-no-legal-basis = ingen rättslig grund för ändamålet
exclusion-consent-expired = samtycket har gått ut
exclusion-consent-withdrawn = samtycket har återkallats
exclusion-channel-not-accepted = godtar inte kanalen
exclusion-objected = har invänt mot marknadsföring i kanalen
exclusion-interest-no = inte intresserad
exclusion-interest-unknown = intresset okänt
exclusion-no-address = ingen adress för kanalen
rule-no-legal-basis = ingen rättslig grund registrerades inom respittiden
rule-consents-ended = alla samtycken har gått ut eller återkallats
rule-customer-relationship-ended = tidigare kund, inaktiv längre än lagringstiden
retention-after-activity = { $months ->
    [one] { $months } månad efter senaste aktivitet
   *[other] { $months } månader efter senaste aktivitet
}
retention-until-consent-ends = tills samtycket återkallas eller går ut

## Händelselogg

verify-chain = Kontrollera kedjan
chain-ok = { $n ->
    [one] Händelsekedjan är obruten ({ $n } händelse).
   *[other] Händelsekedjan är obruten ({ $n } händelser).
}
chain-broken = Händelsekedjan är INTE obruten: { $reason }
