"""The scheduled job writes one audit checkpoint a day, keeps it under the checkpoint folder
and emails it to each partnership's data protection officer, audited as a disclosure; a
partnership with no DPO address is skipped and named. The administrator sets the address
with the partnership's contact details."""

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casereview.core.checkpoints import checkpoint_check, checkpoint_parse, checkpoints_kept
from casereview.core.models import AuditAction, AuditEntry
from casereview.dataprotection.checkpoints import checkpoint_daily
from casereview.partnerships.models import Partnership

ADMIN = "admin@nul.example"
DPO = "dpo.office@nul.example"


@pytest.fixture(autouse=True)
def _folders(settings: Any, tmp_path: Path) -> None:
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.AUDIT_SIGNING_KEY = ""
    settings.AUDIT_SIGNING_KEY_FILE = str(tmp_path / "audit-signing-key.pem")


def _scheduled() -> str:
    out = io.StringIO()
    call_command("scheduled", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_daily_checkpoint_is_written_once_a_day_and_emailed_to_the_dpo(
    demo: None, settings: Any
) -> None:
    Partnership.objects.filter(slug="newcastle-under-lyme").update(dpo_email=DPO)
    others = list(
        Partnership.objects.exclude(slug="newcastle-under-lyme")
        .order_by("name")
        .values_list("name", flat=True)
    )
    line = _scheduled()
    assert "and emailed it to 1 data protection officer" in line
    assert f"(no DPO address for {', '.join(others)})" in line
    [kept] = checkpoints_kept()
    assert kept.parent == settings.AUDIT_CHECKPOINT_DIR

    [message] = mail.outbox
    assert message.to == [DPO] and "Audit log checkpoint" in message.subject
    assert f"casereview audit_verify --checkpoint {kept.name}" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (kept.name, "application/json")
    checkpoint = checkpoint_parse(content.encode() if isinstance(content, str) else content)
    assert checkpoint_check(checkpoint).intact  # what the DPO holds proves the log later

    disclosure = AuditEntry.objects.get(object_type="audit_checkpoint")
    nul = Partnership.objects.get(slug="newcastle-under-lyme")
    assert disclosure.action == AuditAction.DISCLOSE and disclosure.partnership_id == nul.pk
    assert disclosure.recipients == "data protection officer" and "@" not in disclosure.purpose
    assert disclosure.object_id == kept.name

    # Every ten minutes, the same day: nothing more is written or sent.
    assert "today's audit checkpoint was written already" in _scheduled()
    assert len(mail.outbox) == 1 and checkpoints_kept() == [kept]

    # The next day, the next one.
    tomorrow = checkpoint_daily(timezone.now() + timedelta(days=1))
    assert tomorrow.path is not None and tomorrow.emailed == [nul.name]
    assert checkpoints_kept() == [kept, tomorrow.path] and len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_one_dpo_whose_email_fails_does_not_stop_the_others(
    demo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    Partnership.objects.update(dpo_email=DPO)
    partnerships = list(Partnership.objects.order_by("name"))
    sent: list[str] = []
    original = EmailMessage.send

    def send(self: EmailMessage, fail_silently: bool = False) -> int:
        if not sent:
            sent.append("refused")
            raise ConnectionRefusedError("the mail server is down")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    daily = checkpoint_daily()
    assert daily.failed == [partnerships[0].name]
    assert daily.emailed == [p.name for p in partnerships[1:]]
    assert AuditEntry.objects.filter(object_type="audit_checkpoint").count() == len(
        partnerships[1:]
    )


def _details(**overrides: str) -> dict[str, str]:
    return {
        "name": "Newcastle-under-Lyme Community Safety Partnership",
        "contact_name": "ASB Case Review Coordinator",
        "contact_address": "Castle House\nBarracks Road\nNewcastle-under-Lyme ST5 1BL",
        "contact_phone": "01782 000000",
        "contact_email": "asb.reviews@nul.example",
        **overrides,
    }


def test_the_administrator_sets_the_dpo_address_with_the_contact_details(
    client_for: Any,
) -> None:
    admin: Client = client_for(ADMIN)
    path = reverse("manage:contact_details")
    assert "Data protection officer" in admin.get(path).content.decode()
    refused = admin.post(path, _details(dpo_email="dpo@nul.example, someone@evil.example"))
    page = refused.content.decode()
    assert refused.status_code == 400 and 'href="#id_dpo_email"' in page
    assert "Enter one email address in the correct format" in page
    assert Partnership.objects.get(slug="newcastle-under-lyme").dpo_email == ""
    assert admin.post(path, _details(dpo_email=DPO)).status_code == 302
    assert Partnership.objects.get(slug="newcastle-under-lyme").dpo_email == DPO
    entry = AuditEntry.objects.filter(object_type="partnership", action="alter").get()
    assert "dpo_email" in entry.purpose
    admin.post(path, _details(dpo_email=""))  # and can take it away
    assert Partnership.objects.get(slug="newcastle-under-lyme").dpo_email == ""
