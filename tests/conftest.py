"""Shared fixtures: the demo data, signed-in clients, TOTP codes, and audit-log clean-up."""

import json
import socket
from collections.abc import Callable, Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from builders import case_at
from django.db import connection
from django.test import Client
from helpers import sign_in_client

from casereview.accounts.models import Membership, User
from casereview.accounts.services import api_token_create
from casereview.applications.models import Application
from casereview.core.audit import Actor
from casereview.core.audit_triggers import create_triggers, drop_triggers
from casereview.devdata.demo.partnerships import load_demo


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.fixture(autouse=True)
def _audit_log_cleared_after_transactional_tests(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests end with a flush, which the append-only triggers would refuse.

    Set up after the database fixture (so torn down before its flush), this lifts the
    triggers just long enough to clear the log, then puts them back, so the next test still
    runs against an append-only table.
    """
    transactional = _is_transactional(request)
    if transactional:
        request.getfixturevalue("transactional_db")
    yield
    if transactional:
        drop_triggers(connection)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditentry")
            cursor.execute("DELETE FROM core_auditseal")
        create_triggers(connection)


@pytest.fixture
def demo(db: None) -> None:
    load_demo()


@pytest.fixture
def client_for(demo: None) -> Callable[[str], Client]:
    def make(email: str) -> Client:
        return sign_in_client(Client(), User.objects.get(email=email))

    return make


@pytest.fixture
def membership(demo: None) -> Callable[[str], Membership]:
    def get(email: str) -> Membership:
        return Membership.objects.select_related("user", "partnership").get(user__email=email)

    return get


@pytest.fixture
def recorded(demo: None) -> Callable[..., Application]:
    """record(by=coordinator's email, **application_input overrides): a received case."""

    def record(by: str = "pso@nul.example", **overrides: Any) -> Application:
        return case_at("received", by=by, **overrides)

    return record


class SmtpInbox:
    """What a real SMTP server on loopback received, parsed as email messages."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings: Any) -> Iterator[SmtpInbox]:
    """Django sends through real SMTP to an aiosmtpd server on a free loopback port."""
    inbox = SmtpInbox()
    with socket.socket() as probe:  # aiosmtpd checks its own port, so it cannot take port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def api(demo: None) -> Callable[[str], Callable[..., Any]]:
    """api(email)(method, path, body=None, **headers) -> response, with a fresh token."""

    def for_user(email: str) -> Callable[..., Any]:
        membership = Membership.objects.get(user__email=email)
        _, raw = api_token_create(membership=membership, name="test", actor=Actor.system("test"))
        client = Client()

        def call(method: str, path: str, body: Any = None, **headers: str) -> Any:
            return getattr(client, method)(
                f"/api/v1{path}",
                data=json.dumps(body) if body is not None else None,
                content_type="application/json",
                headers={"Authorization": f"Bearer {raw}", **headers},
            )

        return call

    return for_user
