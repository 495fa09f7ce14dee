# plantrack — the command line (crates/app/src/cli): messages, column headers and refusals.

## Common
cli-error = Error: { $message }
cli-internal-error = Error: the stored data or the database has a problem, and the command could not run. The technical detail is in the log line above; tell the system administrator (plantrack audit checks the history).
cli-check-stopped = the check stopped: { $error }
cli-active = active

## Table column headers
cli-col-id = id
cli-col-username = username
cli-col-name = name
cli-col-role = role
cli-col-organisation = organisation
cli-col-created = created
cli-col-status = status
cli-col-kind = kind
cli-col-province = province
cli-col-unit = unit
cli-col-user = user
cli-col-label = label
cli-col-last-used = last used
cli-col-date = date
cli-col-holiday = holiday
cli-col-plan-type = plan type
cli-col-stage = stage
cli-col-due = due
cli-col-event = event
cli-col-who = who
cli-col-why = why
cli-col-zone = zone
cli-col-problem = problem
cli-col-area = area m²
cli-col-lon-lat = lon, lat
cli-col-land-use = land use
cli-col-share = share
cli-col-per-person = m²/person
cli-col-norm = norm
cli-col-assessment = assessment
cli-col-facility = facility
cli-col-layer = layer
cli-col-features = features
cli-col-conflicts = conflicts
cli-col-constraint = constraint
cli-col-category = category
cli-col-verdict = verdict
cli-col-of-zone = of zone
cli-col-department = department
cli-col-key = key
cli-col-owner = owner
cli-col-latest = latest
cli-col-published = published
cli-col-count = count
cli-col-overdue = overdue
cli-col-due-soon = due soon
cli-col-on-hold = on hold
cli-col-days-late = days late
cli-col-version = version
cli-col-country = country
cli-col-stages = stages
cli-col-time-limits = time limits
cli-col-code = code
cli-col-merged-from = merged from

## plantrack migrate
cli-migrate-up-to-date = The database is up to date.
cli-migrate-applied = { $count ->
    [one] Applied { $count } migration: { $list }.
   *[other] Applied { $count } migrations: { $list }.
}
cli-migrate-app-role = Role { $role } granted exactly what the application needs: it reads, writes the current-state tables, and only appends to the event history (never changes or removes an event).

## plantrack demo, plantrack serve --demo
cli-demo-step = demo: { $step }
cli-demo-loaded = Lai Châu demo loaded: { $units } units, { $plans } plans, { $events } events; meeting date { $date }.
cli-demo-mode-banner = === LAI CHÂU DEMO — demo accounts, not for real use ===
cli-demo-users = { $role }: { $users }
cli-demo-password = Password (the same for every demo account): { $password }
cli-demo-password-earlier = Password: printed when the demo accounts were made (the first run on this database).
cli-demo-open = Open in a browser: http://{ $addr }
cli-demo-today = The demo's today: { $today }, after the provincial meeting of { $meeting } (change it with --demo-today YYYY-MM-DD).
cli-demo-accounts = Accounts by role:
cli-demo-more = … ({ $count } accounts in all)
cli-serve-swept = Document store swept: removed { $partial } partial uploads, { $unreferenced } unreferenced files ({ $size }).
cli-serve-open = plantrack: open http://{ $addr } in a browser
cli-documents-unusable = The document store { $location } cannot be used: { $error }

## plantrack audit
cli-audit-progress = { $count } events checked
cli-audit-intact = History intact: { $dossiers } dossiers, { $events } events; digest { $digest }
cli-audit-broken = BROKEN: dossier { $dossier } event { $seq }: { $problem }
cli-audit-broken-row = BROKEN: dossier { $dossier } event { $seq } (row { $row }): { $problem }
cli-audit-broken-error = the history is broken at dossier { $dossier } event { $seq }
cli-audit-projection-more = … and { $count } more differences (see --format json)
cli-audit-projection-error = { $count } differences between the current-state tables and the event history
cli-audit-anchored = Anchor appended to { $file } at { $at }: { $dossiers } dossiers, { $events } events; digest { $digest }
cli-audit-anchor-refused = the history does not hold, so no anchor was written
cli-audit-anchor-extends = The history extends the anchor of { $at } ({ $dossiers } dossiers, digest { $digest })
cli-audit-anchor-gone = GONE: dossier { $dossier } (anchored up to event { $seq }) has no events now
cli-audit-anchor-shorter = ROLLED BACK: dossier { $dossier } now ends at event { $now }; it was anchored up to event { $seq }
cli-audit-anchor-rewritten = REWRITTEN: dossier { $dossier }, event { $seq } no longer has its anchored hash
cli-audit-anchor-error = the history does not extend the anchor of { $at }: { $count } dossier(s) rolled back or rewritten ({ $dossiers })
cli-anchor-file-io = cannot read or write the anchor file { $file }: { $error }
cli-anchor-file-empty = the anchor file { $file } holds no anchor
cli-anchor-file-malformed = line { $line } of the anchor file { $file } is not an anchor: { $error }
cli-anchor-file-inconsistent = line { $line } of the anchor file { $file } does not add up to its own digest: the line was edited

## plantrack user, plantrack token
cli-password-prompt = Password (one line; it is not hidden as you type):
cli-password-missing = no password on standard input
cli-user-disabled-on = disabled { $date }
cli-user-disabled = { $username } is disabled: its sessions have ended and its tokens stopped.
cli-user-enabled = Enabled the account { $username }: it signs in with its password as before.
cli-password-new-shown = New password for { $username }; it is shown once, below, and stored only as a hash:
cli-password-changed = Password of { $username } changed; its sessions have ended.
cli-org-kind-mismatch = organisation '{ $name }' exists and is a { $kind }, not a { $wanted }
cli-org-other-province = organisation '{ $name }' exists in province { $province }, not { $wanted }
cli-org-missing = organisation '{ $name }' does not exist; to create it, add --new-organisation-kind KIND --province CODE [--unit CODE] (`plantrack user organisations` lists those that exist)
cli-role-needs-kind = a { $role } belongs to a { $kind } organisation, not a { $given }
cli-role-wrong-org = a { $role } belongs to a { $kind } organisation, and '{ $name }' is a { $given }
cli-org-created = Created organisation { $name } ({ $kind }, province { $province }).
cli-user-created = Created user { $username } ({ $role }) in { $organisation }.
cli-service-account = service account
cli-service-account-created = Created service account { $username } ({ $role }) in { $organisation }: it has no password; make it a token with plantrack token create.
cli-user-password-shown = Its password is shown once, below, and stored only as a hash:
cli-token-created = Token { $id } for { $username } ({ $label }); its secret is shown once, below, and stored only as a hash. Send it as `Authorization: Bearer <secret>`.
cli-token-never = never
cli-token-revoked-on = revoked { $date }
cli-token-revoked = Token { $id } revoked.

## plantrack calendar
cli-year-out-of-range = year must be between 1950 and 2100
cli-day-off = day off
cli-working-day = working day
cli-working-days = { $count } working days in { $year }
cli-note-required = --note must say why
cli-override-set = { $date }: set
cli-override-removed = { $date }: removed
cli-no-override = { $date } has no override

## plantrack dossier
cli-dossier-title = dossier { $id } — plan { $plan } — { $template } v{ $version }
cli-dossier-stage = stage: { $stage } (since { $since }), status: { $status }
cli-dossier-due = due: { $due }
cli-dossier-consultant = consultant: { $name }
cli-dossier-funding = funding: { $amount } ({ $decision } of { $date })
cli-dossier-document = document: { $kind } — { $title } ({ $date })
cli-dossier-moved = dossier { $id }: { $event } → stage { $stage } (version { $version })

## plantrack check
cli-check-plan = plan: { $file }
cli-check-reading = reading { $file }
cli-check-bad-meridian = --meridian { $meridian }: Vietnam's meridians lie between 100° and 112°
cli-check-no-meridian = no TM-3 meridian is known for province { $province }; give it with --meridian (degrees)
cli-check-meridian-unconfirmed = Note: province { $province } is measured in the { $meridian }° zone of the former province holding its seat, not yet confirmed by the province since the 2025 reorganisation; a map made before 01/07/2025 in { $others } is in another zone — then give --meridian.
cli-check-no-layers = { $folder }: no layer in the folder ({ $extensions })
cli-check-checking = checking { $count } layers
cli-check-zones-valid = Zones: valid, none overlapping.
cli-check-coverage = Coverage: unit { $unit } m², zones { $zones } m², left out { $left } m², outside { $outside } m².
cli-check-ok = ok
cli-check-below-norm = BELOW NORM
cli-check-services-ok = Services: every residential zone within reach of each facility, and of the road network.
cli-check-summary = { $zones } zones, { $area } m², checked in { $crs } against { $layers } layers: { $forbidden } forbidden, { $consult } to consult.
cli-check-layer-checked = checked
cli-check-no-conflict = No conflict.
cli-check-empty-file = { $file }: the file is empty (0 bytes); there is nothing to check
cli-check-no-zones = { $file }: the plan has no zone to check
cli-check-empty-layer = { $file }: the layer has no feature, so nothing was checked against it
cli-check-invalid-zones = Warning: { $count } zones have invalid geometry (self-crossing, bow-tie) and were not overlaid: { $zones }
cli-check-invalid-features = Warning: layer { $layer } has { $count } features with invalid geometry, not overlaid
cli-check-dropped-small = Layer { $layer }: { $count } overlaps under the minimum area were not counted as conflicts (together { $area } m²)
cli-check-no-conflict-among-valid = No conflict among the valid features; { $count } features with invalid geometry were not checked.
cli-verdict-forbidden = forbidden
cli-verdict-consult = consult
cli-verdict-allowed = allowed

## plantrack layers
cli-layers-importing = importing { $file }
cli-layers-imported = { $key }: version { $version } with { $features } features
cli-layers-imported-published = { $key }: version { $version } with { $features } features, published

## plantrack progress
cli-progress-title = Progress — { $date } — { $total } dossiers
cli-progress-known-on = As recorded up to { $time } (to print this very report again: --as-known-on { $time })
cli-progress-digest = History digest { $digest } (the same as `plantrack audit verify` and a saved anchor print when this report was computed from that very history)
cli-progress-overdue = Overdue:

## plantrack templates
cli-limit-days = { $length ->
    [one] ≤{ $length } day
   *[other] ≤{ $length } days
}
cli-limit-working-days = { $length ->
    [one] ≤{ $length } working day
   *[other] ≤{ $length } working days
}
cli-limit-months = { $length ->
    [one] ≤{ $length } month
   *[other] ≤{ $length } months
}
cli-template-added = { $key } v{ $version }: added
cli-template-present = { $key } v{ $version }: already present

## plantrack units
cli-units-no-file = give at least one file to import
cli-units-imported = { $file }: { $units } units, { $boundaries } boundaries, { $lineage } lineage entries
cli-unit-area = area: { $area } km²

# The database is older than this build
cli-not-migrated = The database needs { $pending } migration(s). Run `plantrack migrate` first.
# The access policy refused
cli-denied = This account may not do this (outside its scope or role).

## plantrack backup, plantrack restore
cli-backup-done = Backed up to { $file }: { $tables } tables, { $rows } rows, { $documents } documents ({ $bytes } bytes, schema { $schema }).
cli-backup-file = cannot read or write { $file }: { $error }
cli-backup-no-documents = warning: the documents folder { $folder } does not exist, so the backup holds no documents; if the server keeps them elsewhere, name that folder with --documents or PLANTRACK_DOCUMENTS
cli-backup-document-damaged = the kept document { $sha256 } no longer has its content's hash: the document store is damaged, no backup was written
cli-backup-not-migrated = the database has never been migrated: there is nothing to back up
cli-restore-done = Restored { $file } (taken { $taken } from { $from }) into { $to }: { $tables } tables, { $rows } rows, { $documents } documents.
cli-restore-not-a-backup = { $file } is not a plantrack backup; nothing was restored
cli-restore-damaged = the backup is damaged or cut short ({ $error }); nothing was restored
cli-restore-newer-format = the backup was written in format { $found }, newer than this plantrack reads ({ $supported }); restore it with the version that made it
cli-restore-newer-schema = the backup's database schema ({ $backup }) is newer than this plantrack's ({ $build }); restore it with a plantrack at least as new; nothing was restored
cli-restore-database-not-empty = the target database is not empty (table { $table } has data); restore into a new, empty database; nothing was restored
cli-restore-schema-differs = the target database is at schema { $target }, the backup at { $backup }; restore into a new database that was never migrated; nothing was restored
cli-restore-mismatch = the target database has no { $what }, which the backup holds; nothing was restored

# Meetings, directives, tasks and blockers (issue 13).
cli-col-title = title
cli-col-directive = directive
cli-col-assignee = assigned to
cli-col-done-on = done on
cli-col-since = since
cli-col-lifted = lifted on
cli-col-blocker = held back by
cli-meeting-draft = in preparation
cli-meeting-scheduled = scheduled
cli-meeting-in-progress = in progress
cli-meeting-closed = closed
cli-meeting-created = Meeting { $id } of { $date } created (in preparation; no invitations sent yet).
cli-meeting-recurs = Recurs every { $every } days until { $until }; next meetings: { $next }
cli-meeting-does-not-recur = The meeting no longer recurs: closing it prepares no next meeting.
cli-directive-given = Directive { $id } given: { $tasks } tasks, due { $due }.
cli-task-open = open
cli-task-done = done
cli-task-late = late
cli-task-cancelled = cancelled
cli-blocker-higher-plan = waiting for a directive or a higher-level plan
cli-blocker-sectoral-information = waiting for a department's sectoral information
cli-blocker-consultant-capacity = consultant capacity
cli-blocker-funding = funding
cli-blocker-land-dispute = land or boundary dispute
cli-blocker-other = other
cli-blocker-recorded = Blocker { $id } recorded: { $category }.
cli-blocker-lifted = Blocker { $id } lifted as of { $date }.
cli-audit-follow-up-intact = Meetings, directives, tasks, blockers and information requests: { $events } events, every chain intact.
cli-audit-follow-up-missing = The follow-up history of province { $province } has lost the event just before event { $seq }.
cli-audit-follow-up-unlinked = The follow-up history of province { $province }: event { $seq } does not follow the event before it.
cli-audit-follow-up-changed = The follow-up history of province { $province }: event { $seq } was changed after it was written.
cli-col-stage-check = against plantrack
cli-col-next-step = next step expected
cli-col-meeting = meeting
cli-col-note = note
cli-reply-answered = answered
cli-reply-answered-late = answered late
cli-reply-awaited = awaited
cli-reply-missing = not answered (overdue)
cli-stage-check-matches = matches
cli-stage-check-differs = differs
cli-stage-check-no-dossier = no dossier
cli-status-call-head = Status call { $id }, sent { $asked }, answers due { $due }:
cli-status-answered = Answer of { $organisation } recorded (stage against plantrack: { $check }).
cli-agenda-open = open
cli-agenda-done = done
cli-agenda-carried = carried to the next meeting
cli-meeting-attendance = { $came } of { $invited } organisations invited came.

# Sectoral information requests (issue 13, item 4).
cli-col-topics = information asked
cli-col-asked-on = asked on
cli-col-closed-on = answered or withdrawn on
cli-col-requests = requests
cli-col-answered = answered
cli-col-open = unanswered
cli-col-late = late
cli-col-median-days = days to answer (median)
cli-col-share-late = share late
cli-request-late = overdue, unanswered
cli-request-asked = { $count } information request(s) sent to { $department }, due { $due }.
cli-request-answered = Answer to request { $id } recorded as of { $date }.
cli-request-delayed = Delay of request { $id } explained; answer expected { $date }.
cli-request-withdrawn = Request { $id } withdrawn as of { $date }.

# Organisations' contacts and the daily digest
cli-col-email = e-mail
cli-col-language = language
cli-col-replies = replies
cli-org-contact-set = { $organisation }: daily digest to { $email }, in { $language }.
cli-digest-day = Digests of { $date }:
cli-digest-sent = sent
cli-digest-would-send = would send
cli-digest-no-address = skipped: no contact address
cli-digest-empty = skipped: nothing to report
cli-digest-already-sent = skipped: already sent that day
cli-digest-failed = failed: { $why }
cli-digest-bad-mail = The mail server settings are wrong: { $error }
cli-digest-mail-off = No mail server is configured (PLANTRACK_SMTP_HOST); use --dry-run to see what would be sent.
cli-digest-some-failed = { $count ->
    [one] { $count } digest could not be sent through the mail server { $server }; the next run retries it.
   *[other] { $count } digests could not be sent through the mail server { $server }; the next run retries them.
}
cli-mail-no-sender = PLANTRACK_MAIL_FROM must name the sender when PLANTRACK_SMTP_HOST is set.
cli-mail-half-credentials = PLANTRACK_SMTP_USER and PLANTRACK_SMTP_PASSWORD go together.
cli-mail-bad-address = not a valid e-mail address ({ $error }).

# plantrack report
cli-report-unknown-format = the format "{ $format }" is not supported; choose one of docx, pdf, xlsx, csv. No file was written.
cli-report-failed = the report could not be made: { $error }. No file was written.
cli-report-written = Wrote the { $format } report to { $file } ({ $bytes } bytes).
# The forecast (issue 14)
cli-col-dossier = dossier
cli-col-p-meet = chance on time
cli-col-p10 = early (P10)
cli-col-p50 = likely (P50)
cli-col-p90 = late (P90)
cli-col-decile = probability range
cli-col-predicted = mean predicted
cli-col-observed = observed
cli-forecast-title = Approval forecast — as of { $date } — target { $target } ({ $from }) — { $count } dossiers not yet approved, { $approved } approved
cli-forecast-target-given = the reader's target
cli-forecast-target-directive = the due date of the directive to finish the plans
cli-forecast-target-default = first quarter of 2026
cli-forecast-estimate = A statistical estimate, not a promise: { $simulations } simulated futures per dossier (seed { $seed }) from how long each stage actually took in the province (or the country, or its statutory limit when there are too few), counted in working days, lunar holidays included; only what was recorded by the end of that day is used.
cli-backtest-title = Backtest: forecasts made on { $from } for { $to } — { $count } dossiers, { $approved } approved by then
cli-backtest-brier = Brier score { $brier } (0 is perfect; always saying the base rate scores { $reference })
cli-paper-unknown-format = the format "{ $format }" is not supported for minutes and notices; choose docx or pdf. No file was written.
cli-paper-unknown-section = there is no part "{ $section }"; choose among { $known }, or all, none. No file was written.
cli-paper-status-before-meeting = the status day cannot be before the meeting's day, { $held_on }. No file was written.
cli-paper-written = Wrote the { $format } { $paper ->
    [minutes] minutes
   *[notice] conclusion notice
} to { $file } ({ $bytes } bytes).
cli-col-attachment = attachment
cli-weekly-day = Weekly report { $week } (as of { $date }):
cli-weekly-on = { $username } will receive the weekly progress report at { $email }.
cli-weekly-off = { $username } no longer receives the weekly progress report.
cli-weekly-role-refused = { $username } (role { $role }) cannot receive the weekly report: only leadership and administrator accounts may opt in.

# consultation (issue 15)
cli-col-round = round
cli-col-opens-on = from
cli-col-closes-on = to
cli-col-opinions = opinions
cli-consultation-opened = Consultation { $id } opened (round { $round }): residents from { $opens } to { $closes }; agencies reply by { $agencies }.
cli-consultation-heading = Consultation { $id } (round { $round }), unit { $unit }: residents from { $opens } to { $closes }; agencies reply by { $agencies }.
cli-consultation-consultee = Consultee { $id } ({ $name }): { $status }; deadline { $deadline }.
cli-consultation-removed = Consultee { $id } removed from the register.
cli-consultation-silence-is-agreement = Province { $province }: an agency that has not replied by its deadline is taken to agree.
cli-consultation-silence-is-not-agreement = Province { $province }: an agency that has not replied by its deadline is not taken to agree (the default).
cli-consultation-opinion-added = Opinion { $id } recorded.
cli-consultation-answered = Opinion { $id } answered ({ $answers } responses).
cli-consultation-summarised = The summary of topic { $topic } is written.
cli-consultation-complete = The table is complete: every opinion answered, every topic summarised.
cli-consultation-incomplete = The table is not complete: { $unanswered } opinions unanswered; topics without a summary: { $topics }.
cli-consultation-exported = Wrote { $file } ({ $rows } opinions).

## plantrack consultation group
cli-group-unreadable = { $file }: cannot be read: { $error }
cli-group-empty = { $file }: there is no opinion to group (the file is empty)
cli-group-not-json = { $file }, line { $line }: not valid JSON ({ $error })
cli-group-not-object = { $file }, line { $line }: each line must be one opinion, a JSON object such as {"{"}"id": "1", "text": "…"{"}"}
cli-group-no-id = { $file }, line { $line }: the opinion has no "id" (a text or a number)
cli-group-no-text = { $file }, line { $line }: the opinion has no "text"
cli-group-duplicate = { $file }, line { $line }: the id { $id } was already given on line { $first }
cli-group-bad-point = { $file }, line { $line }: "lon" and "lat" must be given together, in degrees (longitude -180 to 180, latitude -90 to 90)
cli-group-summary = { $opinions } opinions in { $groups } groups
cli-group-heading = Group { $number }: { $size ->
    [one] 1 opinion
   *[other] { $size } opinions
}
cli-group-ids = ids: { $ids }
