# plantrack — the errors of the API and of the pages (titles and details of problem+json documents).
problem-illegal-transition-title = Illegal transition
problem-illegal-transition-detail = '{ $action }' is not allowed while the dossier is in stage '{ $stage }'.
problem-role-not-allowed-title = Role not allowed
problem-role-not-allowed-detail = Role '{ $role }' may not perform '{ $action }'. Allowed roles: { $allowed }.
problem-missing-documents-title = Required documents missing
problem-missing-documents-detail = Stage '{ $stage }' cannot be left yet: missing { $missing }.
problem-wrong-status-title = Wrong dossier status
problem-wrong-status-detail = The dossier is { $status }; '{ $action }' is not possible.
problem-version-conflict-title = Dossier changed meanwhile
problem-version-conflict-detail = The dossier is at version { $actual }; the request was based on version { $expected }. Reload and try again.
problem-bad-date-title = Date not allowed
problem-bad-date-detail = Date { $date } is not allowed: { $why }.
problem-invalid-field-title = Invalid input
problem-invalid-field-detail = Field '{ $field }': { $message }.
problem-invalid-template-title = Invalid workflow template
problem-refused-title = Request refused
problem-not-found-title = Not found
problem-duplicate-title = Already exists
problem-invalid-file-title = Invalid file
problem-bad-request-title = Bad request
problem-precondition-title = Version precondition required
problem-precondition-dossier-version = Send the dossier version you read (If-Match or expected_version).
problem-method-not-allowed-title = Method not allowed
problem-too-large-title = Request body too large
problem-too-large-detail = The limit is 2 MiB.
problem-unauthorized-title = Sign in required
problem-unauthorized-detail = Sign in, or send a valid API token.
problem-forbidden-title = Not allowed
# The policy's own reason, written for developers in English.
problem-forbidden-detail = { $why }
problem-locked-title = Account temporarily locked
problem-locked-detail = Too many failed sign-ins; try again after { $until }.
problem-internal-title = Internal error
problem-internal-detail = Something went wrong; give the request id (x-request-id) to your administrator.
# What the store looked for and did not find, or found twice.
thing-dossier = dossier
thing-plan = plan
thing-unit = unit
thing-template = template
thing-user = user
thing-organisation = organisation
thing-token = token
thing-decision = decision
# Refusals that say more than "not allowed" (denied-<the policy's action>).
denied-create-token = A token is made only for your own account; an administrator may also make one for a service account, but never for another person (the history would name that person for what they did not do).
denied-manage-tokens = You may list and revoke only your own tokens.
denied-edit-calendar = A province's working-day calendar is changed only by that province's leadership or the administrator.
denied-edit-national-calendar = The national calendar (the law's holidays and the Government's arrangements) is entered only by the server's operator, at the command line.
denied-read-calendar = You may read only your own province's working-day calendar.
denied-record-decision = Decisions are recorded only by a province's leadership, for its own province.
denied-read-decisions = You may read only your own province's decisions.

date-problem-in-future = it is in the future
date-problem-before-last-event = the dossier's last event is dated { $last }, and a history reads forwards in time
date-problem-out-of-bounds = plantrack accepts dates from { $earliest } to { $latest }
date-problem-backdated = it lies { $days } days back; a change may be dated at most { $limit } days back, further only by the provincial leadership
