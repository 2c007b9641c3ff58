"""The console under `make run` (the local settings' LOGGING, for real): a request is one line
saying method, path, status, time and user id; a refusal has no traceback; WeasyPrint and
its font subsetting say nothing; nothing warns about a missing static folder; a status
link's token never appears."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

SCRIPT = """
import django
django.setup()
from django.core.exceptions import PermissionDenied
import pytest
from django.test import Client
from django.urls import path
import casereview.config.urls as urls

def refuse(request):
    raise PermissionDenied("not yours")

urls.urlpatterns.append(path("refused-for-the-test", refuse))
client = Client(raise_request_exception=False)
client.get("/healthz")
client.get("/favicon.ico")
client.get("/refused-for-the-test")
client.get("/status/console-secret-token-42")
client.get("/no/such/page/console-secret-path-7")
import weasyprint
weasyprint.HTML(string="<p>Dear Sam, a letter with words in it.</p>").write_pdf()
print("done", file=__import__("sys").stderr)
"""


def _console(tmp_path: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="casereview.config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        CASEREVIEW_VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert result.stdout == ""
    return result.stderr.splitlines()


def test_the_local_console_has_one_line_per_request_and_nothing_else(tmp_path: Path) -> None:
    lines = _console(tmp_path)
    assert lines[-1] == "done"
    requests = lines[:-1]
    text = "\n".join(requests)
    pattern = r"(GET) (\S+) (\d{3}) \d+ms user=(-|\d+)"
    # The first three are the whole console for their requests: no traceback for the 403.
    assert all(re.fullmatch(pattern, line) for line in requests[:3]), text
    assert requests[0].startswith("GET /healthz 200 ")
    assert requests[1].startswith("GET /favicon.ico 302 ")
    assert requests[2].startswith("GET /refused-for-the-test 403 ")
    # The status page needs the database, empty here: a server error, whose traceback is
    # wanted, but the path names the token's place, not the token.
    assert "GET /status/<token> 500 " in text
    assert "GET /no/… 404 " in text
    assert "console-secret" not in text
    assert "PermissionDenied" not in text
    assert not [line for line in requests if line.strip() == "request"]
    assert "No directory at" not in text
    assert "fontTools" not in text and "weasyprint" not in text.lower()
    assert (tmp_path / "static").is_dir()


@pytest.mark.django_db
def test_the_favicon_is_the_services_own(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.ico")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)
    icon.close()
