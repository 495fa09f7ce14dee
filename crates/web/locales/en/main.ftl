# plantrack — English interface.
skip-to-content = Skip to main content
nav-label = Main navigation
nav-dashboard = Dashboard
nav-my-unit = My commune
nav-dossiers = Dossiers
nav-templates = Procedures
nav-account = Account
nav-admin = Administration
language-label = Language
logout = Sign out
footer = plantrack — tracking the preparation of commune and ward general plans. Dates are dd/mm/yyyy; amounts in Vietnamese đồng (₫).
error-status = HTTP status
back-home = Back to the start page
none = None.
due = due
dated = dated
invalid-date = Invalid date; enter it as dd/mm/yyyy.
invalid-choice = Invalid choice.
days-late = { $days ->
    [one] 1 day late
   *[other] { $days } days late
}
days-left = { $days ->
    [one] 1 day left
   *[other] { $days } days left
}
recorded-at = recorded

login-title = Sign in
login-intro = Sign in with the account your administrator gave you.
login-username = Username
login-password = Password
login-submit = Sign in

account-title = Account
account-username = Username
account-name = Name
account-organisation = Organisation
account-role = Role
account-password-title = Change password
account-current-password = Current password
account-new-password = New password
account-confirm-password = New password again
account-password-hint = At least 12 characters. Changing it ends every session; you then sign in again.
account-password-submit = Change password
account-password-mismatch = The two new passwords differ.

role-administrator = Administrator
role-leadership = Provincial leadership
role-appraiser = Appraiser (Department of Construction)
role-department_officer = Department officer
role-commune_officer = Commune officer
role-consultant = Consultant
role-public = Resident

dashboard-title = Planning progress
dashboard-as-of = As of
dashboard-compare = Compare with
dashboard-compare-hint = For example the previous meeting's date, to see which dossiers moved and which fell behind.
dashboard-show = Show
dashboard-on = On
dashboard-dossiers = dossiers
dashboard-overdue = overdue
dashboard-due-soon = due soon
dashboard-overdue-list = Overdue dossiers
dashboard-due-soon-list = Dossiers due soon
map-title = Map of the commune general plans
map-legend = Legend (the number on the map is the stage)
map-table = Table instead of the map
map-unplanned = No dossier yet
map-open-dossier = Open the dossier
map-error = The map could not be loaded.
map-attribution = 2025 boundaries: sapnhap.bando.com.vn, via thanglequoc/vietnamese-provinces-database (MIT)
changes-title = What changed between the two dates
changes-advanced = Moved forward
changes-slipped = Newly overdue
changes-still-late = Still overdue, no move
changes-opened = Newly opened

col-stage = Stage
col-count = Dossiers
col-bar = Chart
col-overdue = Overdue
col-unit = Commune/ward
col-unit-code = Unit code
col-plan = Plan
col-type = Plan type
col-due = Due
col-status = Status
col-entered = Started
col-left = Finished
col-note = Note
col-document = Document
col-version = Version
col-date = Date
col-by = By
col-file = File
col-template = Procedure
col-key = Key
col-country = Country
col-stages = Stages
col-unverified = Unverified limits
col-length = Limit
col-runs-from = Runs from
col-basis = Legal basis
col-verification = Verification
col-created = Created

plan-type-commune_general = Commune general plan
plan-type-general_urban = Urban general plan
plan-type-zoning = Zoning plan
plan-type-detailed = Detailed plan
plan-type-investment_project = Investment project plan
plan-type-national_tourism_area = National tourism area plan
plan-type-rdtr = RDTR (Indonesia)

status-active = In progress
status-on_hold = On hold
status-completed = Completed

unit-code = Unit code
unit-kind = Unit type
unit-area = Area
unit-kind-province = Province
unit-kind-commune = Commune
unit-kind-ward = Ward
unit-kind-special_zone = Special zone
unit-lineage = Formed from (2025 reorganisation)
unit-no-lineage = No reorganisation record.
merge-full = whole unit merged
merge-partial = part merged
unit-plans = Plans
unit-no-plans = No plan registered yet.
timeline-title = Stages: due and actual
timeline-on-time = on time
timeline-current = in progress

dossier-stage = Current stage
dossier-status = Status
dossier-template = Procedure
dossier-consultant = Consultant
dossier-funding = Funding allocated
dossier-version = Dossier version
checklist-title = Documents this stage requires
checklist-none = This stage requires no document.
checklist-done = attached
checklist-missing = missing
actions-title = What you can do
actions-none = Your account has nothing to do at this stage.
actions-needs = Needs first:
form-reason = Reason / note
upload-title = Attach a document
upload-kind = Document kind
upload-doc-title = Document title
upload-doc-title-hint = For example: Synthesis of opinions, report 12/BC-UBND of 20/11/2025.
upload-file = File
upload-file-hint = PDF, DOCX, XLSX, DXF, DWG, ZIP, PNG or JPEG; at most
upload-submit = Upload
hold-title = Put the dossier on hold
hold-submit = Put on hold
resume-title = Resume the dossier
resume-submit = Resume
extend-title = Extend the deadline
extend-new-due = New due date
extend-approver = Approved by (person or decision)
extend-submit = Extend
documents-title = Documents
history-title = Dossier history

event-opened = Dossier opened
event-transitioned = Stage changed
event-put-on-hold = Put on hold
event-resumed = Resumed
event-document-attached = Attached
event-deadline-extended = Deadline extended to
event-body-changed = Body changed
event-consultant-changed = Consultant changed
event-funding = Funding allocated

list-title = Dossiers
list-search = Search commune or plan name
list-all = All
list-overdue-only = Overdue only
list-filter = Filter
list-count = { $count ->
    [one] 1 dossier
   *[other] { $count } dossiers
}
list-pages = Pages
list-prev = Previous
list-next = Next

templates-title = Planning procedures
templates-intro = Each procedure is data: its stages, the statutory time limits and their legal basis, the documents required, who may do what.
template-legal-basis = Legal basis
template-stages = Stages
template-limits = Time limit
template-required = Required documents
template-terminal = final stage
template-permissions = Who may do what
verification-legend = Verification: V = checked against the legal text; S = secondary source; U = unverified default the province should confirm.
verification-V = verified
verification-S = secondary source
verification-U = unverified
limit-calendar-days = { $n } days
limit-working-days = { $n } working days
limit-months = { $n } months
limit-from-stage = the stage's start
limit-from-document = the attachment of
permission-hold = Put on hold
permission-resume = Resume
permission-attach_document = Attach a document
permission-extend_deadline = Extend the deadline
permission-change_body = Change a body
permission-change_consultant = Change the consultant
permission-allocate_funding = Allocate funding

admin-title = Administration
audit-title = History integrity check
audit-intro = Recomputes every dossier's hash chain; an edited, deleted or reordered event is found.
audit-verify = Check now
audit-ok = Intact
audit-broken = Broken history found
audit-dossier = dossier
audit-event = event
audit-dossiers = dossiers
audit-events = events
audit-digest = Digest:
users-title = Accounts
users-cli-hint = Also on the command line: plantrack user create, plantrack token create.
user-disable = Disable
user-disabled = Disabled
tokens-title = API tokens
token-label = Label
token-last-used = Last used
token-revoke = Revoke
token-revoked = Revoked
user-create = Create an account
user-username-hint = 3–64 characters: lower-case letters without accents, digits, dot, underscore, hyphen.
user-created-password = The new account's password
token-create = Create an API token
token-created = New API token no.
secret-once = Copy it now: it is shown once and not stored in readable form.
