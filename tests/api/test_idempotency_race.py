"""Retries racing each other with one Idempotency-Key: the work is done once, and every
answer is the first, byte for byte (the key is stored with the work, in its transaction)."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from builders import api_body
from django.db import connection
from django.test import Client
from django.utils import timezone

from casereview.accounts.models import ApiToken, Membership
from casereview.accounts.services import api_token_create
from casereview.api import idempotency
from casereview.applications.models import Application
from casereview.core.audit import Actor
from casereview.devdata.demo.partnerships import load_demo

RETRIES = 4


def _race() -> list[Any]:
    load_demo()
    membership = Membership.objects.get(user__email="pso@nul.example")
    token, raw = api_token_create(membership=membership, name="race", actor=Actor.system("test"))
    # Used a moment ago: no retry stops to refresh the token's last use (a row lock).
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    body = json.dumps(api_body())
    headers = {"Authorization": f"Bearer {raw}", "Idempotency-Key": "call-101-race"}

    def send(_: int) -> Any:
        try:
            return Client().post(
                "/api/v1/applications", body, content_type="application/json", headers=headers
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=RETRIES) as pool:
        return list(pool.map(send, range(RETRIES)))


def _answered_once(answers: list[Any]) -> None:
    assert [a.status_code for a in answers] == [201] * RETRIES
    assert len({a.content for a in answers}) == 1
    assert sum(a.get("Idempotent-Replayed") == "true" for a in answers) == RETRIES - 1
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_retries_with_one_key_record_one_application() -> None:
    _answered_once(_race())


@pytest.mark.django_db(transaction=True)
def test_retries_that_all_miss_the_stored_answer_still_do_the_work_once(monkeypatch) -> None:
    """Each retry looks for a stored answer before any has committed, so all do the work;
    the key's unique row then undoes all but the first, which the others answer again."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: retries cannot overlap")
    all_looked = threading.Barrier(RETRIES)
    looked = threading.local()
    stored = idempotency._Claim.stored

    def stored_after_all_looked(claim: Any) -> Any:
        found = stored(claim)
        if not getattr(looked, "once", False):
            looked.once = True
            all_looked.wait(timeout=30)
        return found

    monkeypatch.setattr(idempotency._Claim, "stored", stored_after_all_looked)
    _answered_once(_race())
