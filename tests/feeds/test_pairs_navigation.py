"""The coordinator finds the queue: a navigation link on every page (no query), and the number
waiting on the home page (one count query)."""

import re

import pytest
from clerical_model import report
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casereview.feeds.models import ReportPair
from casereview.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def _pairs(n: int) -> None:
    nul = Partnership.objects.get(slug="newcastle-under-lyme")
    for _ in range(n):
        ReportPair.objects.create(
            partnership=nul,
            first=report(nul, "police"),
            second=report(nul, "council"),
            match_probability=0.5,
            match_weight=0.0,
        )


def _queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_home_page_says_how_many_pairs_wait_with_one_count(demo, client_for) -> None:
    pso = client_for("pso@nul.example")
    page = pso.get("/").content.decode()
    assert "No pairs of partner reports to check" in page
    _pairs(3)
    page = pso.get("/").content.decode()
    assert (
        f'<a class="govuk-link" href="{reverse("feeds:pairs")}">3 pairs of partner reports' in page
    )
    sql = _queries(pso, "/")
    assert len([q for q in sql if "feeds_reportpair" in q]) == 1
    _pairs(4)
    assert len(_queries(pso, "/")) == len(sql)
    assert "7 pairs of partner reports" in pso.get("/").content.decode()


def test_the_navigation_links_the_queue_for_the_coordinator_only_without_a_query(
    demo, client_for
) -> None:
    _pairs(2)
    pso = client_for("pso@nul.example")
    page = pso.get(reverse("casework:list")).content.decode()
    assert f'href="{reverse("feeds:pairs")}"' in page and "Pairs to check" in page
    assert not [q for q in _queries(pso, reverse("casework:list")) if "feeds_reportpair" in q]
    for email in ("chair@nul.example", "police@nul.example", "intake@nul.example"):
        home = client_for(email).get("/").content.decode()
        assert "Pairs to check" not in home and "pairs of partner reports" not in home, email


def _current(page: str) -> list[str]:
    """The navigation items marked as the current page."""
    return re.findall(r'aria-current="(?:page|true)"[^>]*>\s*(?:<strong[^>]*>)?([^<]+?)\s*<', page)


def test_the_radar_is_offered_to_those_who_see_it_and_only_one_item_is_current(
    demo, client_for
) -> None:
    pso = client_for("pso@nul.example")
    assert _current(pso.get(reverse("feeds:pairs")).content.decode()) == ["Pairs to check"]
    assert _current(pso.get(reverse("feeds:radar")).content.decode()) == ["Radar"]
    assert 'href="/radar">' in client_for("chair@nul.example").get("/").content.decode()
    for email in ("police@nul.example", "intake@nul.example"):
        assert 'href="/radar">' not in client_for(email).get("/").content.decode(), email
