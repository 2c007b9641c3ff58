"""Finding everything held about one person: their applications whole, and single records in
other people's cases."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from casereview.applications.models import (
    Application,
    CasePerson,
    Complaint,
    ContactEntry,
    HarmAssessment,
    Letter,
    search_key,
)
from casereview.dataprotection.models import SubjectAccessRequest
from casereview.dataprotection.subject_access.matching import (
    is_named_person,
    mentioned,
    name_key,
    role_in,
    same_name,
    same_postcode,
    searchable,
)
from casereview.reviews.models import (
    Action,
    Contribution,
    Involvement,
    PartnerRequest,
    Recommendation,
)


@dataclass
class Found:
    """What is held about the person: whole applications (with their complaints,
    contributions, contact log, letters, the files the applicant added and the sharing
    decision), and single records in other people's cases."""

    applications: list[Application] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)
    complaints: list[Complaint] = field(default_factory=list)
    involvement: list[Involvement] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    # Named on other cases as an alleged perpetrator, household member or witness, with the
    # recommendations and actions that name them.
    people: list[CasePerson] = field(default_factory=list)
    recommendations: dict[int, list[Recommendation]] = field(default_factory=dict)
    actions: dict[int, list[Action]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (
            self.applications
            or self.complaints
            or self.involvement
            or self.contributions
            or self.people
        )

    def consulted(self) -> list[Application]:
        """Every application whose records the preview shows."""
        seen = {a.pk: a for a in self.applications}
        for c in self.complaints:
            seen.setdefault(c.application_id, c.application)
        for e in self.involvement:
            seen.setdefault(
                e.contribution.request.application_id, e.contribution.request.application
            )
        for k in self.contributions:
            seen.setdefault(k.request.application_id, k.request.application)
        for p in self.people:
            seen.setdefault(p.application_id, p.application)
        return list(seen.values())


def _longest_word(request: SubjectAccessRequest) -> str:
    return max(name_key(request.name).split(), key=len, default="")


def person_search(request: SubjectAccessRequest) -> Found:
    if not searchable(request):
        return Found()
    scope: QuerySet[Application] = Application.objects.filter(
        partnership_id=request.partnership_id, erased_at__isnull=True
    )
    word = _longest_word(request)
    # The database narrows by one word of the name; the rules in `matching` decide.
    candidates = (
        scope.filter(Q(victim_name_key=search_key(request.name)) | Q(advocate_name__icontains=word))
        .order_by("received", "pk")
        .prefetch_related(
            Prefetch("complaints", queryset=Complaint.objects.select_related("agency")),
            Prefetch(
                "partner_requests",
                queryset=PartnerRequest.objects.select_related("agency", "contribution"),
            ),
            Prefetch("contacts", queryset=ContactEntry.objects.select_related("recorded_by")),
            Prefetch(
                "harm_assessments",
                queryset=HarmAssessment.objects.select_related("recorded_by", "policy_version"),
            ),
            # The PDFs are read only for the letters exported.
            Prefetch("letters", queryset=Letter.objects.defer("pdf", "html")),
            # The files the applicant added from their status page (the applicants app's
            # model, reached through its relation: that app stands beside this one). The
            # files themselves are read only for those exported.
            "applicant_documents",
        )
        .select_related("sharing_decided_by")
    )
    found = Found()
    for application in candidates:
        role = role_in(application, request)
        if role is not None:
            found.applications.append(application)
            found.roles[application.pk] = role
    theirs = [a.pk for a in found.applications]
    others = scope.exclude(pk__in=theirs)
    found.complaints = [
        c
        for c in Complaint.objects.filter(application__in=others, reporter__icontains=word)
        .select_related("application", "agency")
        .order_by("application__received", "pk")
        if same_name(c.reporter, request) and same_postcode(c.application.victim_postcode, request)
    ]
    found.involvement = [
        e
        for e in Involvement.objects.filter(
            contribution__request__application__in=others, details__icontains=word
        )
        .select_related("contribution__request__agency", "contribution__request__application")
        .order_by("contribution__request__application__received", "date", "pk")
        if mentioned(e.details, e.contribution.request.application, request)
    ]
    found.contributions = [
        k
        for k in Contribution.objects.filter(
            request__application__in=others, summary__icontains=word
        )
        .select_related("request__agency", "request__application")
        .order_by("request__application__received", "pk")
        if mentioned(k.summary, k.request.application, request)
    ]
    _people_named(found, scope, request, word)
    return found


def _people_named(
    found: Found, scope: QuerySet[Application], request: SubjectAccessRequest, word: str
) -> None:
    """The person named on a case (as an alleged perpetrator, in the household or as a
    witness): by their name or one of their aliases, with their email or postcode."""
    found.people = [
        p
        for p in CasePerson.objects.filter(application__in=scope)
        .filter(Q(name__icontains=word) | Q(aliases__icontains=word))
        .select_related("application")
        .order_by("application__received", "pk")
        if is_named_person(p, request)
    ]
    ids = [p.pk for p in found.people]
    for r in Recommendation.objects.filter(person_id__in=ids).select_related("agency"):
        found.recommendations.setdefault(r.person_id or 0, []).append(r)
    for a in Action.objects.filter(person_id__in=ids).select_related("agency"):
        found.actions.setdefault(a.person_id or 0, []).append(a)
