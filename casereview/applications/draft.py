"""A request being recorded, kept in the staff member's session until they check and save it.

Nothing is written to the case records until "check your answers" is confirmed, so an
abandoned journey leaves no half-saved application behind.
"""

from dataclasses import asdict
from datetime import date
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from casereview.applications.intake import (
    AdvocateInput,
    ApplicationInput,
    ComplaintInput,
    VictimInput,
)

SESSION_KEY = "application_draft"


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _dates(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: date.fromisoformat(v) if k in names and v else v for k, v in data.items()}


class Draft:
    """`key`: staff and online applicants keep separate drafts in one browser."""

    def __init__(self, session: SessionBase, key: str = SESSION_KEY) -> None:
        self.session = session
        self.key = key
        self.data: dict[str, Any] = session.get(key) or {"answers": {}, "complaints": []}

    def _save(self) -> None:
        self.session[self.key] = self.data

    def clear(self) -> None:
        self.session.pop(self.key, None)

    # --- question pages -----------------------------------------------------------------

    def answers(self, step: str) -> dict[str, Any] | None:
        stored = self.data["answers"].get(step)
        return _dates(stored, "received") if stored is not None else None

    def answer(self, step: str, cleaned: dict[str, Any]) -> None:
        self.data["answers"][step] = {k: _jsonable(v) for k, v in cleaned.items()}
        self._save()

    def answered(self, step: str) -> bool:
        return step in self.data["answers"]

    @property
    def received(self) -> date | None:
        step = self.answers("received")
        return step["received"] if step else None

    # --- complaints ---------------------------------------------------------------------

    def complaints(self) -> list[ComplaintInput]:
        return [
            ComplaintInput(**_dates(c, "behaviour_date", "reported_date"))
            for c in self.data["complaints"]
        ]

    def set_complaints(self, complaints: list[ComplaintInput]) -> None:
        self.data["complaints"] = [
            {k: _jsonable(v) for k, v in asdict(c).items()} for c in complaints
        ]
        self._save()

    def next_key(self) -> str:
        number = self.data.get("next_number", 1)
        self.data["next_number"] = number + 1
        self._save()
        return f"c{number}"

    # --- the whole request --------------------------------------------------------------

    def to_input(self) -> ApplicationInput:
        a = self.data["answers"]
        received, victim, contact = a["received"], a["victim"], a["contact"]
        advocate = a["advocate"]
        return ApplicationInput(
            received=date.fromisoformat(received["received"]),
            channel=received["channel"],
            applicant_type=a["applicant"]["applicant_type"],
            victim=VictimInput(
                name=victim["victim_name"],
                postcode=victim["victim_postcode"],
                contact_preference=contact["contact_preference"],
                address=victim["victim_address"],
                email=victim["victim_email"],
                phone=victim["victim_phone"],
                large_print=contact["large_print"],
                interpreter_language=contact["interpreter_language"],
                named_contact=contact["named_contact"],
                other_support_needs=contact["other_support_needs"],
            ),
            advocate=AdvocateInput(
                name=advocate["advocate_name"],
                victim_consent=advocate["advocate_victim_consent"],
                organisation=advocate["advocate_organisation"],
                relationship=advocate["advocate_relationship"],
                email=advocate["advocate_email"],
                phone=advocate["advocate_phone"],
                address=advocate["advocate_address"],
            )
            if advocate["has_advocate"] == "yes"
            else None,
            description=a["description"]["description"],
            impact=a["description"]["impact"],
            consent_to_share=a["consent"]["consent_to_share"],
            complaints=self.complaints(),
        )
