"""Guessing passwords: one address is locked out of one account after five wrong passwords,
nobody else is; an account guessed at from many addresses is slowed down for everyone; and
failed sign-ins are kept apart from the permanent audit log (real accounts excepted) for
90 days."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from casereview.accounts.models import SecurityEvent, SecurityEventKind, User
from casereview.accounts.throttle import (
    FREE_FAILURES,
    LONGEST_WAIT,
    email_digest,
    wait_before_next_try,
)
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.dataprotection.retention import retention_sweep
from casereview.devdata.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.usefixtures("demo")
PSO = "pso@nul.example"


def _try(address: str, email: str = PSO, password: str = "wrong password!"):  # noqa: S107
    return Client(REMOTE_ADDR=address).post("/sign-in", {"email": email, "password": password})


def test_five_wrong_passwords_lock_out_only_the_address_they_came_from() -> None:
    for _ in range(5):
        _try("203.0.113.7")
    locked = _try("203.0.113.7", password=DEMO_PASSWORD)
    assert locked.status_code == 429 and "locked for 15 minutes" in locked.text
    # The member of staff, at their own desk, is not locked out by a stranger.
    response = _try("198.51.100.20", password=DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/sign-in/code"


def test_a_forged_forwarding_header_does_not_give_a_fresh_address() -> None:
    for n in range(5):
        Client(REMOTE_ADDR="203.0.113.7").post(
            "/sign-in",
            {"email": PSO, "password": "wrong password!"},
            headers={"X-Forwarded-For": f"192.0.2.{n}", "X-Real-IP": f"192.0.2.{n}"},
        )
    assert _try("203.0.113.7", password=DEMO_PASSWORD).status_code == 429


@pytest.mark.parametrize("email", [PSO, "nobody@nul.example"])
def test_guessing_from_many_addresses_is_slowed_down_for_the_account(email: str) -> None:
    # Two wrong passwords from each of many addresses: no address reaches its lockout.
    for n in range(FREE_FAILURES):
        _try(f"203.0.113.{n // 2}", email=email)
    response = _try("198.51.100.99", email=email, password=DEMO_PASSWORD)
    # The same answer whether or not the account exists: it tells a guesser nothing.
    assert response.status_code == 429
    assert "Too many wrong passwords for this account" in response.text
    assert "Try again in 1 second" in response.text
    # Refused tries are not counted, so waiting is enough.
    assert SecurityEvent.objects.count() == FREE_FAILURES
    SecurityEvent.objects.update(at=timezone.now() - timedelta(seconds=2))
    response = _try("198.51.100.99", email=email, password=DEMO_PASSWORD)
    if email == PSO:
        assert response["Location"] == "/sign-in/code"
    else:
        assert "Enter a correct email address and password" in response.text


def test_each_further_wrong_password_doubles_the_wait_up_to_a_minute() -> None:
    now = timezone.now()

    def failures(count: int, at: timedelta) -> None:
        SecurityEvent.objects.bulk_create(
            SecurityEvent(kind=SecurityEventKind.WRONG_PASSWORD, email_digest=digest, at=now - at)
            for _ in range(count)
        )

    digest = email_digest(PSO)
    failures(FREE_FAILURES - 1, timedelta(minutes=30))
    failures(50, timedelta(minutes=61))  # more than an hour ago: forgotten
    assert wait_before_next_try(PSO, now) == timedelta(0)
    failures(1, timedelta(0))
    assert wait_before_next_try(PSO, now) == timedelta(seconds=1)
    failures(3, timedelta(0))
    assert wait_before_next_try(PSO, now) == timedelta(seconds=8)
    failures(10, timedelta(0))
    assert wait_before_next_try(PSO, now) == LONGEST_WAIT == timedelta(seconds=60)
    assert wait_before_next_try(PSO, now + timedelta(seconds=61)) == timedelta(0)
    assert wait_before_next_try("someone.else@nul.example", now) == timedelta(0)


def test_failed_sign_ins_for_unknown_emails_are_security_events_not_audit_entries() -> None:
    _try("203.0.113.7", email="nobody@nul.example")
    _try("203.0.113.7", email="Hunter2Hunter2@nul.example")
    assert not AuditEntry.objects.filter(action="sign_in_failed").exists()
    events = list(SecurityEvent.objects.order_by("at"))
    assert [e.user for e in events] == [None, None]
    assert events[0].email_digest == email_digest("Nobody@nul.example")
    assert events[0].address == "203.0.113.7"
    assert not any("hunter2" in str(vars(e)).lower() for e in events)

    # A real account's failure is in both: the audit log keeps who was tried.
    _try("203.0.113.7")
    user = User.objects.get(email=PSO)
    assert AuditEntry.objects.filter(action="sign_in_failed", actor_user=user).count() == 1
    assert SecurityEvent.objects.filter(user=user).count() == 1


def test_the_retention_sweep_clears_security_events_after_90_days() -> None:
    _try("203.0.113.7", email="nobody@nul.example")
    _try("203.0.113.8", email="nobody@nul.example")
    old, recent = SecurityEvent.objects.order_by("pk")
    SecurityEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=91))
    SecurityEvent.objects.filter(pk=recent.pk).update(at=timezone.now() - timedelta(days=89))
    retention_sweep(local_today())
    assert list(SecurityEvent.objects.all()) == [recent]
