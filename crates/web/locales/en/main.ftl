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
footer = plantrack — tracking the preparation of commune and ward general plans. Dates are dd/mm/yyyy; amounts in Vietnamese đồng (đ).
error-status = HTTP status
back-home = Back to the start page
none = None.
due = due
dated = dated
invalid-date = Invalid date; enter it as dd/mm/yyyy.
invalid-known-on = Enter the time of knowledge as a date (dd/mm/yyyy) or as an RFC 3339 time such as 2025-11-25T17:00:00+07:00.
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
history-recorded-late = { $days ->
    [one] backdated: recorded 1 day late
   *[other] backdated: recorded { $days } days late
}

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
account-weekly-title = Weekly progress report by e-mail
account-weekly-intro = Every Monday, the province's planning progress report (PDF, compared with the week before) is sent to the address below.
account-weekly-enabled = Receive the weekly report
account-weekly-email = Address to send it to
account-weekly-submit = Save
account-password-title = Change password
account-current-password = Current password
account-new-password = New password
account-confirm-password = New password again
account-password-hint = At least 12 characters. Changing it ends every session and revokes your API tokens; you then sign in again.
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
dashboard-invalid-as-of = The day “{ $value }” is not a real date; enter it as dd/mm/yyyy. Today is shown instead.
dashboard-invalid-compare = The compare date “{ $value }” is not a real date; enter it as dd/mm/yyyy. Nothing is compared.
dashboard-compare-after = The compare date ({ $compare }) must come before the day shown ({ $as_of }): choose an earlier day, such as the previous meeting’s. Nothing is compared.
dashboard-as-known-on = As known on
dashboard-as-known-on-hint = Empty: everything recorded. Enter a date (dd/mm/yyyy) or the time printed on an earlier report to see exactly the report shown at that meeting.
dashboard-known-on = Figures as recorded up to
dashboard-history-digest = History digest:
dashboard-history-digest-hint = the same as the history check (plantrack audit verify) and an anchor saved outside the database print, if the history was not rewritten.
late-title = Recorded late
late-hint = Dossiers whose position on this day reads differently now than in the report made at the end of that day: a change was recorded with an earlier date.
late-then = reported then:
late-now = known now:
late-not-known = not in the report
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
col-length = Length
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

event-acted-person = account { $person } ({ $username }), { $organisation }
event-acted-account = account no. { $id }
event-acted-token = through token “{ $token }” (no. { $id })
event-acted-operator = the operator at the server's command line
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
template-answer-every-opinion = The stage is left only when every opinion has a response in the synthesis table.
template-required = Required documents
template-terminal = final stage
template-permissions = Who may do what
verification-legend = How sure the legal basis is: «verified» = checked against the article's text; «secondary source» = from guidance, the press or practice, not checked against the original text; «unverified» = a default the province should confirm.
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
permission-accept_conflict = Accept a conflict
permission-record_finding = Record an appraisal finding
permission-overrule_finding = Overrule a finding that needs revision

admin-title = Administration
audit-title = History integrity check
audit-intro = Recomputes every dossier's hash chain and rebuilds its current state from its events; an edited, deleted or reordered event, or an edited current state, is found.
audit-verify = Check now
audit-ok = Intact
audit-broken = Broken history found
audit-projections-differ = What people read (stage, status, stage spans…) differs from the event history; differences
audit-projection = DIFFERS: dossier { $dossier }, { $what }: stored { $stored }, rebuilt from its events { $rebuilt }
audit-projection-span = DIFFERS: dossier { $dossier }, stage span opened by event { $span }, { $what }: stored { $stored }, rebuilt from its events { $rebuilt }
audit-stage-count = DIFFERS: dossiers counted in { $key }: stored { $stored }, counted from the dossiers { $rebuilt }
audit-nothing = (none)
audit-what-state-field = field { $field } of the stored state (JSON)
audit-what = { $what ->
    [stage] stage
    [status] status
    [version] version
    [stage_entered_on] stage entered on
    [due_on] due date
    [head_hash] last hash
    [consultant] consultant
    [template] workflow template
    [state] stored state (JSON)
    [span] stage span
    [from_on] from
    [to_on] to
    [province_code] province code
    [unit_code] unit code
    [plan_type] plan type
    [recorded_at] recorded at
    [closed_at] closed at
   *[other] { $what }
}
audit-dossier = dossier
audit-event = event
audit-dossiers = dossiers
audit-events = events
audit-digest = Digest:
users-title = Accounts
users-cli-hint = Also on the command line: plantrack user create, plantrack token create.
user-disable = Disable
user-disabled = Disabled
user-enable = Enable
user-disable-confirm = The account will no longer sign in; its sessions and tokens stop. It can be enabled again later.
user-disable-yes = Yes, disable
tokens-title = API tokens
token-label = Label
token-last-used = Last used
token-revoke = Revoke
token-revoked = Revoked
user-create = Create an account
user-username-hint = 3–64 characters: lower-case letters without accents, digits, dot, underscore, hyphen.
user-created-password = The new account's password
token-create = Create an API token
user-service-account = Service account
user-service-account-hint = For an integration (a GIS sync, automatic reports): it has no password, cannot sign in, and acts only through tokens the administrator makes for it.
token-for-hint = An administrator makes tokens only for itself and for service accounts; each person makes their own on the Account page.
own-tokens-title = My API tokens
own-tokens-intro = A token lets a program use the API in your name; only you can make yours.
token-created = New API token no.
secret-once = Copy it now: it is shown once and not stored in readable form.
landuse-title = Land-use map check
landuse-none = No map yet. Upload a GeoJSON file of kind "GIS data": it is checked at once against the departments' layers.
landuse-checked-at = Checked at
landuse-zones = zones
landuse-layers = Layers checked
landuse-no-layers = no layer published yet
landuse-forbidden = forbidden
landuse-consult = department to consult
landuse-geometry = geometry problems
landuse-services = service or road gaps
landuse-zone = Zone
landuse-constraint = Constraint
landuse-layer = Layer
landuse-verdict = Verdict
landuse-area = Area (m²)
landuse-department = Department to consult
landuse-location = Location (lon, lat)
nav-layers = Layers
layers-title = Sectoral layers
layers-intro = Departments upload their constraint layers (defence land, forests, the tourism area, heritage, landslide and flash-flood zones, rice land, road and power-line corridors). Each upload is a new version; land-use maps are checked against the newest published version.
layers-name = Layer name
layers-owner = Owner
layers-latest = Newest version
layers-published = Published version
layers-features = Features
layers-categories = Constraint categories
layers-upload = Upload a new version
layers-key-hint = A short key, e.g. quoc-phong (lower-case letters, digits, hyphens).
layers-file-hint = GeoJSON (WGS 84), a zipped Shapefile (.zip with .shp, .shx, .dbf, .prj), a GeoPackage (.gpkg) or a DXF drawing; each feature an area with a category property (for DXF, the CAD layer's name), e.g. defence_security. Files without a coordinate system are read in the province's VN-2000 TM-3 plane.
layers-publish = Publish to communes and consultants
layers-encoding = Text encoding of older files (used when the file has no .cpg)
upload-progress = Upload progress
import-title = Layer import
import-progress = Import progress
import-running = reading and checking the features; this page updates itself.
import-done = Imported
import-failed = The import failed and nothing of it was kept:
import-interrupted = the server running it stopped before the end. Upload the file again.
import-back = Back to the layers
layers-no-file = Choose a file: GeoJSON, zipped Shapefile, GeoPackage or DXF.
event-conflict-accepted = Conflict accepted
landuse-accept = Accept the conflict
landuse-accepted = Accepted
landuse-accepted-by = Accepted by
landuse-not-checked = Not checked (layer not published yet)
ogc-title = Open geodata (OGC API – Features)
ogc-intro = The province's geodata for GIS software (QGIS, ArcGIS, GDAL) and for reading here: commune boundaries and the land-use maps of approved plans; signed-in staff also see the sectoral layers. Add this address to your GIS software as an "OGC API – Features" connection.
ogc-collections = Collections
ogc-conformance = Conformance classes
ogc-conformance-intro = The parts of the OGC API – Features standard this server implements.
ogc-api-definition = API definition (OpenAPI)
ogc-as-json = This page as JSON
ogc-as-geojson = These features as GeoJSON
ogc-browse = Browse the features
ogc-units-title = Commune-level units
ogc-units-description = Boundaries of the commune-level units after the 2025 reorganisation (WGS 84).
ogc-landuse-title = Land-use maps of approved plans
ogc-landuse-description = The zones of the newest land-use map of every plan that has been approved (WGS 84).
ogc-collection-title = Title
ogc-collection-id = Identifier
ogc-collection-description = Description
ogc-features = Features
ogc-extent = Extent (longitude, latitude)
ogc-items-shown = Features { $from }–{ $to } of { $matched }
ogc-map = Map of the features on this page
ogc-feature-id = Feature
ogc-properties = Properties
ogc-property = Property
ogc-value = Value
ogc-item-as-geojson = This feature as GeoJSON

# Why a move of the dossier page cannot be made yet
blocker-role = your role may not do this
blocker-unanswered-opinions = { $count } opinions still have no response in the synthesis table
blocker-last-event-after-today = the dossier's last event is dated { $date }, after today

# Meetings, the directive tracker and the inbox (issue 13).
nav-meetings = Meetings and directives
nav-inbox = Inbox
meetings-title = Meetings and directives
meetings-intro = The province's review meetings, their conclusions and the directives they gave. Follow them up:
meetings-none = No meeting yet.
col-meeting = Meeting
col-directive = Directive
col-assignee = Assigned to
col-done-on = Done on
col-evidence = Result, evidence
col-addressed = Organisations addressed
meeting-state-draft = in preparation
meeting-state-scheduled = scheduled
meeting-state-in-progress = in progress
meeting-state-closed = closed
meeting-kind = Held
meeting-kind-in_person = in person
meeting-kind-online = online
meeting-kind-hybrid = in person and online
meeting-connected = places connected:
meeting-venue = Venue
meeting-chair = Chaired by
meeting-report-then = The progress report as the meeting saw it
meeting-conclusions = Conclusions
meeting-no-conclusions = No conclusion yet.
meeting-amended = amended on
meeting-directives = Directives and how they are carried out
task-status-open = open
task-status-late = late
task-status-done = done
task-status-cancelled = cancelled
tracker-title = Directive tracker
tracker-as-of = As of
tracker-all = all
tracker-show = Show
tracker-summary = By directive, as of
tracker-escalated = Late enough for leadership's attention
tracker-working-days-late = working days late
tracker-tasks = Tasks
tracker-none = No task matches.
inbox-title = Your organisation's inbox
inbox-overdue = Overdue
inbox-due-soon = Due within 7 days
inbox-later = Open
inbox-nothing = None.
inbox-report-done = Report done

## What holds a dossier back, and its commune's tasks (dossier and commune pages)
blockers-title = What holds it back
blockers-none = Nothing holds it back now.
blockers-lifted = Blockers lifted
blocker-since = since
blocker-holder = who can lift it
blocker-lift = Record it lifted
blocker-lift-on = Lifted on
blocker-today-when-empty = Leave empty for today.
blocker-record = Record a blocker
blocker-category = Kind of blocker
blocker-category-unknown = that kind of blocker is not on the list
blocker-since-label = Holding it back since
blocker-note = What holds it back
blocker-category-higher-plan = Waiting for a directive or a higher-level plan
blocker-category-sectoral-information = Waiting for a department's sectoral information
blocker-category-consultant-capacity = Consultant capacity
blocker-category-funding = Funding
blocker-category-land-dispute = Land or boundary dispute
blocker-category-other = Other
commune-tasks-title = Tasks given to the commune
dashboard-tasks-late = Directed tasks overdue
dashboard-tasks-late-link = See the overdue tasks
dashboard-tasks-escalated = for leadership's attention

## The status call before a meeting
status-call-title = Status request
status-call-inbox-title = Status requests not answered
status-reply-answered = answered
status-reply-answered-late = answered late
status-reply-awaited = awaited
status-reply-missing = not answered
status-check-differs = the stage the commune gave differs from the one plantrack holds
status-check-differs-count = communes gave another stage than plantrack's
status-check-no-dossier = no dossier
status-col-stage-said = Stage the commune gave
status-col-next-step = Next step expected
status-choose-stage = — choose the stage —
status-no-blocker = Nothing holds it back
status-answer-submit = Send the status

## A meeting's agenda, participants and minutes
meeting-agenda = Agenda
meeting-participants = Invited
meeting-minutes = Minutes
meeting-minutes-unit = min
meeting-follows = The previous meeting of the series
agenda-state-open = open
agenda-state-done = done
agenda-state-carried = carried to the next meeting
agenda-carried-from = (from the previous meeting)
attended-yes = present
attended-no = absent
attended-unmarked = not marked
meeting-to-draft = Postpone (back to preparation)
meeting-to-scheduled = Schedule the meeting
meeting-to-in-progress = Start the meeting
meeting-to-closed = Close the meeting (freeze its conclusions)
meeting-form-unknown = That choice is not one the form offers.
meeting-form-minutes-number = Write the duration as a number of minutes, e.g. 15.
meeting-form-days-number = Write the number of days between meetings, e.g. 14.
meeting-form-until-needed = Give the day the series ends (dd/mm/yyyy).
series-title = Recurring meeting
series-none = This meeting does not recur.
series-every = Held every
series-days = days
series-until = until
series-next = Next meetings
series-how = When this meeting closes, the next one is prepared by itself: the same invitations, every item not done carried over. A day off moves it to the next working day.
series-set = Make it recur
series-every-label = Every (days, 7–92)
series-until-label = Until (dd/mm/yyyy)
series-save = Save the series
series-stop = Stop the series
agenda-settle = Settle the item
agenda-outcome = Outcome / note
agenda-mark-done = Done
agenda-mark-carried = Carry to the next meeting
agenda-add = Add an agenda item
agenda-item-title = Item
agenda-presenter = Presenter
agenda-duration = Duration (minutes)
agenda-unit = Commune code concerned (if any)
agenda-unit-hint = 5 digits, e.g. 03478 (Sìn Hồ).
meeting-invite = Invite
meeting-invite-choose = Choose the organisations to invite
conclusion-add = Write a conclusion
conclusion-amend = Amend a conclusion
conclusion-amends = The conclusion amended
conclusion-text = Conclusion
minutes-write = The meeting's minutes
minutes-save = Save the minutes
# Sectoral information requests (issue 13, item 4).
request-topic-forest-protection = forest and protection forest boundaries
request-topic-defence-land = defence and security land
request-topic-heritage = heritage sites
request-topic-minerals = mineral areas
request-topic-hazard-zones = natural hazard zones
request-topic-transport-irrigation = road and irrigation corridors
request-topic-development-projects = development projects
request-topic-other = other information
nav-requests = Information requests
requests-title = Sectoral information requests
request-withdraw = Withdraw the request
request-ask = Ask a department for information
request-ask-text = What is asked
request-ask-due = Answer due (dd/mm/yyyy)
request-ask-due-hint = Empty: 15 days after asking.
requests-intro = Communes, consultants and the Department of Construction ask the departments for the information plans need (forest boundaries, defence land, heritage, minerals, hazard zones, infrastructure corridors, projects). A department has 15 days to answer unless the request says otherwise.
requests-turnaround = Departments' turnaround as of
requests-none = No requests.
requests-all = All requests
col-department = Department
col-requests = Requests
col-answered = Answered
col-unanswered = Unanswered
col-late = Late
col-median-days = Days to answer (median)
col-share-late = Share late
col-requester = Asked by
col-topics = Information asked
col-asked-on = Asked on
request-late = overdue
request-expected-on = answer expected on
inbox-requests = Information requests to this organisation
inbox-requests-overdue = Overdue
inbox-requests-due-soon = Due within 7 days
inbox-requests-later = Awaiting an answer
request-documents = Documents of the answer (one per line)
request-answer = Answer
request-answer-submit = Send the answer
dashboard-turnaround = Departments' turnaround on information requests
request-delay-note = Why the answer is late
request-delay-submit = Explain the delay
inbox-digest = Daily digest
inbox-digest-about = Every day plantrack e-mails this address the tasks overdue, due in the next 7 days and reported yesterday. Leave it empty to receive none.
inbox-digest-email = Your organisation's e-mail address
inbox-digest-language = Language of the digest
inbox-digest-save = Save

# The forecast (issue 14)
forecast-risk-title = Communes at risk of missing the target
forecast-fan-title = Approval forecast
forecast-show = Show the forecast
forecast-col-commune = Commune
forecast-col-stage = Stage it is in
forecast-col-chance = Chance of meeting the target
forecast-col-likely = Most likely approved on
forecast-blocked = blocked
forecast-counts = { $total } general plans not yet approved are forecast; { $approved } are approved.
forecast-fan-caption = Most likely approved on { $p50 }; 8 chances in 10 between { $p10 } and { $p90 }. Chance of meeting the target { $target }: { $chance }.
forecast-not-pending = This dossier is no longer waiting for approval (approved, or its procedure has no approval stage).
forecast-note = A statistical estimate, not a promise. As of { $as_of }, with only what was recorded by then: { $simulations } simulated futures per dossier from how long each stage of the procedure actually took in the province (the country when the province has too few; the statutory limit when the country has too few too), in working days with the lunar holidays, holds and extensions included, given the days the dossier has already spent in its stage and its open blockers.
meeting-papers-minutes = Download the minutes
meeting-papers-notice = Download the conclusion notice
