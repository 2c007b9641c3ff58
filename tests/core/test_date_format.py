"""Every date shown to people reads the one GOV.UK way, 1 December 2026: in refusals, pages
and the subject access pack alike (never 01/12/2026)."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from builders import case_at
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.appeals.services import appeal_record, appeal_window_end
from casereview.applications.lifecycle import appeal_by
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput
from casereview.core.limits import long_date
from casereview.decision.services import threshold_decide
from casereview.partnerships.selectors import case_settings_of

LONG = r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"  # noqa: E501
SOURCE = Path(__file__).resolve().parents[2] / "casereview"


def test_no_code_formats_a_date_with_slashes() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{n}"
        for path in SOURCE.rglob("*")
        if path.suffix in (".py", ".html", ".txt") and "migrations" not in path.parts
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"%d/%m|%m/%d|d/m/Y", line)
    ]
    assert found == []


def test_a_moment_is_the_local_date_it_was() -> None:
    just_after_midnight_in_summer = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert long_date(just_after_midnight_in_summer) == "1 July 2026"


@pytest.mark.django_db
def test_the_review_date_refusal_names_its_dates_in_words(demo) -> None:
    application = case_at("received")
    chair = Membership.objects.get(user__email="chair@nul.example")
    with pytest.raises(InvalidInput) as refused:
        threshold_decide(
            membership=chair,
            application=application,
            met=True,
            rationale="",
            review_date=application.conclusion_due + timedelta(days=30),
        )
    [message] = [e.message for e in refused.value.errors if e.field == "review_date"]
    assert re.search(f"between {LONG} and the conclusion deadline {LONG}$", message), message
    assert long_date(application.conclusion_due) in message


@pytest.mark.django_db
def test_the_late_appeal_refusal_names_the_window_in_words(
    demo, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = case_at("decided", met=False)
    letter = application.letters.get()
    type(letter).objects.filter(pk=letter.pk).update(created_at=timezone.now() - timedelta(days=60))
    with pytest.raises(InvalidInput) as refused:
        appeal_record(
            membership=Membership.objects.get(user__email="pso@nul.example"),
            application=application,
            received=local_today(),
            grounds=["threshold_wrongly_refused"],
            details="The Chair did not count the police reports.",
        )
    [message] = [e.message for e in refused.value.errors if e.field == "late_reason"]
    assert re.match(f"The appeal window ended on {LONG}: ", message), message


@pytest.mark.django_db
def test_the_not_met_letter_gives_the_last_day_to_appeal(demo) -> None:
    application = case_at("decided", met=False)
    letter = application.letters.get()
    last_day = appeal_by(application.partnership, local_today())
    days = case_settings_of(application.partnership).appeal_working_days
    assert f"Please contact them by {long_date(last_day)} ({days} working days from" in letter.html
    # The appeals office refuses a late appeal from the day after that same date.
    assert appeal_window_end(application, letter) == last_day
