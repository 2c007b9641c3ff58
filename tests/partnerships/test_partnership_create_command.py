"""`casereview partnership_create`: a new partnership, ready for its administrator."""

import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from casereview.accounts.models import Membership
from casereview.core.models import AuditEntry
from casereview.partnerships.models import CaseSettings, Partnership, ThresholdPolicyVersion

pytestmark = pytest.mark.django_db(transaction=True)

ARGS = [
    "--name", "Leek Partnership", "--slug", "leek", "--prefix", "LEK",
    "--contact-name", "Leek Vulnerability Hub", "--contact-email", "hub@leek.example",
    "--appeals-body", "staffs-pcc", "--appeals-body-name", "Staffordshire Commissioner",
    "--appeals-body-email", "appeals@staffs.example",
    "--admin-email", "Admin@Leek.example", "--admin-name", "Lee Admin",
]  # fmt: skip


def test_adds_the_partnership_and_invites_its_administrator(settings) -> None:
    settings.SITE_URL = "https://casereview.example"
    out = io.StringIO()
    call_command("partnership_create", *ARGS, stdout=out)
    assert "Added Leek Partnership (LEK)." in out.getvalue()
    partnership = Partnership.objects.get(slug="leek")
    assert ThresholdPolicyVersion.objects.filter(partnership=partnership).exists()
    assert CaseSettings.objects.filter(partnership=partnership).exists()
    membership = Membership.objects.get(partnership=partnership)
    assert membership.role == "admin" and membership.user.email == "admin@leek.example"
    assert AuditEntry.objects.filter(object_type="partnership").count() == 1
    [invitation] = mail.outbox
    link = re.search(r"https://casereview\.example(/\S+)", invitation.body)
    assert link, invitation.body
    # The link opens the page to choose a password.
    assert Client().get(link.group(1), follow=True).status_code == 200


def test_refuses_a_bad_prefix_or_a_duplicate() -> None:
    bad = [a if a != "LEK" else "lek1" for a in ARGS]
    with pytest.raises(CommandError, match="capital letters"):
        call_command("partnership_create", *bad, stdout=io.StringIO())
    assert not Partnership.objects.filter(slug="leek").exists()
    call_command("partnership_create", *ARGS, stdout=io.StringIO())
    with pytest.raises(CommandError, match="already a partnership"):
        call_command("partnership_create", *ARGS, stdout=io.StringIO())
