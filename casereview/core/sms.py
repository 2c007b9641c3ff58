"""Text messages, behind a delivery interface chosen by a setting, as email is.

`SMS_BACKEND` names the class (like Django's EMAIL_BACKEND). The default writes each message
to a file under `SMS_FILE_PATH` (var/mail, beside the emails), so nothing leaves the machine
until an operator names a real gateway's backend; tests use `LocmemBackend` and read `outbox`.
A backend is a class with `send(to: str, body: str) -> None` that raises on failure.

Numbers are checked and put in international form (+447700900123) by `mobile_number`:
only a mobile number gets a text.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import phonenumbers
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

REGION = "GB"


class SmsBackend(Protocol):
    def send(self, to: str, body: str) -> None: ...


@dataclass(frozen=True)
class Sms:
    to: str
    body: str


outbox: list[Sms] = []


class LocmemBackend:
    """Keeps the messages in `outbox`, for tests."""

    def send(self, to: str, body: str) -> None:
        outbox.append(Sms(to, body))


class FileBackend:
    """Writes each message to a file, as Django's file-based email backend does."""

    def send(self, to: str, body: str) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"sms-{timezone.now():%Y%m%d-%H%M%S-%f}.txt"
        (folder / name).write_text(f"To: {to}\n\n{body}\n", encoding="utf-8")


def mobile_number(raw: str) -> str | None:
    """The number in E.164 form when it is a valid mobile number (UK numbers may be written
    the usual way, 07700 900123; others need their +country code), otherwise None."""
    if not raw or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    kind = phonenumbers.number_type(number)
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def shown(e164: str) -> str:
    """How staff read the number out: national form for UK numbers."""
    number = phonenumbers.parse(e164, REGION)
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


def send_sms(*, to: str, body: str) -> None:
    """Send through the configured backend; raises what the backend raises."""
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    backend.send(to, body)
