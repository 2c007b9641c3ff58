"""A partnership administrator's screens: the agencies and the people of their partnership."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casereview.accounts import recovery, staff, sudo
from casereview.accounts import selectors as account_selectors
from casereview.accounts.models import StaffInvitation
from casereview.accounts.requests import StaffRequest
from casereview.core import limits
from casereview.core.audit import Actor, note_read
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.permissions import role_required
from casereview.core.tenancy import partnership_id_of
from casereview.core.view_helpers import posted, put_errors
from casereview.harm import DEFAULT_POLICY as DEFAULT_HARM_POLICY
from casereview.manage.forms import (
    AgencyForm,
    CaseSettingsForm,
    HarmPolicyForm,
    LetterWordingForm,
    MembershipForm,
    NewUserForm,
    PartnershipDetailsForm,
    PolicyVersionForm,
)
from casereview.partnerships import selectors, services
from casereview.partnerships.models import Agency

MANAGE = "manage.partnership"


@role_required(MANAGE)
def agencies(request: StaffRequest) -> HttpResponse:
    rows = selectors.agencies_of(request.membership)
    return render(request, "manage/agencies.html", {"title": "Agencies", "agencies": rows})


@role_required(MANAGE)
def agency_edit(request: StaffRequest, slug: str | None = None) -> HttpResponse:
    membership = request.membership
    agency = (
        selectors.agency_get(membership, slug)
        if slug
        else Agency(partnership_id=partnership_id_of(membership))
    )
    form = AgencyForm(
        request.POST if request.method == "POST" else None,
        instance=agency,
        partnership_id=partnership_id_of(membership),
    )
    if request.method == "POST" and form.is_valid():
        services.agency_save(agency=form.save(commit=False), actor=Actor.from_request(request))
        messages.success(request, f"{agency.name} has been saved.")
        return redirect("manage:agencies")
    title = f"Change {agency.name}" if slug else "Add an agency"
    return render(request, "manage/agency_form.html", {"title": title, "form": form})


@role_required(MANAGE)
def users(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    rows = account_selectors.memberships_of(membership)
    invitations = account_selectors.invitations_open_of(membership)
    note_read(
        request,
        object_type="membership_list",
        object_id=membership.partnership_id,
        partnership_id=membership.partnership_id,
        purpose=services.ADMIN_PURPOSE,
    )
    return render(
        request,
        "manage/users.html",
        {"title": "Users", "memberships": rows, "invitations": invitations},
    )


@role_required(MANAGE)
def user_add(request: StaffRequest) -> HttpResponse:
    admin = request.membership
    agency_list = list(selectors.agencies_of(admin))
    form = NewUserForm(request.POST if request.method == "POST" else None, agencies=agency_list)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = staff.staff_member_add(
                request=request,
                admin=admin,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                agency=next((a for a in agency_list if a.pk == data["agency"]), None),
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        else:
            if isinstance(added, StaffInvitation):
                messages.success(
                    request,
                    f"{data['email']} already has an account with another organisation, so "
                    "they have been sent an invitation. They get the role when they accept it.",
                )
            else:
                messages.success(
                    request, f"{data['full_name']} has been added and sent an invitation."
                )
            return redirect("manage:users")
    return render(request, "manage/user_add.html", {"title": "Add a user", "form": form})


@role_required(MANAGE)
def user_edit(request: StaffRequest, membership_id: int) -> HttpResponse:
    admin = request.membership
    target = account_selectors.membership_get(admin, membership_id)
    agency_list = list(selectors.agencies_of(admin))
    form = MembershipForm(
        request.POST if request.method == "POST" else None,
        agencies=agency_list,
        initial={"role": target.role, "agency": target.agency_id},
    )
    if request.method == "POST" and request.POST.get("action") == "remove":
        staff.membership_remove(admin=admin, membership=target)
        messages.success(request, f"{target.user} no longer has this role.")
        return redirect("manage:users")
    if request.method == "POST" and form.is_valid():
        agency = next((a for a in agency_list if a.pk == form.cleaned_data["agency"]), None)
        try:
            staff.membership_change(
                admin=admin, membership=target, role=form.cleaned_data["role"], agency=agency
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"{target.user}'s role has been changed.")
            return redirect("manage:users")
    note_read(
        request,
        object_type="membership",
        object_id=target.pk,
        partnership_id=admin.partnership_id,
        purpose=services.ADMIN_PURPOSE,
    )
    return render(
        request,
        "manage/user_edit.html",
        {
            "title": f"Change {target.user}'s role",
            "form": form,
            "target": target,
            "lock": recovery.lock_state_of(target.user),
            "has_authenticator": recovery.has_authenticator(target.user),
        },
    )


def _sign_in_help(
    request: StaffRequest,
    membership_id: int,
    to_do: str,
    work: Callable[..., None],
    done: str,
) -> HttpResponse:
    """Reset an authenticator or unlock an account: POST only, after the administrator has
    given their password and a code again in the last 10 minutes."""
    admin = request.membership
    target = account_selectors.membership_get(admin, membership_id)
    back = reverse("manage:user_edit", args=[target.pk])
    if not sudo.confirmed_recently(request):
        return sudo.ask_to_confirm(request, to_do, back_to=back)
    try:
        work(admin=admin, membership=target)
    except NotAllowedNow as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done.format(person=target.user))
    return redirect(back)


@require_POST
@role_required(MANAGE)
def user_authenticator_reset(request: StaffRequest, membership_id: int) -> HttpResponse:
    return _sign_in_help(
        request,
        membership_id,
        "reset someone's authenticator",
        recovery.authenticator_reset,
        "{person}'s authenticator has been reset and they have been signed out everywhere. "
        "They will set up a new one the next time they sign in.",
    )


@require_POST
@role_required(MANAGE)
def user_unlock(request: StaffRequest, membership_id: int) -> HttpResponse:
    return _sign_in_help(
        request,
        membership_id,
        "unlock someone's account",
        recovery.account_unlock,
        "{person}'s account has been unlocked. They can sign in again now.",
    )


@role_required(MANAGE)
def threshold_policy(request: StaffRequest) -> HttpResponse:
    admin = request.membership
    versions = list(selectors.policy_versions_of(admin))
    today = timezone.localdate()
    form = PolicyVersionForm(
        request.POST if request.method == "POST" else None,
        today=today,
        taken={v.effective_from for v in versions},
    )
    if request.method == "POST" and form.is_valid():
        version = services.policy_version_add(admin=admin, values=form.cleaned_data)
        messages.success(
            request,
            "The new threshold policy takes effect from "
            f"{limits.long_date(version.effective_from)}.",
        )
        return redirect("manage:threshold_policy")
    current = next((v for v in versions if v.effective_from <= today), None)
    return render(
        request,
        "manage/threshold_policy.html",
        {"title": "Threshold policy", "versions": versions, "current": current, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@role_required(MANAGE)
def harm_policy(request: StaffRequest) -> HttpResponse:
    admin = request.membership
    versions = list(selectors.harm_policy_versions_of(admin))
    today = timezone.localdate()
    current = next((v for v in versions if v.effective_from <= today), None)
    form = HarmPolicyForm(
        posted(request),
        initial_policy=current.to_policy() if current else DEFAULT_HARM_POLICY,
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            version = services.harm_policy_version_add(
                admin=admin,
                effective_from=data["effective_from"],
                weights=form.weights(),
                medium_from=data["medium_from"],
                high_from=data["high_from"],
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        else:
            messages.success(
                request,
                f"Version {version.version} of the harm scoring policy takes effect from "
                f"{limits.long_date(version.effective_from)}.",
            )
            return redirect("manage:harm_policy")
    return render(
        request,
        "manage/harm_policy.html",
        {
            "title": "Harm scoring policy",
            "versions": versions,
            "current": current,
            "default": DEFAULT_HARM_POLICY,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _settings_page(
    request: StaffRequest, form_class: type[forms.ModelForm], record: Any, title: str, done: str
) -> HttpResponse:
    admin = request.membership
    form = form_class(request.POST if request.method == "POST" else None, instance=record)
    if request.method == "POST" and form.is_valid():
        services.partnership_settings_save(admin=admin, record=form.save(commit=False))
        messages.success(request, done)
        return redirect(request.path)
    return render(
        request,
        "manage/settings_form.html",
        {"title": title, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@role_required(MANAGE)
def deadlines(request: StaffRequest) -> HttpResponse:
    partnership = selectors.partnership_of(request.membership)
    return _settings_page(
        request,
        CaseSettingsForm,
        selectors.case_settings_of(partnership),
        "Deadlines",
        "The deadlines have been saved. They apply to requests recorded from now on.",
    )


@role_required(MANAGE)
def letter_wording(request: StaffRequest) -> HttpResponse:
    partnership = selectors.partnership_of(request.membership)
    return _settings_page(
        request,
        LetterWordingForm,
        selectors.letter_wording_of(partnership),
        "Letter wording",
        "The letter wording has been saved. It applies to letters created from now on.",
    )


@role_required(MANAGE)
def contact_details(request: StaffRequest) -> HttpResponse:
    admin = request.membership
    partnership = selectors.partnership_of(admin)
    form = PartnershipDetailsForm(posted(request), instance=partnership)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.partnership_details_save(
                admin=admin,
                details=services.PartnershipDetails(
                    **{field: data[field] or "" for field in services.DETAILS_FIELDS}
                ),
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        else:
            messages.success(
                request,
                "The contact details have been saved. Letters created from now on show them.",
            )
            return redirect("manage:contact_details")
    return render(
        request,
        "manage/contact_details.html",
        {"title": "Contact details and letterhead", "form": form},
        status=400 if request.method == "POST" else 200,
    )
