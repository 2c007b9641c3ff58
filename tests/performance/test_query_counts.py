"""Every page makes a fixed number of queries, whatever the volume of data behind it.

Counted without transaction control (the SAVEPOINTs the test's own transaction adds). Each
signed-in request also pays a fixed toll outside the page's own work: the session, the user,
their TOTP device and memberships, and saving the session at most once a minute (4 or 5);
and a page that shows personal data inserts its `view` entries into the audit log (1: the
sealer chains them later, off the request). The budget is 12 in all, or 12 of the page's
own for the application page, whose parts (complaints, letters, partners, meeting, minutes)
are one query each.
"""

from collections.abc import Callable

import pytest
from builders import days_ago
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casereview.applications.models import Application
from casereview.devdata.synthetic.seeder import seed

TOLL = ("django_session", "accounts_user", "otp_totp_totpdevice", "accounts_membership")
CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")
BUDGET = 12


def _queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(CONTROL)]


def _own(sql: list[str]) -> list[str]:
    """The page's own queries: not the sign-in toll, not the audit append."""
    return [q for q in sql if not any(f'"{t}"' in q.split(" WHERE ")[0] for t in TOLL)
            and "core_audit" not in q]  # fmt: skip


@pytest.fixture
def pages(demo: None, recorded) -> Callable[[], dict[str, list[str]]]:
    seed(30, 300, report=lambda _: None)
    # Open ones for the home page and the overdue filter (synthetic history is mostly closed).
    recorded()
    recorded(received=days_ago(10))
    case = (
        Application.objects.filter(partnership__slug="newcastle-under-lyme", minutes__isnull=False)
        .order_by("pk")
        .first()
    )
    assert case is not None

    def measure() -> dict[str, list[str]]:
        from helpers import sign_in_client

        from casereview.accounts.models import User

        pso = sign_in_client(Client(), User.objects.get(email="pso@nul.example"))
        urls = {
            "home": "/",
            "list": "/applications?status=concluded",
            "list page 2": "/applications?status=concluded&page=2",
            "overdue": "/applications?overdue=yes",
            "search": "/applications?q=victim",
            "detail": f"/applications/{case.reference}",
            "statistics": "/statistics",
        }
        return {name: _queries(pso, url) for name, url in urls.items()}

    return measure


def test_pages_make_the_same_few_queries_at_three_times_the_volume(pages) -> None:
    before = pages()
    seed(60, 600, report=lambda _: None)
    after = pages()
    assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}
    for name, sql in after.items():
        if name == "detail":
            assert len(_own(sql)) <= BUDGET, (name, _own(sql))
        else:
            assert len(sql) <= BUDGET, (name, sql)
