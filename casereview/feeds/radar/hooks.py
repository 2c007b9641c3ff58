"""What the radar adds to earlier stages, registered from FeedsConfig.ready(): the matching
reports offered on a request's complaints, and noting which reports a case brought in."""

from typing import Any

import rules
from django.urls import reverse

from casereview.applications.evidence import (
    EvidenceOffer,
    complaints_stored_register,
    evidence_register,
)
from casereview.applications.models import Application
from casereview.feeds.radar.matching import matching_reports
from casereview.feeds.services.radar import reports_link_to_application


def _offer(membership: Any, application: Application) -> EvidenceOffer | None:
    if not rules.test_rule("feeds.draft_application", membership):
        return None
    if membership.partnership_id != application.partnership_id:
        return None
    found = matching_reports(application)
    return EvidenceOffer(
        len(found), reverse("feeds:application_reports", args=[application.reference])
    )


def _stored(application: Application) -> None:
    reports_link_to_application(application)


def register_radar_hooks() -> None:
    evidence_register(_offer)
    complaints_stored_register(_stored)
