"""The audit viewer shows a partnership's auditor the entries about that partnership's own
records, whoever wrote them, and nothing one of its people did for another partnership."""

import csv
import io
import re
from collections.abc import Callable

import pytest
from builders import case_at
from django.db import transaction
from django.test import Client

from casereview.accounts.models import Membership, Role
from casereview.applications.models import Application
from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction, AuditEntry
from casereview.partnerships.models import Partnership

pytestmark = pytest.mark.usefixtures("demo")
AUDITOR = "dpo@nul.example"
TWO_HATS = "pso@sta.example"  # Stafford's coordinator, who also works for Newcastle


def _csv_rows(client: Client, **query: str) -> list[dict[str, str]]:
    response = client.get("/audit.csv", query)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _table(page: str) -> str:
    """The entries shown: the log's table body (an empty log has none)."""
    found = re.search(r"<tbody.*?</tbody>", page, re.DOTALL)
    return found.group(0) if found else ""


@pytest.fixture
def stafford_case(django_capture_on_commit_callbacks) -> Application:
    """A Stafford case taken as far as its acknowledgement letter, by Stafford's coordinator,
    who then also takes an intake role in Newcastle (one person, two partnerships)."""
    with django_capture_on_commit_callbacks(execute=True):
        application = case_at("decided", by=TWO_HATS)
    Membership.objects.create(
        user=Membership.objects.get(user__email=TWO_HATS).user,
        partnership=Partnership.objects.get(slug="newcastle-under-lyme"),
        role=Role.INTAKE,
    )
    return application


def _stafford_entries() -> set[int]:
    stafford = Partnership.objects.get(slug="stafford")
    return set(AuditEntry.objects.filter(partnership=stafford).values_list("id", flat=True))


@pytest.mark.parametrize("still_member", [True, False], ids=["member", "former member"])
def test_another_partnerships_work_of_a_shared_person_stays_out_of_the_log(
    client_for: Callable[[str], Client], stafford_case: Application, still_member: bool
) -> None:
    if not still_member:
        Membership.objects.filter(
            user__email=TWO_HATS, partnership__slug="newcastle-under-lyme"
        ).update(active=False)
    stafford_positions = _stafford_entries()
    assert stafford_positions, "the Stafford case wrote entries"
    auditor = client_for(AUDITOR)
    reference = stafford_case.reference
    for query in ({}, {"user": TWO_HATS}, {"application": reference}):
        # (The filter form and the download link repeat what was typed: only the table counts.)
        page = _table(auditor.get("/audit", query).content.decode())
        assert reference not in page, query
        assert "robin@example.org" not in page, query
        rows = _csv_rows(auditor, **query)
        assert not {int(r["entry"]) for r in rows} & stafford_positions, query
        assert not [r for r in rows if reference in str(r)], query
        assert "robin@example.org" not in str(rows), query
    # Their sign-ins and other acts that belong to no partnership are not Newcastle's either.
    positions = {int(r["entry"]) for r in _csv_rows(auditor)}
    nowhere = AuditEntry.objects.filter(partnership__isnull=True, actor_label=TWO_HATS)
    assert not positions & set(nowhere.values_list("id", flat=True))


def test_entries_about_the_partnerships_records_are_shown_whoever_wrote_them(
    client_for: Callable[[str], Client], stafford_case: Application
) -> None:
    newcastle = Partnership.objects.get(slug="newcastle-under-lyme")
    shared = Membership.objects.get(user__email=TWO_HATS, partnership=newcastle)
    with transaction.atomic():
        by_the_shared_person = audit_record(
            actor=Actor.for_membership(shared),
            action=AuditAction.VIEW,
            object_type="application",
            object_id="NUL-2026-0001",
            partnership_id=newcastle.pk,
            purpose="case review",
        )
        by_a_job = audit_record(
            actor=Actor.system("reminders"),
            action=AuditAction.DISCLOSE,
            object_type="letter",
            object_id="1",
            partnership_id=newcastle.pk,
            purpose="reminder",
        )
    auditor = client_for(AUDITOR)  # signing in is written before the log is read
    mine = set(AuditEntry.objects.filter(partnership=newcastle).values_list("id", flat=True))
    shown = {int(r["entry"]) for r in _csv_rows(auditor)}
    assert {by_the_shared_person.pk, by_a_job.pk} <= shown
    assert shown == mine
    # Stafford's own auditor sees the Stafford case, written by the shared person.
    stafford = Partnership.objects.get(slug="stafford")
    stafford_auditor = Membership.objects.create(
        user=Membership.objects.get(user__email="chair@sta.example").user,
        partnership=stafford,
        role=Role.AUDITOR,
    )
    client = client_for("chair@sta.example")
    client.post("/account/switch", {"membership": stafford_auditor.pk})
    theirs = {int(r["entry"]) for r in _csv_rows(client, user=TWO_HATS)}
    assert theirs and theirs <= _stafford_entries()
