"""Which of the partnership's reports match an application's victim: offered on the request's
complaints so the Chair sees what the agencies recorded beside what the victim remembers.

Simple normalised matching, not the linkage model (a request holds no date of birth): the
name must agree (either order, case, accents and punctuation aside) and so must one of
postcode, phone or email. The other reports of the person those matches are linked to are
offered too, since linkage already judged them the same complainant."""

import re

from django.db.models import Q, QuerySet

from casereview.applications.models import Application, postcode_key, search_key
from casereview.feeds.models import Report, ReportStatus


def _digits(phone: str) -> str:
    """The last ten digits: +44 7700 900123 and 07700 900123 agree."""
    return re.sub(r"\D", "", phone)[-10:]


def _name_agrees(report: Report, name: str) -> bool:
    wanted = search_key(name).split()
    words = search_key(f"{report.first_name} {report.surname}").split()
    return (bool(wanted) and sorted(wanted) == sorted(words)) or (
        len(wanted) >= 2
        and search_key(report.surname) in wanted
        and search_key(report.first_name) in wanted
    )


def _contact_agrees(report: Report, application: Application) -> bool:
    if application.victim_postcode and postcode_key(report.postcode) == postcode_key(
        application.victim_postcode
    ):
        return True
    phone = _digits(application.victim_phone)
    if phone and len(phone) == 10 and _digits(report.phone) == phone:
        return True
    email = application.victim_email.strip().lower()
    return bool(email) and report.email.strip().lower() == email


def matching_reports(application: Application) -> list[Report]:
    """Reports of the application's partnership matching its victim, not yet brought into
    it and not withdrawn, oldest first: one query, and one more when some are linked to a
    person."""
    surnames = [w for w in search_key(application.victim_name).split() if len(w) > 1]
    if not surnames:
        return []
    any_word = Q()
    for word in surnames:
        any_word |= Q(surname__icontains=word)
    candidates: QuerySet[Report] = (
        Report.objects.filter(partnership_id=application.partnership_id)
        .exclude(status=ReportStatus.WITHDRAWN)
        .exclude(applications=application)
        .filter(any_word)
        .select_related("agency")
    )
    matched = [
        r
        for r in candidates
        if _name_agrees(r, application.victim_name) and _contact_agrees(r, application)
    ]
    people = {r.person_id for r in matched if r.person_id is not None}
    if people:
        known = {r.pk for r in matched}
        matched += list(
            Report.objects.filter(partnership_id=application.partnership_id, person_id__in=people)
            .exclude(status=ReportStatus.WITHDRAWN)
            .exclude(applications=application)
            .exclude(pk__in=known)
            .select_related("agency")
        )
    return sorted(matched, key=lambda r: (r.reported_on, r.pk))
