"""Demo users have recovery codes, printed with the demo password, so the "lost my
authenticator" journey can be tried; running the demo again puts back any code spent."""

import pytest
from django.core.management import call_command
from django.test import Client

from casereview.devdata.demo.partnerships import DEMO_PASSWORD, DEMO_RECOVERY_CODES

pytestmark = pytest.mark.django_db


def _sign_in_with(code: str) -> int:
    client = Client()
    client.post("/sign-in", {"email": "pso@nul.example", "password": DEMO_PASSWORD})
    return client.post("/sign-in/code", {"code": code}).status_code


def test_the_demo_prints_recovery_codes_that_sign_in_once(capsys) -> None:
    call_command("demo")
    printed = capsys.readouterr().out
    assert all(code in printed for code in DEMO_RECOVERY_CODES)
    assert _sign_in_with(DEMO_RECOVERY_CODES[0]) == 302
    assert _sign_in_with(DEMO_RECOVERY_CODES[0]) == 200  # spent: the page asks again
    call_command("demo")
    assert _sign_in_with(DEMO_RECOVERY_CODES[0]) == 302
