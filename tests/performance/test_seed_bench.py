"""`casereview seed_bench`: realistic volumes whose audit chain still verifies."""

import io

import pytest
from django.core.management import CommandError, call_command

from casereview.applications.models import Application, Complaint, Letter
from casereview.core.audit_verify import audit_verify
from casereview.core.models import AuditEntry
from casereview.devdata.synthetic.letters import TINY_PDF
from casereview.reviews.models import Minutes, PartnerRequest


def test_seed_bench_loads_every_kind_of_row_and_keeps_the_chain(demo) -> None:
    before = AuditEntry.objects.count()
    out = io.StringIO()
    call_command("seed_bench", "--applications", "60", "--complaints", "600", stdout=out)
    assert "Seeded in" in out.getvalue()
    assert Application.objects.filter(partnership__slug="newcastle-under-lyme").exists()
    assert Application.objects.values("partnership").distinct().count() >= 8
    assert 450 <= Complaint.objects.count() <= 750
    assert Letter.objects.exists() and PartnerRequest.objects.exists()
    assert Minutes.objects.exists()
    assert AuditEntry.objects.count() > before + 60
    result = audit_verify()
    checked, broken = result.checked, result.problem
    assert broken is None and checked == AuditEntry.objects.count()
    # References continue each partnership's counter; search keys are filled.
    application = Application.objects.order_by("-pk").first()
    assert application is not None and application.victim_surname_key
    assert bytes(Letter.objects.first().pdf) == TINY_PDF and TINY_PDF.startswith(b"%PDF")
    with pytest.raises(CommandError, match="already holds"):
        call_command("seed_bench", "--applications", "10", "--complaints", "100")
