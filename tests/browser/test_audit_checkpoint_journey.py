"""Given a checkpoint of the audit log, when the auditor opens the audit log page, they see
the last checkpoint; uploading it says the log still begins with it; uploading a file that
is not a checkpoint names the field; and after the log is regenerated whole, the same
checkpoint says it was rewritten. Every page passes axe."""

import json
from pathlib import Path
from typing import Any

import pytest
from axe_check import assert_accessible
from django.db import connection
from playwright.sync_api import Page, expect

from casereview.core.audit import Actor, audit_record
from casereview.core.audit_seal import seal_pending
from casereview.core.audit_triggers import create_triggers, drop_triggers
from casereview.core.checkpoints import checkpoint_take
from casereview.devdata.demo.partnerships import load_demo

from .test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _upload(page: Page, name: str, content: bytes) -> None:
    page.get_by_label("Upload a checkpoint").set_input_files(
        files={"name": name, "mimeType": "application/json", "buffer": content}
    )
    page.get_by_role("button", name="Check the checkpoint against the log").click()


def test_the_auditor_checks_a_checkpoint_against_the_log(
    live_server: Any, page: Page, settings: Any, tmp_path: Path
) -> None:
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.AUDIT_SIGNING_KEY_FILE = str(tmp_path / "audit-signing-key.pem")
    load_demo()
    base = live_server.url
    sign_in(page, base, "dpo@nul.example")
    checkpoint, path = checkpoint_take()

    page.goto(f"{base}/audit")
    checkpoints = page.locator(".govuk-summary-list")
    expect(checkpoints).to_contain_text(checkpoint.key_id)
    expect(checkpoints).to_contain_text(str(path))
    assert_accessible(page)

    _upload(page, path.name, path.read_bytes())
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The checkpoint is good"
    )
    assert_accessible(page)

    # No file, then a file that is not a checkpoint: named on the form, and the link in
    # the error summary takes the auditor to the field.
    page.get_by_role("button", name="Check the checkpoint against the log").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select a checkpoint file")
    assert_accessible(page)
    _upload(page, "minutes.pdf", b"%PDF-1.7")
    expect(summary).to_contain_text("The selected file is not an audit log checkpoint")
    assert_accessible(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Upload a checkpoint")).to_be_focused()

    altered = json.loads(path.read_text())
    altered["head"] = "0" * 64
    _upload(page, path.name, json.dumps(altered).encode())
    expect(page.locator(".govuk-notification-banner").first).to_contain_text(
        "signature does not match what it says"
    )
    assert_accessible(page)

    # Someone with the database regenerates the whole log, seals and all.
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditseal")
        cursor.execute("DELETE FROM core_auditentry")
    create_triggers(connection)
    for n in range(checkpoint.tree_size + 3):
        audit_record(actor=Actor.system("forger"), action="view", purpose=f"made up {n}")
    seal_pending()
    _upload(page, path.name, path.read_bytes())
    expect(page.locator(".govuk-notification-banner").first).to_contain_text(
        "so the log was rewritten"
    )
    assert_accessible(page)
