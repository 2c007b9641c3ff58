"""Reads scoped to the acting membership's partnership: another partnership's rows are 404."""

from datetime import date
from typing import Protocol

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from casereview.core.tenancy import InPartnership, partnership_id_of
from casereview.partnerships.models import (
    Agency,
    CaseSettings,
    HarmPolicyVersion,
    LetterWording,
    Partnership,
    ThresholdPolicyVersion,
)


def agencies_of(membership: InPartnership) -> QuerySet[Agency]:
    return Agency.objects.filter(partnership_id=partnership_id_of(membership))


def agency_get(membership: InPartnership, slug: str) -> Agency:
    return get_object_or_404(agencies_of(membership), slug=slug)


def policy_version_in_effect(partnership_id: int, on: date) -> ThresholdPolicyVersion | None:
    """The version whose `effective_from` is the latest on or before `on`."""
    return (
        ThresholdPolicyVersion.objects.filter(partnership_id=partnership_id, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def policy_versions_of(membership: InPartnership) -> QuerySet[ThresholdPolicyVersion]:
    return ThresholdPolicyVersion.objects.filter(
        partnership_id=partnership_id_of(membership)
    ).select_related("created_by")


def harm_policy_version_in_effect(partnership_id: int, on: date) -> HarmPolicyVersion | None:
    """The harm scoring version whose `effective_from` is the latest on or before `on`."""
    return (
        HarmPolicyVersion.objects.filter(partnership_id=partnership_id, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def harm_policy_versions_of(membership: InPartnership) -> QuerySet[HarmPolicyVersion]:
    return HarmPolicyVersion.objects.filter(
        partnership_id=partnership_id_of(membership)
    ).select_related("created_by")


class HasPartnership(Protocol):
    partnership: Partnership | None


def partnership_of(membership: HasPartnership) -> Partnership:
    """The partnership a membership acts in (404 for roles without one, such as appeals)."""
    if membership.partnership is None:
        raise Http404("Not a partnership role")
    return membership.partnership


def case_settings_of(partnership: Partnership) -> CaseSettings:
    """The partnership's settings, or the published procedure's defaults if never changed."""
    try:
        return partnership.case_settings
    except CaseSettings.DoesNotExist:
        return CaseSettings(partnership=partnership)


def letter_wording_of(partnership: Partnership) -> LetterWording:
    try:
        return partnership.letter_wording
    except LetterWording.DoesNotExist:
        return LetterWording(partnership=partnership)
