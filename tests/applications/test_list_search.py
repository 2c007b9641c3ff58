"""The application list: search by reference, victim's name or postcode, filters, pages."""

import re

from builders import case_at, days_ago

from casereview.applications.intake import VictimInput
from casereview.applications.models import postcode_key, search_key
from casereview.core.models import AuditEntry


def _victim(name: str, postcode: str) -> VictimInput:
    return VictimInput(
        name=name, postcode=postcode, contact_preference="email", email="v@example.org"
    )


def _page(client, query: str) -> str:
    response = client.get(f"/applications?{query}")
    assert response.status_code == 200
    return response.content.decode()


def _found(client, query: str) -> set[str]:
    """The references the list links to."""
    return set(re.findall(r'href="/applications/([A-Z]+-\d{4}-\d+)"', _page(client, query)))


def test_search_keys_are_plain_lower_case() -> None:
    assert search_key("  O'Brien-Smith,  Zoë ") == "o brien smith zoe"
    assert postcode_key("st5 1ab") == "ST51AB"


def test_staff_search_by_reference_name_surname_or_postcode(client_for, recorded) -> None:
    jordan = recorded(victim=_victim("Jordan Example", "ST5 1AB"))
    other = recorded(victim=_victim("Sam Sample", "ST16 2CD"))
    pso = client_for("pso@nul.example")
    for query in (
        f"q={jordan.reference.lower()}",
        "q=jordan",
        "q=JORDAN+EX",
        "q=example",
        "q=st5",
        "q=st5+1a",
        "q=ST51AB",
    ):
        page = _found(pso, query)
        assert jordan.reference in page and other.reference not in page, query
    assert "No applications match your search." in _page(pso, "q=nobody")
    # A victim's name after the first word matches only as the surname (the last word).
    assert jordan.reference not in _found(pso, "q=xample")


def test_search_keys_follow_the_name_and_are_erased_with_it(recorded) -> None:
    application = recorded(victim=_victim("Jordan Example", "ST5 1AB"))
    application.victim_name = "Jordan Changed"
    application.save(update_fields=["victim_name"])
    application.refresh_from_db()
    assert (application.victim_name_key, application.victim_surname_key) == (
        "jordan changed",
        "changed",
    )
    assert application.victim_postcode_key == "ST51AB"


def test_search_stays_inside_what_the_role_may_see(client_for, recorded) -> None:
    nul = recorded(victim=_victim("Jordan Example", "ST5 1AB"))
    sta = recorded(by="pso@sta.example", victim=_victim("Jordan Example", "ST5 1AB"))
    mine = recorded(by="intake@nul.example", victim=_victim("Jordan Example", "ST5 1AB"))
    page = _found(client_for("pso@nul.example"), "q=jordan")
    assert nul.reference in page and mine.reference in page and sta.reference not in page
    # Intake sees only what they recorded; another partnership's reference is not found.
    page = _found(client_for("intake@nul.example"), "q=jordan")
    assert mine.reference in page and nul.reference not in page
    assert "No applications match" in _page(client_for("pso@nul.example"), f"q={sta.reference}")


def test_filter_by_status_and_overdue(client_for, recorded) -> None:
    waiting = recorded(received=days_ago(10))  # its acknowledgement was due days ago
    fresh = recorded()
    decided = case_at("decided", met=False)
    pso = client_for("pso@nul.example")
    page = _found(pso, "overdue=yes")
    assert waiting.reference in page and fresh.reference not in page
    page = _found(pso, "status=threshold_not_met")
    assert decided.reference in page and waiting.reference not in page
    assert 'value="yes" checked' in _page(pso, "overdue=yes")


def test_twenty_a_page_newest_first_and_each_row_shown_is_audited(client_for, recorded) -> None:
    made = [recorded(received=days_ago(n // 2)) for n in range(22)]  # newest last
    pso = client_for("pso@nul.example")
    before = AuditEntry.objects.filter(action="view").count()
    first = _found(pso, "")
    assert first == {a.reference for a in made[:20]}
    assert "22 applications, page 1 of 2" in _page(pso, "")
    assert AuditEntry.objects.filter(action="view").count() == before + 40  # two requests
    assert _found(pso, "page=2") == {a.reference for a in made[20:]}


def test_the_search_form_works_without_javascript(client_for) -> None:
    page = _page(client_for("chair@nul.example"), "q=ab&status=received&overdue=yes")
    assert '<form method="get"' in page and 'name="q"' in page and 'value="ab"' in page
    assert 'value="received" selected' in page
