from casereview.core.dates import local_today
from casereview.core.management.repeating import RepeatingCommand
from casereview.core.wording import counted
from casereview.reviews.reminders import send_due_notices


class Command(RepeatingCommand):
    help = (
        "Send partner reminders and overdue notices that are due. Safe to run as often as "
        "you like (each notice is sent at most once): hourly from cron or a systemd timer."
    )

    def run_once(self) -> str:
        report = send_due_notices(local_today())
        return (
            f"Sent {counted(report.reminders, 'reminder')} and "
            f"{counted(report.overdue, 'overdue notice')}."
        )
