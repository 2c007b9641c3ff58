"""The coordinator's pages for the people named on a case: the list (with "also named in"),
adding, changing and removing a person, and sharing a witness's or household member's contact
details with agencies."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casereview.accounts.requests import StaffRequest
from casereview.applications.models import Application, CasePerson, PersonRole
from casereview.applications.people import (
    ALIASES,
    PEOPLE_PURPOSE,
    PERSON_DESCRIPTION,
    PersonInput,
    note_people_read,
    people_filter_roles,
    people_seen,
    person_add,
    person_change,
    person_on,
    person_remove,
    person_shares_set,
)
from casereview.applications.views.access import case_for, note_view
from casereview.core import limits
from casereview.core.dates import GovukDateField, local_today
from casereview.core.permissions import role_required
from casereview.core.view_helpers import attempt, posted
from casereview.partnerships.models import Agency

RULE = "applications.manage_people"


class PersonForm(forms.Form):
    role = forms.ChoiceField(
        label="Their part in the case",
        choices=PersonRole.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether they are an alleged perpetrator, in the household or "
            "a witness"
        },
    )
    name = forms.CharField(
        label="Name",
        help_text="Their full name, or what they are known as if that is all the victim knows.",
        max_length=limits.NAME,
        error_messages={"required": "Enter their name, or what they are known as"},
    )
    aliases = forms.CharField(
        label="Other names they are known by (optional)",
        required=False,
        max_length=ALIASES,
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        required=False,
        help_text="For example, 27 3 1990. Leave it empty if it is not known.",
    )
    child = forms.BooleanField(
        label="They are a child (under 18)",
        required=False,
        help_text="Record only what the review needs about a child.",
    )
    address = forms.CharField(
        label="Address, or the area (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.ADDRESS,
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        max_length=limits.POSTCODE,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    phone = forms.CharField(label="Phone (optional)", required=False, max_length=limits.PHONE)
    email = forms.CharField(
        label="Email address (optional)", required=False, max_length=limits.EMAIL
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="What they look like, what they do, how they are connected to the victim. "
        "The person may ask to see what is recorded about them.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=PERSON_DESCRIPTION,
    )


def _input(data: dict[str, object]) -> PersonInput:
    return PersonInput(
        role=str(data["role"]),
        name=str(data["name"]),
        aliases=str(data["aliases"]),
        date_of_birth=data["date_of_birth"],  # type: ignore[arg-type]
        address=str(data["address"]),
        postcode=str(data["postcode"]),
        phone=str(data["phone"]),
        email=str(data["email"]),
        description=str(data["description"]),
        child=bool(data["child"]),
    )


def _people_url(application: Application) -> str:
    return reverse("applications:people", args=[application.reference])


def _person(application: Application, person_id: int) -> CasePerson:
    person = person_on(application, person_id)
    if person is None:
        raise Http404("No such person on this case")
    return person


@role_required("applications.list")
def people(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, RULE)
    seen = people_seen(request.membership, application)
    note_view(request, application, PEOPLE_PURPOSE)
    note_people_read(request, seen, PEOPLE_PURPOSE)
    return render(
        request,
        "applications/people.html",
        {
            "title": f"People named on {application.reference}",
            "application": application,
            "groups": people_filter_roles(seen),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required("applications.list")
def person_new(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, RULE)
    form = PersonForm(posted(request), initial={"role": request.GET.get("role", "")})
    if form.is_valid():
        done = attempt(
            request,
            form,
            lambda: person_add(
                membership=request.membership,
                application=application,
                data=_input(form.cleaned_data),
                today=local_today(),
            ),
            f"{form.cleaned_data['name'].strip()} has been added to the case.",
            _people_url(application),
        )
        if done is not None:
            return done
    note_view(request, application, PEOPLE_PURPOSE)
    return render(
        request,
        "applications/person_form.html",
        {
            "title": "Add a person to the case",
            "application": application,
            "form": form,
            "button": "Add the person",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required("applications.list")
def person_edit(request: StaffRequest, reference: str, person_id: int) -> HttpResponse:
    application = case_for(request, reference, RULE)
    person = _person(application, person_id)
    initial = {
        "role": person.role,
        "name": person.name,
        "aliases": person.aliases,
        "date_of_birth": person.date_of_birth,
        "child": person.child,
        "address": person.address,
        "postcode": person.postcode,
        "phone": person.phone,
        "email": person.email,
        "description": person.description,
    }
    form = PersonForm(posted(request), initial=initial)
    if form.is_valid():
        done = attempt(
            request,
            form,
            lambda: person_change(
                membership=request.membership,
                person=person,
                data=_input(form.cleaned_data),
                today=local_today(),
            ),
            "The person's details have been saved.",
            _people_url(application),
        )
        if done is not None:
            return done
    note_people_read(
        request, people_seen(request.membership, application, [person]), PEOPLE_PURPOSE
    )
    return render(
        request,
        "applications/person_form.html",
        {
            "title": f"Change the details of {person.name}",
            "application": application,
            "person": person,
            "form": form,
            "button": "Save the details",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required("applications.list")
def person_delete(request: StaffRequest, reference: str, person_id: int) -> HttpResponse:
    application = case_for(request, reference, RULE)
    person = _person(application, person_id)
    form = forms.Form(posted(request))
    if request.method == "POST":
        done = attempt(
            request,
            form,
            lambda: person_remove(membership=request.membership, person=person),
            f"{person.name} has been removed from the case.",
            _people_url(application),
        )
        if done is not None:
            return done
    note_people_read(
        request, people_seen(request.membership, application, [person]), PEOPLE_PURPOSE
    )
    return render(
        request,
        "applications/person_remove.html",
        {
            "title": f"Remove {person.name} from the case?",
            "application": application,
            "person": person,
        },
    )


class ShareForm(forms.Form):
    agencies = forms.MultipleChoiceField(
        label="Which agencies may see their address, postcode, phone and email?",
        help_text="Select all that apply. Clear an agency to stop sharing with it.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(
        label="Why these agencies need the contact details",
        help_text="Needed when you share with an agency. For example, to arrange a statement.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.RATIONALE,
    )

    def __init__(self, *args: object, agencies: list[Agency], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["agencies"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(a.slug, a.name) for a in agencies]


@require_http_methods(["GET", "POST"])
@role_required("applications.list")
def person_share(request: StaffRequest, reference: str, person_id: int) -> HttpResponse:
    application = case_for(request, reference, RULE)
    person = _person(application, person_id)
    if person.role == PersonRole.ALLEGED_PERPETRATOR:
        return redirect(_people_url(application))
    agencies = list(Agency.objects.filter(partnership_id=application.partnership_id, active=True))
    shared = [s.agency for s in person.shares.all()]
    for agency in shared:
        if agency not in agencies:
            agencies.append(agency)
    form = ShareForm(
        posted(request), agencies=agencies, initial={"agencies": [a.slug for a in shared]}
    )
    if form.is_valid():
        chosen = [a for a in agencies if a.slug in form.cleaned_data["agencies"]]
        done = attempt(
            request,
            form,
            lambda: person_shares_set(
                membership=request.membership,
                person=person,
                agencies=chosen,
                reason=form.cleaned_data["reason"],
            ),
            f"Who sees {person.name}'s contact details has been saved.",
            _people_url(application),
        )
        if done is not None:
            return done
    note_people_read(
        request, people_seen(request.membership, application, [person]), PEOPLE_PURPOSE
    )
    return render(
        request,
        "applications/person_share.html",
        {
            "title": f"Share {person.name}'s contact details",
            "application": application,
            "person": person,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
