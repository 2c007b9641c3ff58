"""What was found, as the officer sees it before the export: one item per record, grouped by
application."""

from dataclasses import dataclass

from casereview.applications.models import CasePerson, Complaint
from casereview.core import limits
from casereview.dataprotection.subject_access.search import Found


@dataclass(frozen=True)
class Item:
    """One thing found, as the officer sees it: `key` names it in the form and the audit."""

    key: str
    label: str
    excerpt: str = ""
    # The application an item belongs to, when it goes with that application.
    within: str = ""


def _agency(c: Complaint) -> str:
    return c.agency.name if c.agency else "another organisation"


def _excerpt(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def found_groups(found: Found) -> list[tuple[str, list[Item]]]:
    """The items, grouped as the preview shows them: each application with its parts,
    then the records in other people's cases."""
    groups: list[tuple[str, list[Item]]] = []
    for a in found.applications:
        app_key = f"application-{a.pk}"
        items = [
            Item(
                app_key,
                f"The application itself: the {found.roles[a.pk]}'s details, "
                "the description of the behaviour and its impact, and the decision on sharing it",
                " ".join(p for p in (a.victim_name, a.victim_postcode, a.victim_email) if p)
                + (f"; advocate {a.advocate_name}" if a.has_advocate else ""),
            )
        ]
        items += [
            Item(
                f"complaint-{c.pk}",
                f"Complaint reported to {_agency(c)} on {limits.long_date(c.reported_date)}",
                _excerpt(c.summary),
                app_key,
            )
            for c in a.complaints.all()
        ]
        items += [
            Item(
                f"contribution-{k.pk}",
                f"{k.request.agency.name}'s contribution"
                + (" (nil return)" if k.nil_return else ""),
                _excerpt(k.summary),
                app_key,
            )
            for r in a.partner_requests.all()
            if (k := getattr(r, "contribution", None)) is not None
        ]
        items += [
            Item(
                f"contact-{c.pk}",
                f"Contact log: {c.get_method_display().lower()} of "
                f"{limits.long_date(c.contacted_on)} ({c.get_direction_display().lower()})",
                _excerpt(c.summary),
                app_key,
            )
            for c in a.contacts.all()
        ]
        items += [
            Item(
                f"harm-{h.pk}",
                f"Harm assessment of {limits.long_date(h.assessed_on)} "
                f"({h.get_level_display().lower()} harm)",
                _excerpt(h.notes),
                app_key,
            )
            for h in a.harm_assessments.all()
        ]
        items += [
            Item(
                f"letter-{lt.pk}",
                f"{lt.get_kind_display()} letter of {limits.long_date(lt.created_at)} (PDF)",
                "",
                app_key,
            )
            for lt in a.letters.all()
        ]
        items += [
            Item(
                f"document-{d.pk}",
                f"A file the applicant added on {limits.long_date(d.uploaded_at)}: {d.name}",
                _excerpt(d.description),
                app_key,
            )
            for d in a.applicant_documents.all()
        ]
        groups.append(
            (
                f"Application {a.reference}, received {limits.long_date(a.received)} "
                f"(as the {found.roles[a.pk]})",
                items,
            )
        )
    others = (
        [
            Item(
                f"complaint-{c.pk}",
                f"A complaint they reported, in {c.application.reference}",
                _excerpt(c.summary),
            )
            for c in found.complaints
        ]
        + [
            Item(
                f"involvement-{e.pk}",
                f"A mention in {e.contribution.request.agency.name}'s contribution to "
                f"{e.contribution.request.application.reference} ({limits.long_date(e.date)})",
                _excerpt(e.details),
            )
            for e in found.involvement
        ]
        + [
            Item(
                f"summary-{k.pk}",
                f"A mention in {k.request.agency.name}'s summary for "
                f"{k.request.application.reference}",
                _excerpt(k.summary),
            )
            for k in found.contributions
        ]
    )
    if others:
        groups.append(("Records in other people's cases", others))
    named = [
        Item(
            f"person-{p.pk}",
            f"Named as {_role_words(p)} in {p.application.reference}"
            + _plan_words(
                len(found.recommendations.get(p.pk, [])), len(found.actions.get(p.pk, []))
            ),
            _excerpt(" ".join(x for x in (p.name, p.postcode, p.email, p.description) if x)),
        )
        for p in found.people
    ]
    if named:
        groups.append(("Named in cases (alleged perpetrator, household member or witness)", named))
    return groups


def _role_words(p: CasePerson) -> str:
    return {
        "alleged_perpetrator": "the alleged perpetrator",
        "household": "a member of the victim's household",
        "witness": "a witness",
    }.get(p.role, "a person")


def _plan_words(recommendations: int, actions: int) -> str:
    parts = []
    if recommendations:
        parts.append(f"{recommendations} recommendation{'s' if recommendations > 1 else ''}")
    if actions:
        parts.append(f"{actions} action{'s' if actions > 1 else ''}")
    return f", with the {' and '.join(parts)} naming them" if parts else ""


def found_items(found: Found) -> list[Item]:
    """Every item found, in the order the preview shows them."""
    return [item for _, items in found_groups(found) for item in items]
