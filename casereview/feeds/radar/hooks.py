"""What the radar adds to earlier stages, registered from FeedsConfig.ready(): the matching
reports offered on a request's complaints, noting which reports a case brought in, and keeping
the radar's projection up to date (`projection.refresh_radar`) when linkage finishes, a
report is saved on its own, or the rules it is counted by change."""

from typing import Any

import rules
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.urls import reverse
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_finished

from casereview.applications.evidence import (
    EvidenceOffer,
    complaints_stored_register,
    evidence_register,
)
from casereview.applications.models import Application
from casereview.feeds.models import RadarState, Report
from casereview.feeds.radar.matching import matching_reports
from casereview.feeds.radar.projection import refresh_radar
from casereview.feeds.radar.tasks import refresh_radar_task
from casereview.feeds.services.radar import reports_link_to_application
from casereview.partnerships.models import Agency, ThresholdPolicyVersion

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


def _report_before(sender: object, instance: Report, **kwargs: Any) -> None:
    """Remember whose the report was, so a report moved to another person recounts both."""
    if not instance._state.adding and instance.pk is not None:
        instance._radar_was = (  # type: ignore[attr-defined]
            Report.objects.filter(pk=instance.pk).values_list("person_id", flat=True).first()
        )


def _report_saved(sender: object, instance: Report, **kwargs: Any) -> None:
    """One report saved on its own (the admin, a shell; imports write in bulk and linkage
    follows them): recount its person, and its previous one, in the same transaction."""
    people = {instance.person_id, getattr(instance, "_radar_was", None)} - {None}
    if not people:
        return
    # Before the first list there is nothing to keep up to date: that list counts everyone.
    if RadarState.objects.filter(partnership_id=instance.partnership_id).exists():
        refresh_radar(instance.partnership_id, [p for p in people if p is not None])


def _rules_changed(
    sender: object, instance: Agency | ThresholdPolicyVersion, **kwargs: Any
) -> None:
    """A policy version or an agency saved: the next list would recount everyone anyway
    (the rules are part of what it checks); the worker does it first."""
    partnership_id = instance.partnership_id
    transaction.on_commit(lambda: refresh_radar_task.enqueue(partnership_id=partnership_id))


def register_radar_hooks() -> None:
    evidence_register(_offer)
    complaints_stored_register(_stored)
    task_finished.connect(_linked, dispatch_uid="radar_after_link")
    pre_save.connect(_report_before, sender=Report, dispatch_uid="radar_report_before")
    post_save.connect(_report_saved, sender=Report, dispatch_uid="radar_report_saved")
    for model in (Agency, ThresholdPolicyVersion):
        post_save.connect(
            _rules_changed, sender=model, dispatch_uid=f"radar_rules_{model.__name__}"
        )
