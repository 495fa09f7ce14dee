# The daily digest an organisation receives by mail (issue 13, item 6).
digest-subject = [plantrack] Tasks on { $date }: { $overdue } overdue, { $soon } due soon
digest-greeting = Dear { $organisation },
digest-intro = The tasks assigned to your organisation as of { $date }:
digest-section-overdue = Overdue ({ $count })
digest-section-due-soon = Due in the next 7 days ({ $count })
digest-section-replies = Reported yesterday ({ $count })
digest-item-overdue = { $text } — due { $due }, { $late ->
    [0] past due
    [one] { $late } working day late
   *[other] { $late } working days late
}
digest-item-due-soon = { $text } — due { $due }
digest-item-reply = { $text } — { $status } on { $on }
digest-status-done = done
digest-status-cancelled = cancelled
digest-footer = Sent by plantrack every day. Please report on your tasks in your organisation's inbox on plantrack.
