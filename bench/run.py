"""`make bench`: how long the threshold engine and the acknowledgement letter take.

Medians over many runs on this machine, printed as a table. Speed is measured here, never
asserted in the test suite, where a slow CI machine would make a timing test flaky.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def median_ms(work: Callable[[], Any], runs: int) -> float:
    work()  # warm caches (fonts, templates, imports) outside the measurement
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def engine_input(received: date, count: int) -> dict[str, Any]:
    """Fifty complaints of every kind: late, outside the window, linked, not relevant."""
    complaints = []
    for i in range(count):
        behaviour = received - timedelta(days=3 + (i * 5) % 200)
        reported = behaviour + timedelta(days=(i * 7) % 45)
        complaints.append(
            {
                "id": f"c{i + 1}",
                "behaviour_date": behaviour.isoformat(),
                "reported_date": min(reported, received).isoformat(),
                "agency": ("police", "council", "housing", "other")[i % 4],
                "relevant_body": i % 4 != 3,
                "reporter": f"resident-{i % 6}",
                "same_incident_as": f"c{i}" if i % 5 == 4 else None,
                "hate": i % 11 == 0,
            }
        )
    return {
        "received": received.isoformat(),
        "policy": {"hate_incident_rule": True, "community_min_reporters": 5},
        "complaints": complaints,
    }


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="casereview-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["CASEREVIEW_VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    from casereview.applications.demo import load_demo_cases
    from casereview.applications.letters import acknowledgement_html, recipient_of, render_pdf
    from casereview.applications.models import Application
    from casereview.partnerships.demo import load_demo
    from casereview.threshold.engine import evaluate

    call_command("migrate", verbosity=0)
    load_demo()
    load_demo_cases()
    data = engine_input(date(2026, 11, 20), 50)
    engine = median_ms(lambda: evaluate(data), runs=500)

    application = Application.objects.select_related("decision", "partnership__appeals_body").get(
        decision__met=True
    )
    recipient = recipient_of(application)

    def letter() -> bytes:
        return render_pdf(acknowledgement_html(application, application.decision, recipient))

    pdf = median_ms(letter, runs=30)
    shutil.rmtree(workdir, ignore_errors=True)
    print("| Measure                                          | Median    |")
    print("|--------------------------------------------------|-----------|")
    print(f"| Threshold engine, 50 complaints (parse+evaluate) | {engine:6.2f} ms |")
    print(f"| Acknowledgement letter, HTML + PDF/UA render     | {pdf:6.1f} ms |")


if __name__ == "__main__":
    main()
