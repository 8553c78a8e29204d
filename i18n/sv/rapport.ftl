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
copy-failed = Kunde inte kopiera till { $path }: { $reason }
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
exclusion-no-recent-activity = ingen sådan aktivitet under perioden
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

## Tangentbord, dialoger som kan saknas

choose-basis = Välj ändamålets rättsliga grund och spara igen.
choose-basis-hint = Rättslig grund (välj en)
retention-label = Lagringstid efter senaste aktivitet (månader)
consent-months-hint = Tomt: tills det återkallas
retention-hint = Tomt: så länge samtycket gäller
new-purpose = Nytt ändamål
help = Hjälp
help-title = Tangentbord
help-close = Stäng
key-1 = Tab / Skift+Tab
key-1-does = Nästa / föregående fält, knapp, val eller lista
key-2 = Enter
key-2-does = Skicka formuläret; tryck på knappen som har fokus; öppna den valda kontakten
key-3 = Blanksteg
key-3-does = Tryck på knappen som har fokus, kryssa i rutan som har fokus
key-4 = Esc
key-4-does = Avbryt en redigering eller ett formulär; stäng en dialog
key-5 = Upp / Ned i en väljare
key-5-does = Föregående / nästa val
key-6 = Ctrl+F
key-6-does = Sök kontakter
key-7 = Ctrl+N
key-7-does = Ny kontakt
key-8 = Ctrl+E
key-8-does = Registerutdrag för den öppna kontakten
key-9 = Delete
key-9-does = Radera den öppna kontakten (frågar först)
key-10 = Upp / Ned
key-10-does = Föregående / nästa kontakt i listan
key-11 = Page Up / Page Down
key-11-does = Tio kontakter upp / ned
key-12 = Home / End
key-12-does = Första / sista kontakten
key-13 = Ctrl+C / Ctrl+V
key-13-does = Kopiera / klistra in i ett fält
key-14 = Ctrl+A
key-14-does = Markera allt i ett fält
key-15 = F1
key-15-does = Den här hjälpen
key-16 = I ett öppet formulär
key-16-does = Tab stannar i formuläret tills det sparas eller avbryts
no-file-chooser = Det finns ingen filväljare på det här skrivbordet (ingen filväljarportal svarade). Skriv eller klistra in filens sökväg i fältet ovan och tryck Enter.
copy-path = Kopiera sökvägen
no-save-dialog = Det finns ingen dialog för att spara på det här skrivbordet. Filen finns i { $path } — kopiera sökvägen och kopiera filen därifrån.
no-file-manager = Ingen filhanterare kunde öppnas. Filen finns i { $dir } — kopiera sökvägen och öppna den själv.

## Registerutdraget (report.html i exporten)

report-title = Registerutdrag: det här har vi registrerat om dig
report-made = Upprättat { $date } (UTC). Din referens: { $reference }.
report-who = Vem du är för oss
report-name = Namn
report-relationship = Relation
report-came-from = Var dina uppgifter kommer ifrån
report-held-since = Registrerad sedan
report-last-changed = Senast ändrad
report-restricted = Behandlingen begränsad (art. 18)
report-reach = Hur vi kan nå dig
report-kind = Typ
report-label = Etikett
report-value = Uppgift
report-none-recorded = inga registrerade
report-interest = Intresse: { $name }
report-answer-yes = ja
report-answer-no = nej
report-answer-unknown = okänt
report-status = Status
report-given = Lämnat
report-until = Gäller till
report-withdrawn = Återkallat
report-proof = Bevis
report-wording = Text som visades
report-all-channels = all marknadsföring
report-objection-since = { $channel } (sedan { $date })
report-none = Inga.
report-why = Varför vi behandlar uppgifterna och hur länge
report-basis = Rättslig grund
report-kept = Lagringstid
report-data-used = Uppgifter som används
report-applies = Gäller dig nu
report-done = Vad som har gjorts med dina uppgifter
report-when = När
report-what = Vad
report-by = Av
report-rights = Dina rättigheter
right-1 = Rätt till tillgång (art. 15)
right-1-how = Du kan när som helst begära ett registerutdrag över vad vi har om dig; det här dokumentet är det utdraget.
right-2 = Rätt till rättelse (art. 16)
right-2-how = Du kan få felaktiga uppgifter rättade.
right-3 = Rätt till radering (art. 17)
right-3-how = Du kan begära att vi raderar dina uppgifter; vi sparar bara en notering om att vi gjorde det, utan ditt namn eller dina uppgifter.
right-4 = Rätt till begränsning av behandling (art. 18)
right-4-how = Du kan begära att vi sparar dina uppgifter men inte använder dem.
right-5 = Rätt till dataportabilitet (art. 20)
right-5-how = data.json och contact.vcf innehåller dina uppgifter i maskinläsbara format.
right-6 = Rätt att göra invändningar (art. 21)
right-6-how = Du kan när som helst invända mot direktmarknadsföring, i vilken kanal som helst; då slutar vi.
right-7 = Rätt att återkalla samtycke (art. 7.3)
right-7-how = Du kan återkalla ett samtycke lika enkelt som du lämnade det.
right-8 = Rätt att klaga (art. 77)
right-8-how = Du kan lämna klagomål till Integritetsskyddsmyndigheten (IMY) eller en annan dataskyddsmyndighet.
source-kind-manual = inmatat för hand
source-kind-import = importerat
source-kind-event = evenemang
source-kind-web-form = webbformulär
source-kind-referral = rekommendation
source-kind-demo = demodata
source-kind-other = annat
point-kind-email = e-post
point-kind-phone = telefon
point-kind-address = postadress
point-kind-web = webb
point-label-work = arbete
point-label-home = hem
point-label-mobile = mobil
point-label-other = annat
action-init = lagret skapades
action-unlock = lagret låstes upp
action-create = registrerad
action-view = visad
action-edit = rättad
action-consent-given = samtycke lämnat
action-consent-withdrawn = samtycke återkallat
action-objection = invändning registrerad
action-restrict = behandlingen begränsad
action-unrestrict = begränsningen hävd
action-export = uppgifterna exporterade
action-export-all = alla uppgifter exporterade
action-erase = raderad
action-retention-run = kontroll av lagringstid
action-import = importerad
action-settings = inställningar ändrade
action-recovery-key-shown = återställningsnyckeln visad
action-key-restored = nyckeln återställd

# Access report: activities and follow-ups (issue 15)
report-activities = Våra kontakter med dig
report-outcome = Utfall
report-follow-ups = Planerade uppföljningar
report-due = Förfaller
report-state = Status

# Everyday sales work (issue 15) and accountability (issue 14)
tab-today = Idag
today-title = Idag
overdue = försenad
follow-up-done = Klar
follow-up-snooze = I morgon
follow-up-cancel = Avbryt uppföljningen
nothing-today = Inget att göra i dag.
log-activity = Logga aktivitet
outcome = Utfall
pick-kind = Välj vilken sorts kontakt det var.
pick-outcome = Välj ett utfall
pick-proof = Välj hur samtycket gavs (dess bevis), eller inget ändamål.
bad-day = En dag skrivs ÅÅÅÅ-MM-DD, t.ex. 2026-11-29: inget sparades.
follow-up-kind = Typ av uppföljning
learned-digital-only = Vill bara ha digitalt
consent-given-for = Samtycke lämnat för…
proof = Bevis
save-activity = Spara aktiviteten
activity-logged = Aktiviteten är loggad.
tab-documentation = Dokumentation
generate-record = Skapa registerförteckningen
backup-reminder = Ingen säkerhetskopia den senaste veckan: kör `rapport backup --out FIL` (återställningsnyckeln öppnar den).
open-requests = Öppna begäranden
no-open-requests = Inga öppna begäranden.
exports-register = Exporterade filer
no-exports = Inga exporter registrerade.
holding-activities = { $n ->
    [one] { $n } aktivitet
   *[other] { $n } aktiviteter
}
holding-follow-ups = { $n ->
    [one] { $n } uppföljning
   *[other] { $n } uppföljningar
}
follow-ups-due = Uppföljningar som ska göras i dag eller är försenade: { $n }
consents-ending = Samtycken som upphör inom 14 dagar, att förnya med personen: { $n }
record-generated = Registerförteckningen version { $version } skrevs till { $path }
request-overdue = { $n ->
    [one] försenad med { $n } dag
   *[other] försenad med { $n } dagar
}
request-due-today = ska besvaras i dag
request-days-left = { $n ->
    [one] { $n } dag kvar
   *[other] { $n } dagar kvar
}
received-due = mottagen { $received }, ska besvaras { $due }
fields-missing = { $n ->
    [one] { $n } obligatoriskt fält saknas
   *[other] { $n } obligatoriska fält saknas
}
export-deleted = raderad { $date }
export-expires = går ut { $date }
people = { $n ->
    [one] { $n } person
   *[other] { $n } personer
}

## Avsnittet Personuppgiftsansvarig i Inställningar (ärende 14)
controller-heading = Personuppgiftsansvarig
controller-hint = Vem som är ansvarig för personuppgifterna och vem som tar emot dem: registerförteckningen och varje registerutdrag anger dem.
controller-name = Personuppgiftsansvarigs namn
controller-org-number = Organisationsnummer
controller-address = Postadress
controller-email = Personuppgiftsansvarigs e-post
controller-dpo-name = Dataskyddsombud
controller-dpo-email = Dataskyddsombudets e-post
controller-representative = Företrädare i EU (art. 27)
save-controller = Spara personuppgiftsansvarig
recipients-heading = Mottagare och personuppgiftsbiträden
recipients-none = Inga mottagare: ingen utanför företaget tar emot uppgifter.
new-recipient = Ny mottagare
recipient-name = Mottagarens namn
recipient-role = Välj roll
recipient-country = Land (två bokstäver, till exempel SE eller US)
recipient-safeguard = Skyddsåtgärd (bara vid tredjelandsöverföring utanför EU/EES)
recipient-purposes = Ändamål som mottagaren tjänar (inget markerat: alla ändamål)
add-recipient = Lägg till mottagare
transfer = tredjelandsöverföring
every-purpose = alla ändamål
recipient-choose-role = Välj mottagarens roll innan du lägger till den.
recipient-bad-country = Skriv landet med dess landskod på två bokstäver, till exempel SE eller US.
recipient-needs-safeguard = En mottagare utanför EU/EES innebär en tredjelandsöverföring: välj dess skyddsåtgärd.
recipient-bad-name = Ge mottagaren ett namn på högst 120 tecken på en rad.
role-processor = personuppgiftsbiträde
role-controller = personuppgiftsansvarig
role-joint-controller = gemensamt personuppgiftsansvarig
role-authority = myndighet
safeguard-adequacy-decision = beslut om adekvat skyddsnivå (art. 45)
safeguard-standard-contractual-clauses = standardavtalsklausuler (art. 46.2 c)
safeguard-binding-corporate-rules = bindande företagsbestämmelser (art. 47)
safeguard-art49-derogation = undantag i särskilda situationer (art. 49)
controller-name-hint = till exempel Exempel Konsult AB
controller-org-number-hint = till exempel 556000-0000
controller-address-hint = gata, postnummer och ort
controller-email-hint = till exempel info@example.com
controller-dpo-name-hint = dataskyddsombudets namn, om företaget har ett
controller-dpo-email-hint = till exempel dpo@example.com
controller-representative-hint = bara för en personuppgiftsansvarig utanför EU

# --- team-desktop ---
team = Team
team-hint = Dela ett kundregister med företagets andra datorer genom en delad mapp (Syncthing, en NAS-resurs, en molnmapp). Allt Rapport lägger där är krypterat från ände till ände; varje dator behåller sitt eget register.
team-create-title = Skapa ett team
team-join-title = Gå med i ett team
team-name = Teamets namn
team-your-name = Ditt namn
team-your-name-join = Ditt namn (teamet visar namnet som administratören bjöd in)
team-folder = Delad mapp
team-join-folder = Teamets delade mapp som den här datorn ser den
team-name-hint = till exempel Nordisk Försäljning
team-your-name-hint = för- och efternamn
team-code-hint = fem grupper med fem bokstäver och siffror
team-choose-folder = Välj…
team-no-chooser = Ingen mappväljare finns på det här skrivbordet: skriv mappens sökväg i fältet.
team-code = Inbjudningskod (med eller utan bindestreck)
team-create = Skapa team
team-join = Gå med
team-needs-name = Ge teamet ett namn.
team-needs-your-name = Skriv ditt namn som teamet ska se det.
team-needs-folder = Välj den delade mappen, eller skriv dess sökväg.
team-needs-code = Skriv inbjudningskoden som en administratör gav dig.
team-waiting-hint = Den här datorn går med vid en administratörs nästa synkning; låt Rapport vara öppet så hämtas allt då.
team-invite-title = Bjud in en person
team-invite-name = Personens namn
team-choose-role = Välj en roll
team-invite = Bjud in
team-invite-needs-name = Skriv namnet på personen du bjuder in.
team-invite-needs-role = Välj vilken roll personen får.
team-code-once = Giltig i 7 dagar och kan användas en gång. Lämna den personligen eller per telefon, aldrig via den delade mappen: den visas bara nu.
team-code-done = Klar
never-synced = aldrig
this-device-mark = (den här datorn)
syncing = Synkar…
sync-not-yet = Inte synkad än
sync-offline = Mappen går inte att nå — arbetar offline
sync-waiting = Väntar på att en administratör godkänner den här datorn
sync-no-roster = Teammappen har ännu ingen medlemslista för det här teamet
contact-changed-remotely = Den här kontakten ändrades på en annan dator. Din ändring finns kvar; sparar du den ersätter den deras.
contact-erased-remotely = Kontakten du hade öppen raderades på en annan dator.
team-role-admin = Administratör
team-role-sales = Sälj
team-role-read-only = Endast läsning
team-name-line = Team: { $name }
this-device = Den här datorn: { $id }
device-line = Dator { $id }{ $mine } · senast synkad { $ago }
just-now = nyss
minutes-ago = för { $n } min sedan
hours-ago = för { $n } tim sedan
synced-ago = Synkad { $ago }
sync-clock-ahead = { $n ->
    [one] En dators klocka går { $n } minut före
   *[other] En dators klocka går { $n } minuter före
}
sync-failed = Synkningen misslyckades: { $error }
files-skipped = { $n ->
    [one] { $n } fil hoppades över
   *[other] { $n } filer hoppades över
}
skipped-file = { $file }: { $reason }
invite-code-for = Engångskod för { $name }:
# --- roles ---
permit-read-only = Din roll i teamet ger bara läsbehörighet: du kan se kontakter och granskningsloggen, men inte ändra eller exportera dem. Fråga en administratör i teamet.
permit-admin-only = Bara en administratör i teamet kan ändra detta. Fråga en administratör i teamet.
permit-joining = Den här datorn är ännu inte godkänd i teamet: tills en administratör har synkat och du synkar efter hen kan du bara läsa.
permit-removed = Den här datorn har tagits bort från teamet: du kan bara läsa det den innehåller.
## --- everyday-gui --- (fliken Organisationer, Inställningar → Utfall, målgrupper efter aktivitet)
tab-organisations = Organisationer
search-organisations = Sök organisationer på namn eller nummer
no-organisations = Inga organisationer än: de kommer från en kontakts organisation, en import eller `rapport org add`.
select-organisation = Välj en organisation för att se dess personer.
org-name = Namn
org-number = Organisationsnummer
industry = Bransch
no-industry = Ingen bransch
org-address = Adress
org-web = Webb
previous = Föregående
next = Nästa
latest-activities = Senaste aktiviteter
no-org-activities = Ingen aktivitet har loggats med den här organisationen.
organisations-shown = { $n ->
    [one] { $n } organisation
   *[other] { $n } organisationer
}
organisations-shown-some = { $shown } av { $total } organisationer: sök för att begränsa
people-range = { $first }–{ $last } av { $total }
org-name-hint = organisationens registrerade namn
org-number-hint = till exempel 556000-0000
org-address-hint = gata, postnummer och ort
org-web-hint = till exempel https://example.com
outcomes-heading = Utfall
outcomes-hint = Vad ett samtal, möte, besök, mejl eller evenemang kan leda till. Ett utfall som loggade aktiviteter använder pensioneras i stället för att tas bort: aktiviteterna behåller dess namn.
new-outcome = Nytt utfall, till exempel Lämnade röstmeddelande
add-outcome = Lägg till utfall
retire = Pensionera
retired = pensionerat
offer-again = Erbjud igen
outcome-uses = { $n ->
    [0] inte använt än
    [one] används av { $n } aktivitet
   *[other] används av { $n } aktiviteter
}
outcome-retired = { $n ->
    [one] Pensionerat: { $n } loggad aktivitet behåller det, och det erbjuds inte längre.
   *[other] Pensionerat: { $n } loggade aktiviteter behåller det, och det erbjuds inte längre.
}
activity-criterion = Träffad genom
activity-unasked = ingen aktivitet krävs
activity-any = vilken aktivitet som helst
in-last-months = { $n ->
    [one] den senaste månaden
   *[other] de senaste { $n } månaderna
}
# --- team-audit ---
report-processed-by = Vem i vårt företag som har behandlat dina uppgifter
report-processed-solo = En person: registret har en enda användare, och ingen annan arbetar med det.
audit-member = Medarbetare
audit-device = Enhet
audit-this-device = den här enheten
# --- lock ---
key-17 = Ctrl+L
key-17-does = Lås nu (även efter de minuter utan aktivitet som ställs in under Inställningar → Säkerhet)
locked = Appen låstes: lås upp den igen för att fortsätta.
locked-title = Rapport är låst
key-file-label = Nyckelfil (den andra faktorn)
key-file-path = Sökväg till nyckelfilen
choose-key-file = Välj…
key-file-needed = Det här registret behöver sin nyckelfil utöver lösenfrasen: välj den eller skriv dess sökväg.
key-file-unreadable = Filen kan inte läsas som en nyckelfil för Rapport: kontrollera sökvägen eller använd registrets nödkopia.
security = Säkerhet
security-current-hint = Varje ändring frågar efter det som öppnar registret nu.
current-passphrase = Nuvarande lösenfras
current-key-file = Sökväg till nuvarande nyckelfil
current-passphrase-needed = Skriv först den nuvarande lösenfrasen: varje ändring kontrollerar den.
change-passphrase = Byt lösenfras
new-passphrase-field = Ny lösenfras
repeat-new-passphrase = Upprepa den nya lösenfrasen
change-passphrase-button = Byt lösenfras
new-passphrases-differ = De två nya lösenfraserna skiljer sig åt (eller är tomma): skriv samma två gånger.
passphrase-changed = Lösenfrasen byttes; den gamla öppnar inte längre registret.
key-file-section = Nyckelfil (andra faktor)
key-file-warning = En nyckelfil är en andra hemlighet: från och med nu öppnas registret bara med lösenfrasen OCH den här filen. Förvara den på ett USB-minne (och skriv ut en nödkopia), inte på den här datorn. Utan den kan registret inte öppnas — inte ens av oss.
new-key-file-path = Var den nya nyckelfilen ska skrivas
choose-where = Välj plats…
enrol-key-file = Registrera nyckelfil
enrol-new-key-file = Registrera en ny nyckelfil
key-file-where = Ange var nyckelfilen ska skrivas (ett USB-minne): skriv en sökväg eller använd Välj plats….
remove-factor = Ta bort den andra faktorn
factor-removed = Den andra faktorn togs bort: lösenfrasen ensam öppnar registret. Förstör den gamla nyckelfilen.
no-factor = Andra faktor: ingen.
idle-lock = Lås vid inaktivitet
idle-minutes = Minuter
save-idle = Spara minuter
idle-not-a-number = Tiden är ett helt antal minuter, till exempel 10.
factor-required-title = Ditt team kräver en andra faktor
factor-required-intro = En administratör har satt regeln ”andra faktor krävs”: registret öppnas bara med lösenfrasen och en nyckelfil. Registrera en nyckelfil nu; resten av Rapport öppnas när den är registrerad.
factor-enrolled = Andra faktor: nyckelfil { $id } (behövs tillsammans med lösenfrasen).
key-file-enrolled = Nyckelfilen skrevs till { $path }. Förvara den skild från den här datorn; registret öppnas nu bara med lösenfrasen och den här filen.
idle-saved = Rapport låses nu efter { $minutes } minuter utan aktivitet.
team-idle-max = Ditt team tillåter högst { $minutes } minuter.

# --- team-remove-gui ---
team-remove = Ta bort…
team-remove-device = Ta bort dator…
team-remove-confirm = Ta bort ur teamet
team-remove-device-confirm = Ta bort datorn
team-removing = Tar bort…
team-member-role = Roll
team-remove-title = Ta bort { $name } ur teamet?
team-remove-what = { $name } och { $n ->
    [one] hens dator förlorar
   *[other] hens { $n } datorer förlorar
    } åtkomst: en ny teamnyckel skapas för de andra, och var och en av hens datorer raderar sin kopia av teamets data vid nästa synkning. Det som en dator redan har och aldrig synkar igen går inte att ta tillbaka.
team-remove-device-title = Ta bort datorn { $id }?
team-remove-device-what = Datorn { $id } som tillhör { $name } förlorar åtkomst: en ny teamnyckel skapas för de andra, och datorn raderar sin kopia av teamets data vid nästa synkning. { $name } är kvar i teamet. Det som datorn redan har och aldrig synkar igen går inte att ta tillbaka.
team-removed = { $name } togs bort; teamet använder nu en ny nyckel.
# --- vocab ---
industries-heading = Branscher
industries-hint = Branscherna en organisation kan ha. En bransch som organisationer har pensioneras i stället för att tas bort: de behåller den och visar dess namn, men den erbjuds inte längre.
new-industry = Ny bransch, till exempel Skogsbruk
add-industry = Lägg till bransch
industry-retired-tag = pensionerad
industry-uses = { $n ->
    [0] inte använd än
    [one] används av { $n } organisation
   *[other] används av { $n } organisationer
}
industry-retired = { $n ->
    [one] Pensionerad: { $n } organisation behåller den, och den erbjuds inte längre.
   *[other] Pensionerad: { $n } organisationer behåller den, och den erbjuds inte längre.
}
report-interest-elsewhere = registrerat på en annan dator i vårt team
interests-not-placed = { $n ->
    [one] En annan dator i teamet har registrerat ett svar om { $names } som inte kan visas här: den här datorns intressevokabulär är full ({ $max } intressen). Svaret finns kvar i teamets register och ingår i personens registerutdrag.
   *[other] Andra datorer i teamet har registrerat svar om { $names } som inte kan visas här: den här datorns intressevokabulär är full ({ $max } intressen). Svaren finns kvar i teamets register och ingår i personens registerutdrag.
}
