from casereview.core.dates import local_today
from casereview.core.management.repeating import RepeatingCommand
from casereview.core.tasks import worker_heartbeat
from casereview.dataprotection.retention import retention_sweep
from casereview.letters.delivery import letters_retry
from casereview.reviews.reminders import send_due_notices


class Command(RepeatingCommand):
    help = (
        "The scheduled jobs: partner reminders and overdue notices, letters whose email "
        "failed, then the retention sweep. "
        "Safe to run as often as you like; hourly from cron or a systemd timer in production."
    )

    def run_once(self) -> str:
        today = local_today()
        notices = send_due_notices(today)
        resent = letters_retry()
        swept = retention_sweep(today)
        worker_heartbeat.enqueue()  # `casereview doctor` checks the worker ran it
        return (
            f"Sent {notices.reminders} reminders and {notices.overdue} overdue notices; "
            f"emailed {resent} letters that had failed; "
            f"erased {len(swept.erased)} applications past retention."
        )
