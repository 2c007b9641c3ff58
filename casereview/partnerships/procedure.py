"""A partnership's published procedure in plain words: the threshold from its policy in
effect, and the times it keeps to. Section 104 of the Anti-social Behaviour, Crime and Policing
Act 2014 requires the procedure to be published; the online form's start page and the public
figures page both word it from here."""

from dataclasses import dataclass
from datetime import date

from casereview.partnerships.models import AppealsBody, Partnership
from casereview.partnerships.selectors import case_settings_of, policy_version_in_effect
from casereview.threshold.engine import Policy

_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def _number(n: int) -> str:
    return _WORDS.get(n, str(n))


def threshold_sentence(partnership: Partnership, on: date) -> str:
    """Who may ask, under the partnership's threshold policy in effect on `on`."""
    version = policy_version_in_effect(partnership.pk, on)
    policy = version.to_policy() if version else Policy()
    within = (
        "a month"
        if policy.report_within_months == 1
        else f"{_number(policy.report_within_months)} months"
    )
    text = (
        f"{partnership.name}: you can ask for a case review if you have reported anti-social "
        f"behaviour {_number(policy.min_complaints)} times or more in the last "
        f"{policy.window_months} months, each report made within {within} of what happened."
    )
    if policy.hate_incident_rule:
        text += " A single hate incident is enough."
    if policy.community_min_reporters:
        text += (
            f" A community can ask when {policy.community_min_reporters} different people "
            "have reported the same problem."
        )
    return text


@dataclass(frozen=True)
class Procedure:
    threshold: str
    acknowledgement_working_days: int
    conclusion_calendar_days: int
    appeal_working_days: int
    appeals_body: AppealsBody


def procedure_of(partnership: Partnership, on: date) -> Procedure:
    settings = case_settings_of(partnership)
    return Procedure(
        threshold=threshold_sentence(partnership, on),
        acknowledgement_working_days=settings.acknowledgement_working_days,
        conclusion_calendar_days=settings.conclusion_calendar_days,
        appeal_working_days=settings.appeal_working_days,
        appeals_body=partnership.appeals_body,
    )
