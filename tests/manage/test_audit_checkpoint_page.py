"""The auditor's page shows the last checkpoint and checks an uploaded one against today's
log: a good checkpoint and a rewritten log are the banner's verdict; a file that is not a
checkpoint (or none, or too big) is named on the form."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from casereview.core.audit_seal import seal_pending
from casereview.core.audit_triggers import create_triggers, drop_triggers
from casereview.core.checkpoints import checkpoint_take

AUDITOR = "dpo@nul.example"


@pytest.fixture(autouse=True)
def _folders(settings: Any, tmp_path: Path) -> None:
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.AUDIT_SIGNING_KEY = ""
    settings.AUDIT_SIGNING_KEY_FILE = str(tmp_path / "audit-signing-key.pem")


def _upload(client: Client, content: bytes | None, name: str = "checkpoint.json") -> Any:
    data = {} if content is None else {"checkpoint": SimpleUploadedFile(name, content)}
    return client.post("/audit/checkpoint", data)


def test_the_page_shows_the_last_checkpoint(client_for: Any) -> None:
    auditor = client_for(AUDITOR)
    assert "No checkpoint has been written yet" in auditor.get("/audit").content.decode()
    checkpoint_take()
    checkpoint, path = checkpoint_take()
    page = auditor.get("/audit").content.decode()
    assert checkpoint.key_id in page and str(path) in page
    assert "Signed with key" in page and "Last checkpoint" in page


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_checkpoint_is_checked_against_todays_log(
    client_for: Any, django_assert_max_num_queries: Any
) -> None:
    auditor = client_for(AUDITOR)
    auditor.get("/audit")  # an entry or two to seal
    _, path = checkpoint_take()
    auditor.get("/audit")
    seal_pending()
    with django_assert_max_num_queries(12):
        answer = _upload(auditor, path.read_bytes())
    assert answer.status_code == 302 and answer["Location"] == "/audit"
    page = auditor.get("/audit").content.decode()
    assert "The checkpoint is good: signed with key" in page
    assert "begins with it, and all" in page

    altered = json.loads(path.read_text())
    altered["tree_size"] += 1
    _upload(auditor, json.dumps(altered).encode())
    page = auditor.get("/audit").content.decode()
    assert "The checkpoint does not match today&#39;s log." in page
    assert "signature does not match what it says" in page

    # Someone with the database regenerates the whole log: the checkpoint catches it.
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditseal")
        cursor.execute("DELETE FROM core_auditentry")
    create_triggers(connection)
    auditor.get("/audit")
    seal_pending()
    _upload(auditor, path.read_bytes())
    page = auditor.get("/audit").content.decode()
    assert "so the log was rewritten" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Select a checkpoint file"),
        (b"", "The selected file is empty"),
        (b"%PDF-1.7", "The selected file is not an audit log checkpoint: it is not JSON"),
        (b'{"format": "x"}', "The selected file is not an audit log checkpoint: it does not"),
        (b" " * 5000, "The selected file must be smaller than 4 KB"),
    ],
)
def test_a_file_that_is_not_a_checkpoint_is_named_on_the_form(
    client_for: Any, content: bytes | None, message: str
) -> None:
    answer = _upload(client_for(AUDITOR), content)
    page = answer.content.decode()
    assert answer.status_code == 400 and "There is a problem" in page
    assert 'href="#id_checkpoint"' in page and message in page
    assert "Checkpoints" in page and "<table" in page  # the page, with its entries
