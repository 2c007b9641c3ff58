"""Security headers on every page, and settings that refuse to run unsafely."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client
from helpers import csp_directives

pytestmark = pytest.mark.usefixtures("demo")


@pytest.mark.parametrize("path", ["/sign-in", "/accessibility", "/privacy", "/cookies", "/nope"])
def test_public_pages_carry_the_security_headers(path: str) -> None:
    response = Client().get(path)
    csp = csp_directives(response)
    assert "'nonce-" in csp["script-src"]
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    nonce = csp["script-src"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.text  # the GOV.UK inline script carries it


def test_signed_in_pages_are_never_cached(client_for) -> None:
    response = client_for("dpo@nul.example").get("/audit")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    cookie = response.cookies["casereview_session"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_sqlite_runs_in_wal_with_immediate_transactions() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def _production(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    unwanted = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }  # the last: browser tests
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    clean.update(env, DJANGO_SETTINGS_MODULE="casereview.config.settings.production")
    return subprocess.run(
        [sys.executable, "-m", "casereview", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_or_hosts() -> None:
    missing_secret = _production({"ALLOWED_HOSTS": "casereview.example"}, "check")
    assert missing_secret.returncode != 0 and "SECRET_KEY" in missing_secret.stderr
    weak = _production({"SECRET_KEY": "local-development-only", "ALLOWED_HOSTS": "x"}, "check")
    assert weak.returncode != 0 and "SECRET_KEY" in weak.stderr
    missing_hosts = _production({"SECRET_KEY": "k" * 10 + "x" * 50}, "check")
    assert missing_hosts.returncode != 0 and "ALLOWED_HOSTS" in missing_hosts.stderr


def test_production_passes_the_deployment_check() -> None:
    result = _production(
        {
            "SECRET_KEY": "q8#Lm2v!Rz7pT4xW9kB1nY6cF3hJ0sD5gA8eU2iO7lP4rQ1wE6tZ9",
            "ALLOWED_HOSTS": "casereview.example",
            "AUDIT_SIGNING_KEY_FILE": "/srv/casereview/audit-signing-key.pem",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_error_page_needs_no_database(django_assert_num_queries) -> None:
    """When the database is unavailable, people see a plain error page, not a stack trace:
    the page is drawn without the request, the session or a single query."""
    from casereview.core.views import server_error

    with django_assert_num_queries(0):
        page = server_error(None)  # type: ignore[arg-type]
    assert page.status_code == 500
    text = page.content.decode()
    assert "Sorry, there is a problem with the service" in text and "Traceback" not in text
