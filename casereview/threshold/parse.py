"""Turning decoded JSON into the engine's typed values, refusing input that breaks the contract.

The input is refused whole at the first problem found, with a ``ThresholdInputError`` whose
message names the complaint and the field, so a person can correct it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Final, NoReturn, TypeAlias, TypeGuard

from casereview.threshold.model import Complaint, Policy, ThresholdInputError

_MISSING: Final = object()
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_POLICY_KEYS = tuple(f.name for f in fields(Policy))

_Raw: TypeAlias = Mapping[str, object]


@dataclass(frozen=True)
class _Where:
    """Where a value sits: ``path`` builds the error's field, ``prefix`` its sentence."""

    path: str
    prefix: str

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, complaint: str) -> NoReturn:
        raise ThresholdInputError(f"{self.prefix}{key} {complaint}", self.field(key))


_TOP = _Where("", "")
_POLICY = _Where("policy", "policy.")


def _complaint_where(index: int, complaint_id: str) -> _Where:
    return _Where(f"complaints[{index}]", f"complaint {_quote(complaint_id)}: ")


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _show(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- single values ---------------------------------------------------------------------------


def _required(raw: _Raw, key: str, where: _Where) -> object:
    value = raw.get(key, _MISSING)
    if value is _MISSING:
        where.fail(key, "is required")
    return value


def _iso_date(value: object) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _date(raw: _Raw, key: str, where: _Where) -> date:
    value = _required(raw, key, where)
    # Django code may hand over dates it already holds; a datetime is not a date here.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    parsed = _iso_date(value)
    if parsed is None:
        where.fail(key, f"must be a real date in the form YYYY-MM-DD, not {_show(value)}")
    return parsed


def _text(raw: _Raw, key: str, where: _Where, default: str | None = None) -> str:
    if default is not None and key not in raw:
        return default
    value = _required(raw, key, where)
    if not isinstance(value, str) or not value:
        where.fail(key, f"must be a non-empty string, not {_show(value)}")
    return value


def _reference(raw: _Raw, key: str, where: _Where) -> str | None:
    return None if raw.get(key) is None else _text(raw, key, where)


def _flag(raw: _Raw, key: str, where: _Where, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        where.fail(key, f"must be true or false, not {_show(value)}")
    return value


def _is_whole(value: object) -> TypeGuard[int]:
    # bool is an int subclass, but "true complaints" is a mistake, not a number.
    return isinstance(value, int) and not isinstance(value, bool)


def _count(raw: _Raw, key: str, default: int) -> int:
    value = raw.get(key, default)
    if not _is_whole(value):
        _POLICY.fail(key, f"must be a whole number, not {_show(value)}")
    return int(value)


def _optional_count(raw: _Raw, key: str) -> int | None:
    return None if raw.get(key) is None else _count(raw, key, 0)


# --- the policy and the complaints -----------------------------------------------------------


def _check_policy_keys(raw: _Raw) -> None:
    for key in raw:
        # A misspelt setting silently ignored would give the Chair a wrong recommendation.
        if key not in _POLICY_KEYS:
            _POLICY.fail(str(key), f"is not a policy setting (expected {', '.join(_POLICY_KEYS)})")


def _policy_from(raw: _Raw) -> Policy:
    defaults = Policy()
    return Policy(
        min_complaints=_count(raw, "min_complaints", defaults.min_complaints),
        report_within_months=_count(raw, "report_within_months", defaults.report_within_months),
        window_months=_count(raw, "window_months", defaults.window_months),
        hate_incident_rule=_flag(raw, "hate_incident_rule", _POLICY, defaults.hate_incident_rule),
        community_min_reporters=_optional_count(raw, "community_min_reporters"),
    )


def _parse_policy(raw: object) -> Policy:
    if raw is None or raw is _MISSING:
        return Policy()
    if not isinstance(raw, Mapping):
        _TOP.fail("policy", f"must be an object, not {_show(raw)}")
    _check_policy_keys(raw)
    return _policy_from(raw)


def _complaint_from(raw: _Raw, complaint_id: str, where: _Where) -> Complaint:
    return Complaint(
        id=complaint_id,
        behaviour_date=_date(raw, "behaviour_date", where),
        reported_date=_date(raw, "reported_date", where),
        agency=_text(raw, "agency", where),
        relevant_body=_flag(raw, "relevant_body", where, default=True),
        reporter=_text(raw, "reporter", where, default="applicant"),
        same_incident_as=_reference(raw, "same_incident_as", where),
        hate=_flag(raw, "hate", where, default=False),
    )


def _parse_complaint(raw: object, index: int) -> Complaint:
    path = f"complaints[{index}]"
    if not isinstance(raw, Mapping):
        _TOP.fail(path, f"must be an object, not {_show(raw)}")
    # Until the id is known, an error can name the complaint only by its position.
    complaint_id = _text(raw, "id", _Where(path, f"{path}."))
    return _complaint_from(raw, complaint_id, _complaint_where(index, complaint_id))


def _parse_complaints(raw: object) -> list[Complaint]:
    if raw is _MISSING:
        _TOP.fail("complaints", "is required")
    if not isinstance(raw, list | tuple):
        _TOP.fail("complaints", f"must be a list, not {_show(raw)}")
    return [_parse_complaint(item, index) for index, item in enumerate(raw)]


# --- checks across values --------------------------------------------------------------------


def _check_dates(received: date, complaints: Sequence[Complaint]) -> None:
    for index, c in enumerate(complaints):
        where = _complaint_where(index, c.id)
        if c.reported_date < c.behaviour_date:
            where.fail(
                "reported_date",
                f"{c.reported_date} is before behaviour_date {c.behaviour_date}",
            )
        if c.reported_date > received:
            where.fail("reported_date", f"{c.reported_date} is after received {received}")


def _check_unique_ids(complaints: Sequence[Complaint]) -> None:
    first_index: dict[str, int] = {}
    for index, c in enumerate(complaints):
        if c.id in first_index:
            where = _complaint_where(index, c.id)
            where.fail("id", f"is already used by complaints[{first_index[c.id]}]")
        first_index[c.id] = index


def _check_links(complaints: Sequence[Complaint]) -> None:
    ids = {c.id for c in complaints}
    for index, c in enumerate(complaints):
        where = _complaint_where(index, c.id)
        if c.same_incident_as == c.id:
            where.fail("same_incident_as", "names the complaint itself")
        if c.same_incident_as is not None and c.same_incident_as not in ids:
            where.fail(
                "same_incident_as", f"{_quote(c.same_incident_as)} is not the id of a complaint"
            )


def check_complaints(received: date, complaints: Sequence[Complaint]) -> None:
    """The checks that span fields and complaints; typed input needs them as much as JSON."""
    _check_dates(received, complaints)
    _check_unique_ids(complaints)
    _check_links(complaints)


def parse(data: object) -> tuple[date, Policy, list[Complaint]]:
    """Validate input JSON (already decoded) as a whole and return its typed form.

    Raises ``ThresholdInputError`` for the first problem found: the input is refused whole.
    """
    if not isinstance(data, Mapping):
        raise ThresholdInputError(f"the input must be a JSON object, not {_show(data)}", "")
    received = _date(data, "received", _TOP)
    policy = _parse_policy(data.get("policy", _MISSING))
    complaints = _parse_complaints(data.get("complaints", _MISSING))
    check_complaints(received, complaints)
    return received, policy, complaints
