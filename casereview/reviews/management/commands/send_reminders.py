from casereview.core.dates import local_today
from casereview.core.management.repeating import RepeatingCommand
from casereview.reviews.reminders import send_due_notices


class Command(RepeatingCommand):
    help = (
        "Send partner reminders and overdue notices that are due. Safe to run as often as "
        "you like (each notice is sent at most once): hourly from cron or a systemd timer."
    )

    def run_once(self) -> str:
        report = send_due_notices(local_today())
        return f"Sent {report.reminders} reminders and {report.overdue} overdue notices."
