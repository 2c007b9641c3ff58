"""A backup restores the database as it was: the same rows and an unbroken audit chain."""

import pytest
from builders import application_input
from django.core.management import call_command

from casereview.accounts.models import Membership
from casereview.applications.models import Application
from casereview.applications.services import application_record
from casereview.core.audit_verify import audit_verify
from casereview.core.models import AuditEntry
from casereview.devdata.demo.partnerships import load_demo


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_round_trips(tmp_path) -> None:
    load_demo()
    pso = Membership.objects.select_related("user", "partnership").get(
        user__email="pso@nul.example"
    )
    application_record(membership=pso, data=application_input())
    before = (Application.objects.count(), AuditEntry.objects.count())
    target = tmp_path / "casereview.backup"
    call_command("backup", str(target))
    assert target.stat().st_size > 0

    application_record(membership=pso, data=application_input())  # after the backup
    assert Application.objects.count() == before[0] + 1

    call_command("restore", str(target))
    assert (Application.objects.count(), AuditEntry.objects.count()) == before
    result = audit_verify()
    checked, problem = result.checked, result.problem
    assert problem is None and checked == before[1]
