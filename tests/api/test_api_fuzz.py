"""Fuzz every API operation in-process with schemathesis, as each kind of user.

The OpenAPI document is fetched from the application itself (so new operations are
covered), and each operation gets generated requests, valid and invalid, under a Bearer
token for the coordinator, the Chair, a partner, the appeals officer and the auditor. Every
answer must be as documented: never a 5xx, a status code the document lists, the content
type it names, and a body matching its schema (RFC 9457 problem details for errors).

Path parameters are mostly Newcastle's real references and letters, so requests reach the
services rather than stopping at "not found"; some stay as generated, to fuzz the lookups.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casereview.accounts.models import Membership
from casereview.accounts.services import api_token_create
from casereview.api.models import IdempotentResponse
from casereview.applications.models import Application, Letter
from casereview.core.audit import Actor
from casereview.core.audit_verify import audit_verify
from casereview.devdata.demo.cases import load_demo_cases

ROLES = [
    "pso@nul.example",
    "chair@nul.example",
    "police@nul.example",
    "appeals@pfcc.example",
    "dpo@nul.example",
]

# Small, repeatable and bounded: CI sends the same requests every run, and there is no
# per-example deadline, because one example may render a letter (PDF) on a busy machine.
settings.register_profile(
    "api-fuzz",
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: a failure is reported with the request that found it, which is enough
    # to reproduce, and shrinking against a stateful database mostly chases its own tail.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        # In-process calls hit the database; slow generation is not a fault of the API.
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI handler closes the connection after each request; inside the test's
    transaction that would drop the demo data, so (as django.test.Client does) it doesn't."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _real_objects() -> dict[str, list[str]]:
    references = Application.objects.filter(partnership__slug="newcastle-under-lyme")
    letters = Letter.objects.filter(application__in=references)
    return {
        "reference": list(references.order_by("pk").values_list("reference", flat=True)),
        "letter_id": [str(pk) for pk in letters.order_by("pk").values_list("pk", flat=True)],
        "agency": ["police", "council", "housing"],
    }


def _cases(operation: Any, real: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    """Valid and invalid requests, against real objects and generated path parameters."""
    names = [p.name for p in operation.path_parameters]
    if not names:
        modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
        return st.one_of(*(operation.as_strategy(generation_mode=m) for m in modes))
    strategies = []
    for values in zip(*(real[name] for name in names), strict=False):
        fixed = dict(zip(names, values, strict=True))
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=fixed))
    strategies.append(operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    return st.one_of(*strategies)


def _tokens() -> dict[str, dict[str, str]]:
    headers = {}
    for email in ROLES:
        membership = Membership.objects.get(user__email=email)
        _, raw = api_token_create(membership=membership, name="fuzz", actor=Actor.system("test"))
        headers[email] = {"Authorization": f"Bearer {raw}"}
    return headers


def test_every_operation_answers_every_role_as_documented(demo, wsgi_app) -> None:
    """Each generated request is sent once per role: generating is the slow part, and the
    roles then also meet each other's changes (a Chair's decision, a partner's answer)."""
    load_demo_cases()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    tokens = _tokens()
    real = _real_objects()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    answered: dict[str, set[int]] = {email: set() for email in ROLES}
    failures = []
    for operation in operations:

        @given(case=_cases(operation, real))
        @settings(settings.get_profile("api-fuzz"))
        def fuzz(case: Any) -> None:
            for email, bearer in tokens.items():
                try:
                    response = case.call_and_validate(headers=bearer, checks=CHECKS)
                    answered[email].add(response.status_code)
                except (Exception, BaseExceptionGroup) as exc:
                    exc.add_note(f"as {email}")
                    raise

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as exc:  # every operation's failure is reported
            failures.append(
                f"{operation.label}: {exc}\n" + "\n".join(getattr(exc, "__notes__", []))
            )
    assert not failures, "\n\n".join(failures)
    # Not a walk into walls: every role got past authentication to some real answers.
    for email, statuses in answered.items():
        assert any(200 <= status < 300 for status in statuses), (email, statuses)

    # The requests went through the audited services: the chain is still whole, and each
    # stored idempotent answer belongs to one of the tokens' roles.
    broken = audit_verify().problem
    assert broken is None
    roles = set(Membership.objects.filter(user__email__in=ROLES).values_list("pk", flat=True))
    assert set(IdempotentResponse.objects.values_list("membership_id", flat=True)) <= roles
