"""The demo's partner report feeds for Newcastle-under-Lyme: a few hundred reports from its
police, council and housing provider, imported through the feed import and linked, so that
`make run` shows a populated radar, pairs for the coordinator to check, and a person ready
for an application. Made-up people only (casereview.devdata.feeds_truth)."""

from datetime import date, timedelta

from casereview.core.audit import Actor
from casereview.core.dates import local_today
from casereview.devdata.feeds_truth import make_truth_set
from casereview.feeds.csvfeed import rows_parse
from casereview.feeds.linkage.run import link_partnership
from casereview.feeds.models import ImportSource, Report
from casereview.feeds.services.imports import feed_import
from casereview.partnerships.models import Agency, Partnership

DEMO_PARTNERSHIP = "newcastle-under-lyme"
DEMO_AGENCIES = ("police", "council", "housing")


def load_demo_feeds() -> None:
    """Safe to run again: a partnership that already has reports is left as it is."""
    partnership = Partnership.objects.get(slug=DEMO_PARTNERSHIP)
    if Report.objects.filter(partnership_id=partnership.pk).exists():
        return
    today = local_today()
    truth = make_truth_set(people=170, reports=400, agencies=DEMO_AGENCIES, today=today, seed=17)
    for agency, row in _ready_for_an_application(today):
        truth.rows[agency].append(row)
    actor = Actor.system("demo")
    for slug in DEMO_AGENCIES:
        feed_import(
            membership=None,
            actor=actor,
            partnership=partnership,
            agency=Agency.objects.get(partnership=partnership, slug=slug),
            feed=rows_parse(truth.rows[slug]),
            source=ImportSource.COMMAND,
            file_name=f"demo-{slug}.csv",
        )
    link_partnership(partnership.pk)


def _ready_for_an_application(today: date) -> list[tuple[str, dict[str, str]]]:
    """Margaret Okafor has told all three agencies about three incidents in six weeks, each
    recorded a little differently: the threshold is met from the agencies' own records."""

    def report(days_ago: int, reference: str, **who: str) -> dict[str, str]:
        on = (today - timedelta(days=days_ago)).isoformat()
        return {
            "agency_reference": reference,
            "reported_on": on,
            "behaviour_on": on,
            "category": "personal",
            "summary": "Neighbour's visitors shouting abuse and kicking the front door.",
            **who,
        }

    return [
        (
            "police",
            report(
                41,
                "POL-DEMO-0001",
                first_name="Margaret",
                surname="Okafor",
                date_of_birth="1958-04-09",
                address="14 Marsh Parade",
                postcode="ST5 1BT",
                phone="07700 900461",
            ),
        ),
        (
            "council",
            report(
                20,
                "COU-DEMO-0001",
                first_name="Maggie",
                surname="Okafor",
                address="14 Marsh Pde",
                postcode="st51bt",
                phone="+44 7700 900461",
            ),
        ),
        (
            "housing",
            report(
                6,
                "HOU-DEMO-0001",
                first_name="Margaret",
                surname="Okafor",
                date_of_birth="1958-04-09",
                postcode="ST5 1BT",
                email="M.Okafor@example.com",
            ),
        ),
    ]
