# Rapport's desktop app in English. Every key here must exist in ../sv/rapport.ftl too
# (tests/i18n_catalogue.rs fails otherwise). Counts are numbers, so plural selectors work
# ({ $n -> [one] … *[other] … }); the app formats numbers for the language itself.

app-title = Rapport

## First run

first-run-title = Welcome to Rapport
first-run-intro = Rapport keeps your contacts encrypted on this computer. Choose how the store's key is protected.
choice-keyring = Remember on this computer (OS keyring)
choice-passphrase = Protect with a passphrase
no-keyring = No OS keyring is available on this computer, so the store is protected with a passphrase.
new-passphrase = New passphrase
confirm-passphrase = Repeat the passphrase
passphrases-differ = The two passphrases are not the same.
create-store = Create store
creating = Creating the store…
recovery-title = Your recovery key
recovery-warning = Write this key down and keep it somewhere safe. It is shown only once. Without it, a forgotten passphrase or a lost keyring means the data cannot be opened by anyone.
copy = Copy
copied = Copied to the clipboard.
recovery-done = I have saved it — open Rapport
strength-too-short = Too short: use at least { $min } characters.
strength-strong = Strength: strong.
strength-good = Strength: good.
strength-weak = Strength: weak — a few more words make it much harder to guess.

## Unlock

unlock-title = Unlock Rapport
unlock-intro = Enter the passphrase that protects this store.
passphrase = Passphrase
unlock = Unlock
unlocking = Unlocking…
opening-keyring = Opening the store with the key kept in the OS keyring…
cannot-open = Rapport could not open the store

## Navigation

tab-contacts = Contacts
tab-overview = Privacy overview
tab-audit = Audit log
tab-settings = Settings

## Settings

purposes = Processing purposes
purposes-hint = Retention in months after the last activity; leave it empty to keep data only while the consent lasts.
purpose-name = Purpose name
retention-months = Months
marketing = Marketing
add-purpose = Add purpose
months-not-a-number = Retention is a whole number of months, or empty.
purpose-description = What the data is used for
consent-months = Consent valid (months)
consent-months-not-a-number = A consent's validity is a whole number of months, or empty (until withdrawn).
new-interest = New interest (letters, digits, '-')
rename = Rename
remove = Remove
interest-answers = { $n ->
    [0] no answers
    [one] { $n } answer
   *[other] { $n } answers
}
category-identity = Identity
category-contact-details = Contact details
category-postal-address = Postal address
category-preferences = Preferences
category-interests = Interests
add = Add
exports-folder = Exports folder
save-folder = Save folder
theme = Theme
settings-saved = Saved.
theme-light = Light
theme-dark = Dark
theme-system = Follow the system
app-language = Language of the app
language-system = Follow the system
basis-consent = GDPR Art. 6(1)(a) consent
basis-contract = GDPR Art. 6(1)(b) contract
basis-legal-obligation = GDPR Art. 6(1)(c) legal obligation
basis-legitimate-interest = GDPR Art. 6(1)(f) legitimate interest

## Contacts list

search = Search name, organisation, email (Ctrl+F)
no-match = No contact matches.
no-contacts = No contacts yet.
filter-objected = Objected
filter-restricted = Restricted
no-expiry = —
select-hint = Select a contact to see its consents and preferences.
shown = { $n ->
    [one] { $n } contact
   *[other] { $n } contacts
}
shown-more = { $n }+ contacts
status-valid = Valid
status-expiring = Expiring
status-expired = Expired
status-withdrawn = Withdrawn
status-none = No consent

## Contact detail

consents = Consents
preferences = Preferences
channels = Accepted channels
digital-only = Digital only
interests = Interests
language = Language
not-set = not set
objections = Objections to marketing
no-objection = None recorded.
object-all = Record objection to all marketing
object-to = Object to { $channel }
edit = Edit
save-changes = Save changes
given-name = Given name
family-name = Family name
organisation = Organisation
job-title = Job title
emails = Emails (separate several with commas)
phones = Phones (separate several with commas)
job-title-hint = e.g. Sales director
emails-hint = name@example.com, other@example.com
phones-hint = +46 70 123 45 67, 08-555 123
stage-lead = Lead
stage-prospect = Prospect
stage-customer = Customer
stage-former-customer = Former customer

## Import

import = Import…
import-title = Import contacts
import-intro = A vCard (.vcf) or CSV file. A contact whose email is already known is merged; people who were erased are flagged and not imported again.
import-path = Path of a .vcf or .csv file
browse = Choose file…
import-start = Import
importing = Importing…
import-summary = Summary
imported = Imported
merged = Merged into existing contacts
flagged = Flagged (previously erased, not imported)
possible-duplicates = Possible duplicates (same phone)
skipped = Skipped
contact-files = Contacts (vCard, CSV)
import-failed = The import stopped unexpectedly; nothing was imported.
count-line = { $what }: { $n }
skipped-line = Line { $line }: { $reason }
and-more = … and { $n } more
import-refused = Nothing was imported from this file: { $reason }

## New contact and the contact's actions

new-contact = New contact (Ctrl+N)
new-contact-title = New contact
email = Email address
phone = Phone number
create-contact = Create contact
contact-created = The contact was created.
restricted-note = Processing is restricted (GDPR Art. 18): the contact is kept but not used.
restrict = Restrict
unrestrict = Lift restriction
export = Export
erase = Erase
withdraw = Withdraw
renew = Renew
give = Record consent
proof-reference = Proof reference (form no., message id…)
save = Save
cancel = Cancel
source-of-data = Source of data
stage = Stage
loading = Loading…
given = Given { $date }
source = Source: { $source }
expires = Expires { $date }
no-expiry-long = No expiry
days-left = { $days ->
    [0] expires today
    [one] { $days } day left
   *[other] { $days } days left
}
days-ago = { $days ->
    [one] { $days } day ago
   *[other] { $days } days ago
}
withdrawn-on = Withdrawn { $date }
channel-email = Email
channel-phone = Phone
channel-sms = SMS
channel-post = Post
channel-meeting = Meeting
proof-web-form = Web form
proof-email-reply = Email reply
proof-signed-form = Signed form
proof-verbal = Verbal
proof-other = Other
answer-yes = yes
answer-no = no
answer-unknown = ?
objected-on = { $scope } — since { $date }

## Notices

exported = Access package written to { $path }
show-in-folder = Show in folder
save-copy-as = Save a copy as…
dismiss = Dismiss
erased-notice = The contact was erased. A tombstone with its random id, the date and the reason remains.
copy-failed = Could not copy to { $path }: { $reason }
copy-saved = A copy was saved.
store-busy = The store stopped responding after an internal error: restart Rapport.

## Erase confirmation

erase-title = Erase this contact?
erase-title-named = Erase { $name }?
erase-intro = This removes everything held about the person. It cannot be undone.
erase-tombstone = A tombstone stays: the contact's random id, today's date and the reason — never a name, email or phone.
erase-confirm = Erase permanently
erasing = Erasing…
erasing-progress = Erasing… { $done }/{ $total }
finding-due = Finding what is due…
finding-due-progress = Finding what is due… { $n }
holding-identity = { $n ->
    [one] { $n } name and identity record
   *[other] { $n } names and identity records
}
holding-emails = { $n ->
    [one] { $n } email address
   *[other] { $n } email addresses
}
holding-phones = { $n ->
    [one] { $n } phone number
   *[other] { $n } phone numbers
}
holding-addresses = { $n ->
    [one] { $n } postal address
   *[other] { $n } postal addresses
}
holding-web = { $n ->
    [one] { $n } web address
   *[other] { $n } web addresses
}
holding-consents = { $n ->
    [one] { $n } consent record
   *[other] { $n } consent records
}
holding-objections = { $n ->
    [one] { $n } objection
   *[other] { $n } objections
}
holding-interests = { $n ->
    [one] { $n } interest answer
   *[other] { $n } interest answers
}

## Overview

status-counts = Contacts by consent status
retention-queue = Retention
due-now = Due for erasure now
upcoming = Due within 30 days — contact them to renew
erase-due = Erase due
nothing-due = Nothing is due.
audience = Audience builder
purpose = Purpose
channel = Channel
build = Build audience
included = Included
excluded = Left out
refresh = Refresh
export-csv = Export CSV
expiring-per-month = Consents expiring per month (next 12 months)
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
month-with-year = { $month } { $year }
audience-exported = Audience written to { $path }
erased-due = { $n ->
    [one] { $n } contact due for erasure was erased.
   *[other] { $n } contacts due for erasure were erased.
}
exclusion-restricted = processing is restricted (Art. 18)
exclusion-no-legal-basis = no legal basis for this purpose
exclusion-consent-expired = consent expired
exclusion-consent-withdrawn = consent withdrawn
exclusion-channel-not-accepted = does not accept this channel
exclusion-objected = objected to marketing on this channel
exclusion-interest-no = not interested
exclusion-interest-unknown = interest unknown
exclusion-no-address = no address for this channel
exclusion-no-recent-activity = no such activity in the period asked
rule-no-legal-basis = no legal basis was recorded within the grace period
rule-consents-ended = every consent has expired or been withdrawn
rule-customer-relationship-ended = former customer, inactive past the retention period
retention-after-activity = { $months ->
    [one] { $months } month after the last activity
   *[other] { $months } months after the last activity
}
retention-until-consent-ends = until the consent is withdrawn or expires

## Audit

verify-chain = Verify chain
chain-ok = { $n ->
    [one] The audit chain is intact ({ $n } event).
   *[other] The audit chain is intact ({ $n } events).
}
chain-broken = The audit chain is NOT intact: { $reason }

## Keyboard, dialogs that may be missing

choose-basis = Choose the purpose's legal basis, then save it again.
choose-basis-hint = Legal basis (choose one)
retention-label = Kept after last activity (months)
consent-months-hint = Empty: until withdrawn
retention-hint = Empty: while the consent lasts
new-purpose = New purpose
help = Help
help-title = Keyboard
help-close = Close
key-1 = Tab / Shift+Tab
key-1-does = Next / previous field, button, chip or list
key-2 = Enter
key-2-does = Submit the form; press the focused button; open the selected contact
key-3 = Space
key-3-does = Press the focused button, tick the focused box
key-4 = Esc
key-4-does = Cancel an edit or a form; close a dialog
key-5 = Up / Down on a picker
key-5-does = Previous / next choice
key-6 = Ctrl+F
key-6-does = Search contacts
key-7 = Ctrl+N
key-7-does = New contact
key-8 = Ctrl+E
key-8-does = Export the open contact
key-9 = Delete
key-9-does = Erase the open contact (asks first)
key-10 = Up / Down
key-10-does = Previous / next contact in the list
key-11 = Page Up / Page Down
key-11-does = Ten contacts up / down
key-12 = Home / End
key-12-does = First / last contact
key-13 = Ctrl+C / Ctrl+V
key-13-does = Copy / paste in a field
key-14 = Ctrl+A
key-14-does = Select all of a field
key-15 = F1
key-15-does = This help
key-16 = In an open form
key-16-does = Tab stays in the form until it is saved or cancelled
no-file-chooser = No file chooser is available on this desktop (no file-chooser portal answered). Type or paste the file's path in the field above and press Enter.
copy-path = Copy path
no-save-dialog = No save dialog is available on this desktop. The file is at { $path } — copy the path and copy the file from there.
no-file-manager = No file manager could be opened. The file is in { $dir } — copy the path to open it yourself.

## The access report (report.html in the access export)

report-title = What we hold about you
report-made = Made on { $date } (UTC). Your reference: { $reference }.
report-who = Who you are to us
report-name = Name
report-relationship = Relationship
report-came-from = Where your data came from
report-held-since = Held since
report-last-changed = Last changed
report-restricted = Use restricted (Art. 18)
report-reach = How we can reach you
report-kind = Kind
report-label = Label
report-value = Value
report-none-recorded = none recorded
report-interest = Interest: { $name }
report-answer-yes = yes
report-answer-no = no
report-answer-unknown = unknown
report-status = Status
report-given = Given
report-until = Until
report-withdrawn = Withdrawn
report-proof = Proof
report-wording = Wording shown
report-all-channels = all marketing
report-objection-since = { $channel } (since { $date })
report-none = None.
report-why = Why we hold it, and for how long
report-basis = Legal basis
report-kept = Kept
report-data-used = Data used
report-applies = Applies to you now
report-done = What was done with your data
report-when = When
report-what = What
report-by = By
report-rights = Your rights
right-1 = Access (Art. 15)
right-1-how = You may ask at any time what we hold about you; this document is that answer.
right-2 = Rectification (Art. 16)
right-2-how = You may have inaccurate data corrected.
right-3 = Erasure (Art. 17)
right-3-how = You may ask us to erase your data; we keep only a note that we did, without your name or details.
right-4 = Restriction (Art. 18)
right-4-how = You may ask us to keep your data but not use it.
right-5 = Portability (Art. 20)
right-5-how = data.json and contact.vcf carry your data in machine-readable formats.
right-6 = Objection (Art. 21)
right-6-how = You may object to direct marketing at any time, on any channel; we then stop.
right-7 = Withdraw consent (Art. 7(3))
right-7-how = You may withdraw any consent as easily as you gave it.
right-8 = Complaint (Art. 77)
right-8-how = You may complain to your data protection supervisory authority.
source-kind-manual = entered by hand
source-kind-import = imported
source-kind-event = event
source-kind-web-form = web form
source-kind-referral = referral
source-kind-demo = demo data
source-kind-other = other
point-kind-email = email
point-kind-phone = phone
point-kind-address = postal address
point-kind-web = web
point-label-work = work
point-label-home = home
point-label-mobile = mobile
point-label-other = other
action-init = store created
action-unlock = store unlocked
action-create = added
action-view = viewed
action-edit = corrected
action-consent-given = consent given
action-consent-withdrawn = consent withdrawn
action-objection = objection recorded
action-restrict = processing restricted
action-unrestrict = restriction lifted
action-export = data exported
action-export-all = all data exported
action-erase = erased
action-retention-run = retention check
action-import = imported
action-settings = settings changed
action-recovery-key-shown = recovery key shown
action-key-restored = key restored

# Access report: activities and follow-ups (issue 15)
report-activities = Our contacts with you
report-outcome = Outcome
report-follow-ups = Planned follow-ups
report-due = Due
report-state = State

# Everyday sales work (issue 15) and accountability (issue 14)
tab-today = Today
today-title = Today
overdue = overdue
follow-up-done = Done
follow-up-snooze = Tomorrow
follow-up-cancel = Cancel follow-up
nothing-today = Nothing is due today.
log-activity = Log activity
outcome = Outcome
pick-kind = Pick what kind of contact it was.
pick-outcome = Pick an outcome
pick-proof = Pick how the consent was given (its proof), or no purpose.
bad-day = A day is written YYYY-MM-DD, e.g. 2026-11-29: nothing was saved.
follow-up-kind = Follow-up kind
learned-digital-only = Prefers digital only
consent-given-for = Consent given for…
proof = Proof
save-activity = Save activity
activity-logged = Activity logged.
tab-documentation = Documentation
generate-record = Generate record
backup-reminder = No backup in the last week: run `rapport backup --out FILE` (the recovery key opens it).
open-requests = Open requests
no-open-requests = No open requests.
exports-register = Exported files
no-exports = No exports registered.
holding-activities = { $n ->
    [one] { $n } activity
   *[other] { $n } activities
}
holding-follow-ups = { $n ->
    [one] { $n } follow-up
   *[other] { $n } follow-ups
}
follow-ups-due = Follow-ups due today or overdue: { $n }
consents-ending = Consents ending within 14 days, to renew with the person: { $n }
record-generated = Record version { $version } written to { $path }
request-overdue = { $n ->
    [one] overdue by { $n } day
   *[other] overdue by { $n } days
}
request-due-today = due today
request-days-left = { $n ->
    [one] { $n } day left
   *[other] { $n } days left
}
received-due = received { $received }, due { $due }
fields-missing = { $n ->
    [one] { $n } mandatory field missing
   *[other] { $n } mandatory fields missing
}
export-deleted = deleted { $date }
export-expires = expires { $date }
people = { $n ->
    [one] { $n } person
   *[other] { $n } people
}

## The Controller section of Settings (issue 14)
controller-heading = Controller
controller-hint = Who is responsible for the personal data and who receives it: the record of processing and every access report name them.
controller-name = Controller name
controller-org-number = Organisation number
controller-address = Postal address
controller-email = Controller email
controller-dpo-name = Data protection officer (DPO)
controller-dpo-email = DPO email
controller-representative = Representative in the EU (Art. 27)
save-controller = Save controller
recipients-heading = Recipients and processors
recipients-none = No recipients: nobody outside the firm receives data.
new-recipient = New recipient
recipient-name = Recipient name
recipient-role = Choose a role
recipient-country = Country (two letters, such as SE or US)
recipient-safeguard = Safeguard (only for a transfer outside the EU/EEA)
recipient-purposes = Purposes it serves (none ticked: every purpose)
add-recipient = Add recipient
transfer = transfer to a third country
every-purpose = every purpose
recipient-choose-role = Choose the recipient's role before adding it.
recipient-bad-country = Write the country as its two-letter ISO code, such as SE or US.
recipient-needs-safeguard = A recipient outside the EU/EEA is a transfer to a third country: choose its safeguard.
recipient-bad-name = Give the recipient a name of at most 120 characters on one line.
role-processor = processor
role-controller = controller
role-joint-controller = joint controller
role-authority = authority
safeguard-adequacy-decision = adequacy decision (Art. 45)
safeguard-standard-contractual-clauses = standard contractual clauses (Art. 46(2)(c))
safeguard-binding-corporate-rules = binding corporate rules (Art. 47)
safeguard-art49-derogation = derogation for a specific situation (Art. 49)
controller-name-hint = such as Exempel Konsult AB
controller-org-number-hint = such as 556000-0000
controller-address-hint = street, postcode and town
controller-email-hint = such as info@example.com
controller-dpo-name-hint = the DPO's name, if the firm has one
controller-dpo-email-hint = such as dpo@example.com
controller-representative-hint = only for a controller outside the EU

# --- team-desktop ---
team = Team
team-hint = Share one customer base with the other laptops of your firm through a shared folder (Syncthing, a NAS share, a cloud drive folder). Everything Rapport puts there is end-to-end encrypted; each laptop keeps its own store.
team-create-title = Create a team
team-join-title = Join a team
team-name = Team name
team-your-name = Your name
team-your-name-join = Your name (the team shows the name the admin invited)
team-folder = Shared folder
team-join-folder = The team's shared folder as this laptop sees it
team-name-hint = such as Nordic Sales
team-your-name-hint = first and last name
team-code-hint = five groups of five letters and digits
team-choose-folder = Choose…
team-no-chooser = No folder chooser is available on this desktop: type the folder's path in the field.
team-code = Invitation code (with or without its dashes)
team-create = Create team
team-join = Join team
team-needs-name = Give the team a name.
team-needs-your-name = Type your name as the team will see it.
team-needs-folder = Choose the shared folder, or type its path.
team-needs-code = Type the invitation code an admin gave you.
team-waiting-hint = This laptop joins at an admin's next sync; keep Rapport open and it brings everything then.
team-invite-title = Invite a person
team-invite-name = Their name
team-choose-role = Choose a role
team-invite = Invite
team-invite-needs-name = Type the name of the person you invite.
team-invite-needs-role = Choose the role the person gets.
team-code-once = Valid for 7 days and usable once. Give it in person or by phone, never through the shared folder: it is shown only now.
team-code-done = Done
never-synced = never
this-device-mark = (this device)
syncing = Syncing…
sync-not-yet = Not synced yet
sync-offline = Folder not reachable — working offline
sync-waiting = Waiting for an admin to accept this laptop
sync-no-roster = The team folder holds no roster of this team yet
contact-changed-remotely = This contact was changed on another laptop. Your edit is kept; saving it replaces their change.
contact-erased-remotely = The contact you had open was erased on another laptop.
team-role-admin = Admin
team-role-sales = Sales
team-role-read-only = Read-only
team-name-line = Team: { $name }
this-device = This device: { $id }
device-line = Device { $id }{ $mine } · last sync { $ago }
just-now = just now
minutes-ago = { $n } min ago
hours-ago = { $n } h ago
synced-ago = Synced { $ago }
sync-clock-ahead = { $n ->
    [one] A device's clock is { $n } minute ahead
   *[other] A device's clock is { $n } minutes ahead
}
sync-failed = Sync failed: { $error }
files-skipped = { $n ->
    [one] { $n } file skipped
   *[other] { $n } files skipped
}
skipped-file = { $file }: { $reason }
invite-code-for = One-time code for { $name }:
# --- roles ---
permit-read-only = Your role in the team is read-only: you can see contacts and the audit log, not change or export them. Ask an admin of the team.
permit-admin-only = Only an admin of the team can change this. Ask an admin of the team.
permit-joining = This laptop is not yet accepted in the team: until an admin syncs and you sync after them, you can only read.
permit-removed = This laptop was removed from the team: you can only read what it holds.
## --- everyday-gui --- (the Organisations tab, Settings → Outcomes, audiences by activity)
tab-organisations = Organisations
search-organisations = Search organisations by name or number
no-organisations = No organisations yet: they come from a contact's organisation, an import or `rapport org add`.
select-organisation = Select an organisation to see its people.
org-name = Name
org-number = Organisation number
industry = Industry
no-industry = No industry
org-address = Address
org-web = Web
previous = Previous
next = Next
latest-activities = Latest activities
no-org-activities = No activity has been logged with this organisation.
organisations-shown = { $n ->
    [one] { $n } organisation
   *[other] { $n } organisations
}
organisations-shown-some = { $shown } of { $total } organisations: search to narrow
people-range = { $first }–{ $last } of { $total }
org-name-hint = the organisation's registered name
org-number-hint = such as 556000-0000
org-address-hint = street, postcode and town
org-web-hint = such as https://example.com
outcomes-heading = Outcomes
outcomes-hint = What can come of a call, meeting, visit, email or event. An outcome that logged activities use is retired, not deleted: those activities keep its label.
new-outcome = New outcome, such as Left a voicemail
add-outcome = Add outcome
retire = Retire
retired = retired
offer-again = Offer again
outcome-uses = { $n ->
    [0] not used yet
    [one] used by { $n } activity
   *[other] used by { $n } activities
}
outcome-retired = { $n ->
    [one] Retired: { $n } logged activity keeps it, and it is no longer offered.
   *[other] Retired: { $n } logged activities keep it, and it is no longer offered.
}
activity-criterion = Met through
activity-unasked = no activity asked
activity-any = any activity
in-last-months = { $n ->
    [one] in the last month
   *[other] in the last { $n } months
}
# --- team-audit ---
report-processed-by = Who in our firm processed your data
report-processed-solo = One person: this register has a single user, and nobody else works with it.
audit-member = Member
audit-device = Device
audit-this-device = this device
# --- lock ---
key-17 = Ctrl+L
key-17-does = Lock now (also after the idle minutes set in Settings → Security)
locked = The app was locked: unlock it again to go on.
locked-title = Rapport is locked
key-file-label = Key file (the second factor)
key-file-path = Path of the key file
choose-key-file = Choose…
key-file-needed = This store needs its key file as well as the passphrase: choose it or type its path.
key-file-unreadable = That file cannot be read as a Rapport key file: check the path, or use the store's emergency copy.
security = Security
security-current-hint = Every change asks for what opens the store now.
current-passphrase = Current passphrase
current-key-file = Path of the current key file
current-passphrase-needed = Type the current passphrase first: every change checks it.
change-passphrase = Change the passphrase
new-passphrase-field = New passphrase
repeat-new-passphrase = Repeat the new passphrase
change-passphrase-button = Change passphrase
new-passphrases-differ = The two new passphrases differ (or are empty): type the same one twice.
passphrase-changed = The passphrase was changed; the old one no longer opens the store.
key-file-section = Key file (second factor)
key-file-warning = A key file is a second secret: from now on the store opens only with the passphrase AND this file. Keep it on a USB stick (and print a copy as emergency kit), not on this computer. Without it the store cannot be opened — not even by us.
new-key-file-path = Where to write the new key file
choose-where = Choose where…
enrol-key-file = Enrol key file
enrol-new-key-file = Enrol a new key file
key-file-where = Say where to write the key file (a USB stick): type a path or use Choose where….
remove-factor = Remove the second factor
factor-removed = The second factor was removed: the passphrase alone opens the store. Destroy the old key file.
no-factor = Second factor: none.
idle-lock = Lock when idle
idle-minutes = Minutes
save-idle = Save minutes
idle-not-a-number = The idle time is a whole number of minutes, such as 10.
factor-required-title = Your team requires a second factor
factor-required-intro = An admin set the policy "second factor required": this store opens only with the passphrase and a key file. Enrol a key file now; the rest of Rapport opens once it is enrolled.
factor-enrolled = Second factor: key file { $id } (needed with the passphrase).
key-file-enrolled = The key file was written to { $path }. Keep it apart from this computer; the store now opens only with the passphrase and this file.
idle-saved = Rapport now locks after { $minutes } idle minutes.
team-idle-max = Your team allows at most { $minutes } minutes.

# --- team-remove-gui ---
team-remove = Remove…
team-remove-device = Remove laptop…
team-remove-confirm = Remove from the team
team-remove-device-confirm = Remove the laptop
team-removing = Removing…
team-member-role = Role
team-remove-title = Remove { $name } from the team?
team-remove-what = { $name } and { $n ->
    [one] their laptop lose
   *[other] their { $n } laptops lose
    } access: a new team key is made for the others; each of their laptops deletes its copy of the team's data at its next sync. What a laptop already holds and never syncs again cannot be taken back.
team-remove-device-title = Remove the laptop { $id }?
team-remove-device-what = The laptop { $id } of { $name } loses access: a new team key is made for the others; the laptop deletes its copy of the team's data at its next sync. { $name } stays in the team. What the laptop already holds and never syncs again cannot be taken back.
team-removed = { $name } was removed; the team now uses a new key.
# --- vocab ---
industries-heading = Industries
industries-hint = The industries an organisation can have. One that organisations have is retired, not deleted: they keep it and show its label, and it is no longer offered.
new-industry = New industry, such as Forestry
add-industry = Add industry
industry-retired-tag = retired
industry-uses = { $n ->
    [0] not used yet
    [one] used by { $n } organisation
   *[other] used by { $n } organisations
}
industry-retired = { $n ->
    [one] Retired: { $n } organisation keeps it, and it is no longer offered.
   *[other] Retired: { $n } organisations keep it, and it is no longer offered.
}
report-interest-elsewhere = recorded on another laptop of our team
interests-not-placed = { $n ->
    [one] Another laptop of the team recorded an answer about { $names } that cannot be shown here: this laptop's interest vocabulary is full ({ $max } interests). The answer is kept in the team's records and is in the person's access export.
   *[other] Other laptops of the team recorded answers about { $names } that cannot be shown here: this laptop's interest vocabulary is full ({ $max } interests). The answers are kept in the team's records and are in the person's access export.
}
