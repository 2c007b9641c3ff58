"""What the radar adds to earlier stages, registered from FeedsConfig.ready(): the matching
reports offered on a request's complaints, noting which reports a case brought in, and keeping
the radar's projection up to date (`projection.refresh_radar`) when linkage finishes. A
change of the rules it is counted by (a policy version, an agency) needs no hook: every read
of the list checks the rules it was counted under and recounts everyone first if they
changed. No model signals (house rule): reports change through imports, erasures and
verdicts, each followed by a link."""

from typing import Any

import rules
from django.urls import reverse
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_finished

from casereview.applications.evidence import (
    EvidenceOffer,
    complaints_stored_register,
    evidence_register,
)
from casereview.applications.models import Application
from casereview.feeds.radar.matching import matching_reports
from casereview.feeds.radar.projection import refresh_radar
from casereview.feeds.services.radar import reports_link_to_application

LINK_TASK = "casereview.feeds.linkage.tasks.link_partnership_task"


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


def _linked(sender: object, task_result: "TaskResult[Any]", **kwargs: Any) -> None:
    """A link of a partnership finished: recount the people it touched (an incremental link
    names them; a full link, None, touches anyone, so everyone is recounted)."""
    if task_result.task.module_path != LINK_TASK:
        return
    if task_result.status != TaskResultStatus.SUCCESSFUL:
        return
    partnership_id = task_result.kwargs.get("partnership_id")
    if partnership_id is None and task_result.args:
        partnership_id = task_result.args[0]
    if partnership_id is not None:
        touched = (task_result.return_value or {}).get("people_touched")
        refresh_radar(int(partnership_id), touched)


def register_radar_hooks() -> None:
    evidence_register(_offer)
    complaints_stored_register(_stored)
    task_finished.connect(_linked, dispatch_uid="radar_after_link")
