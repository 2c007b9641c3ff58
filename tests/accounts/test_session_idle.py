"""The 30-minute idle timeout slides with activity, renewed at most once a minute."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from casereview.accounts.middleware import ACTIVE_AT

pytestmark = pytest.mark.usefixtures("demo")


def _session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _pretend_last_active(client, minutes_ago: int) -> None:
    """Moves the session's last renewal into the past, as if the person had been away."""
    session = client.session
    then = timezone.now() - timedelta(minutes=minutes_ago)
    session[ACTIVE_AT] = then.isoformat()
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=then + timedelta(minutes=30)
    )


def test_pages_within_a_minute_do_not_rewrite_the_session(client_for) -> None:
    client = client_for("pso@nul.example")
    assert client.get("/").status_code == 200
    expires = _session(client).expire_date
    assert client.get("/applications").status_code == 200
    assert _session(client).expire_date == expires


def test_activity_after_a_minute_extends_the_session(client_for) -> None:
    client = client_for("pso@nul.example")
    _pretend_last_active(client, minutes_ago=5)
    before = _session(client).expire_date
    assert client.get("/").status_code == 200
    after = _session(client).expire_date
    assert after - before >= timedelta(minutes=4)
    assert after > timezone.now() + timedelta(minutes=29)


def test_thirty_idle_minutes_end_the_session(client_for) -> None:
    client = client_for("pso@nul.example")
    _pretend_last_active(client, minutes_ago=31)
    response = client.get("/applications")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in")
