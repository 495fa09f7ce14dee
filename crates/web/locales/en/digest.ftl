# The daily digest an organisation receives by mail (issue 13, item 6).
digest-subject = [plantrack] Your organisation's work on { $date }: { $overdue } overdue, { $soon } due soon
digest-greeting = Dear { $organisation },
digest-intro = Where your organisation's work stands (tasks, information requests, status calls) on { $date }:
digest-section-overdue = Overdue ({ $count })
digest-section-due-soon = Due in the next 7 days ({ $count })
digest-section-replies = New replies since yesterday ({ $count })
digest-item-overdue = { $text } — due { $due }, { $late ->
    [0] past due
    [one] { $late } working day late
   *[other] { $late } working days late
}
digest-item-due-soon = { $text } — due { $due }
digest-item-reply = { $text } — { $status } on { $on }
digest-status-done = done
digest-status-cancelled = cancelled
digest-status-delayed = delay explained by the department
digest-status-answered = answered
digest-kind-status-call = Status call on the plan
digest-kind-request-asked = Your information request
digest-kind-request-to-answer = Information request to you
digest-kind-task = Task
digest-footer = Sent by plantrack every day. Please report on your tasks in your organisation's inbox on plantrack.

weekly-subject = Weekly planning progress report { $week } (as of { $date })
weekly-greeting = Dear { $name },
weekly-body = Attached is the planning progress report as of { $date }, compared with { $compare } (PDF).
weekly-footer = Sent weekly by plantrack. To stop it, turn off "Weekly report" on your account page.
weekly-attachment-name = progress-report-{ $province }-{ $date }.pdf
