"""The radar page with 5,000 reports of 2,500 people (the issue's target: 200 ms or less).

    .venv/bin/python bench/radar.py [--reports 5000] [--people 2500] [--runs 20]

A fresh SQLite file under var/bench/: migrate, load the demo, then the synthetic truth set's
reports for Newcastle-under-Lyme, each linked to its true person (linkage is measured on its
own in docs/linkage.md). Then, in-process through Django's test client as the signed-in
coordinator: the median and worst time of `/radar`, `/radar?stage=threshold_met`, page 2
and `GET /api/v1/radar`, and how many people are on the radar. Measured here, not asserted
in the test suite.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--people", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "radar.sqlite3"
    db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.config.settings.local")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    from django.core.management import call_command
    from django.test import Client
    from helpers import sign_in_client

    from casereview.accounts.models import User
    from casereview.core.audit import Actor
    from casereview.core.dates import local_today
    from casereview.devdata.demo.partnerships import load_demo
    from casereview.devdata.feeds_truth import make_truth_set
    from casereview.feeds.models import Person, Report
    from casereview.partnerships.models import Agency, Partnership

    call_command("migrate", verbosity=0)
    load_demo()
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    agencies = {a.slug: a for a in Agency.objects.filter(partnership=partnership)}
    truth = make_truth_set(
        people=args.people,
        reports=args.reports,
        agencies=("police", "council", "housing"),
        today=local_today(),
    )
    people = {
        key: Person(partnership=partnership, public_id=f"bench-{key}")
        for key in set(truth.person_of.values())
    }
    Person.objects.bulk_create(people.values())
    people = {key: Person.objects.get(public_id=p.public_id) for key, p in people.items()}
    rows = []
    for slug, reports in truth.rows.items():
        for row in reports:
            reported, behaviour = (
                date.fromisoformat(row["reported_on"]),
                date.fromisoformat(row["behaviour_on"]),
            )
            rows.append(
                Report(
                    partnership=partnership,
                    agency=agencies[slug],
                    agency_reference=row["agency_reference"],
                    reported_on=reported,
                    behaviour_on=min(behaviour, reported),
                    first_name=row["first_name"][:100],
                    surname=row["surname"][:100],
                    postcode=row.get("postcode", "")[:10],
                    hate_related=row.get("hate_related") == "true" or row.get("category") == "hate",
                    status=row.get("status") or "open",
                    person=people[truth.person_of[(slug, row["agency_reference"])]],
                )
            )
    Report.objects.bulk_create(rows, batch_size=1000)
    pso = User.objects.get(email="pso@nul.example")
    client = sign_in_client(Client(), pso)
    from casereview.accounts.models import Membership
    from casereview.accounts.services import api_token_create as token_create

    _, raw = token_create(
        membership=Membership.objects.get(user=pso), name="bench", actor=Actor.system("bench")
    )
    print(f"{Report.objects.count()} reports of {Person.objects.count()} people")
    targets = {
        "/radar": {},
        "/radar?stage=threshold_met": {},
        "/radar?page=2": {},
        "/api/v1/radar": {"HTTP_AUTHORIZATION": f"Bearer {raw}"},
    }
    for url, headers in targets.items():
        client.get(url, **headers)  # warm
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        # CPU time as well as wall time: on a shared machine the wall clock includes waiting
        # for a core; the CPU time is what the request itself costs (SQLite runs in-process).
        print(
            f"{url:32} wall median {statistics.median(times):6.1f} ms "
            f"(worst {max(times):6.1f}); CPU median {statistics.median(cpu):6.1f} ms "
            f"({args.runs} runs)"
        )
    body = client.get("/api/v1/radar", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    print(f"on the radar: {body['count']} people; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
