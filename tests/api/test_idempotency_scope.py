"""An Idempotency-Key belongs to the role a request acted in: a person with two roles who
sends one key in each gets two answers, never one role's answer in the other."""

import json

import pytest
from builders import api_body
from django.test import Client

from casereview.accounts.models import Membership, Role, User
from casereview.accounts.services import api_token_create
from casereview.applications.models import Application
from casereview.core.audit import Actor
from casereview.partnerships.models import Partnership

pytestmark = pytest.mark.usefixtures("demo")


def _post(raw: str, key: str) -> object:
    return Client().post(
        "/api/v1/applications",
        json.dumps(api_body()),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}", "Idempotency-Key": key},
    )


def test_one_key_in_two_roles_is_two_requests() -> None:
    user = User.objects.get(email="pso@nul.example")
    newcastle = Membership.objects.get(user=user)
    stafford = Membership.objects.create(
        user=user, partnership=Partnership.objects.get(slug="stafford"), role=Role.COORDINATOR
    )
    _, as_newcastle = api_token_create(membership=newcastle, name="a", actor=Actor.system("t"))
    _, as_stafford = api_token_create(membership=stafford, name="b", actor=Actor.system("t"))

    first = _post(as_newcastle, "call-7")
    second = _post(as_stafford, "call-7")
    assert first.status_code == second.status_code == 201
    assert second.get("Idempotent-Replayed") is None
    assert first.json()["reference"] != second.json()["reference"]
    assert set(Application.objects.values_list("partnership__slug", flat=True)) == {
        "newcastle-under-lyme",
        "stafford",
    }
    # Each role's own retry still answers its own first response.
    again = _post(as_stafford, "call-7")
    assert again["Idempotent-Replayed"] == "true"
    assert again.content == second.content
