"""One structured log line per request: who (ids only), what route, how it went, how long."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from casereview.accounts.models import Membership
from casereview.core.observability.logs import RequestIdFilter, ScrubRequestFilter

pytestmark = pytest.mark.django_db


def _request_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "casereview.request"]


def test_a_signed_in_request_is_logged_with_ids_route_status_and_duration(
    client_for, caplog
) -> None:
    client = client_for("pso@nul.example")
    membership = Membership.objects.get(user__email="pso@nul.example")
    with caplog.at_level(logging.INFO, logger="casereview.request"):
        response = client.get("/", headers={"X-Request-ID": "home-page-1234"})
    assert response.status_code == 200
    [line] = _request_lines(caplog)
    assert line.user_id == membership.user_id
    assert line.membership_id == membership.pk
    assert line.method == "GET"
    assert line.route == "casework:home"
    assert line.status == 200
    assert isinstance(line.duration_ms, float) and line.duration_ms >= 0
    assert RequestIdFilter().filter(line)  # the handler's filter adds it; here, after the fact
    text = json.dumps(line.__dict__, default=str)
    assert "pso@nul.example" not in text  # never an email, a name or an address


def test_an_anonymous_request_has_no_user(caplog) -> None:
    with caplog.at_level(logging.INFO, logger="casereview.request"):
        Client().get("/sign-in")
    [line] = _request_lines(caplog)
    assert line.user_id is None and line.membership_id is None
    assert line.route == "accounts:sign_in"


def test_a_status_link_is_logged_by_its_route_never_its_token(caplog) -> None:
    token = "applicant-secret-token-abc123"
    with caplog.at_level(logging.INFO):
        response = Client().get(f"/status/{token}")
    assert response.status_code == 404
    [line] = _request_lines(caplog)
    assert line.route == "applicants:status"
    for record in caplog.records:
        assert token not in record.getMessage()
        assert token not in json.dumps(record.__dict__, default=str)


def test_an_unknown_path_is_logged_as_unmatched(caplog) -> None:
    with caplog.at_level(logging.INFO, logger="casereview.request"):
        Client().get("/some/path/with-a-secret-in-it")
    [line] = _request_lines(caplog)
    assert line.route == "unmatched" and line.status == 404


def test_djangos_own_error_records_lose_the_raw_path(rf) -> None:
    request = rf.get("/status/leaky-token-1234")
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
        ("/status/leaky-token-1234",), None,
    )  # fmt: skip
    record.request = request
    record.status_code = 500
    assert ScrubRequestFilter().filter(record)
    assert "leaky-token" not in record.getMessage()
    assert not hasattr(record, "request")
    assert record.route == "unmatched"


def test_production_logs_one_json_line_per_request(tmp_path: Path) -> None:
    """The production LOGGING, for real: a line of JSON on stderr with the request's fields
    and no token from the path."""
    script = """
import django
django.setup()
from django.test import Client, override_settings
client = Client(raise_request_exception=False)
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={"default": plain, "staticfiles": plain}):  # no collectstatic
    client.get("/healthz", secure=True, headers={"X-Request-ID": "json-line-12345"})
    client.get("/status/prod-secret-token-999", secure=True)
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="casereview.config.settings.production",
        SECRET_KEY="q8#Lm2v!Rz7pT4xW9kB1nY6cF3hJ0sD5gA8eU2iO7lP4rQ1wE6tZ9",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        CASEREVIEW_VAR_DIR=str(tmp_path),
        AUDIT_SIGNING_KEY_FILE=str(tmp_path / "audit-signing-key.pem"),
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore::UserWarning", "-c", script],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    health = next(line for line in lines if line.get("request_id") == "json-line-12345")
    assert health["logger"] == "casereview.request"
    assert health["level"] == "INFO"
    assert health["route"] == "core:healthz" and health["status"] == 200
    assert health["method"] == "GET" and "duration_ms" in health and "time" in health
    # The status page needs the database, which is empty here: a 500, logged without the
    # token, by route.
    assert "prod-secret-token-999" not in result.stderr
    status = [line for line in lines if line.get("route") == "applicants:status"]
    assert {line["message"] for line in status} >= {"request", "Server error"}
