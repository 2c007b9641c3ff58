"""A partnership administrator's screens: the agencies and the people of their partnership."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casereview.core.audit import Actor, note_read
from casereview.core.permissions import role_required
from casereview.partnerships import selectors, services
from casereview.partnerships.forms import AgencyForm, MembershipForm, NewUserForm
from casereview.partnerships.models import Agency

MANAGE = "partnerships.manage"


@role_required(MANAGE)
def agencies(request: HttpRequest) -> HttpResponse:
    rows = selectors.agencies_of(request.membership)  # type: ignore[attr-defined]
    return render(request, "partnerships/agencies.html", {"title": "Agencies", "agencies": rows})


@role_required(MANAGE)
def agency_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    agency = (
        selectors.agency_get(membership, slug)
        if slug
        else Agency(partnership_id=membership.partnership_id)
    )
    form = AgencyForm(
        request.POST or None, instance=agency, partnership_id=membership.partnership_id
    )
    if request.method == "POST" and form.is_valid():
        services.agency_save(agency=form.save(commit=False), actor=Actor.from_request(request))
        messages.success(request, f"{agency.name} has been saved.")
        return redirect("partnerships:agencies")
    title = f"Change {agency.name}" if slug else "Add an agency"
    return render(request, "partnerships/agency_form.html", {"title": title, "form": form})


@role_required(MANAGE)
def users(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    rows = selectors.memberships_of(membership)
    note_read(
        request,
        object_type="membership_list",
        object_id=membership.partnership_id,
        partnership_id=membership.partnership_id,
        purpose=services.ADMIN_PURPOSE,
    )
    return render(request, "partnerships/users.html", {"title": "Users", "memberships": rows})


@role_required(MANAGE)
def user_add(request: HttpRequest) -> HttpResponse:
    admin = request.membership  # type: ignore[attr-defined]
    agency_list = list(selectors.agencies_of(admin))
    form = NewUserForm(request.POST or None, agencies=agency_list)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.staff_member_add(
            request=request,
            admin=admin,
            email=data["email"],
            full_name=data["full_name"],
            role=data["role"],
            agency=next((a for a in agency_list if a.pk == data["agency"]), None),
        )
        messages.success(request, f"{data['full_name']} has been added and sent an invitation.")
        return redirect("partnerships:users")
    return render(request, "partnerships/user_add.html", {"title": "Add a user", "form": form})


@role_required(MANAGE)
def user_edit(request: HttpRequest, membership_id: int) -> HttpResponse:
    admin = request.membership  # type: ignore[attr-defined]
    target = selectors.membership_get(admin, membership_id)
    agency_list = list(selectors.agencies_of(admin))
    form = MembershipForm(
        request.POST or None,
        agencies=agency_list,
        initial={"role": target.role, "agency": target.agency_id},
    )
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.membership_remove(admin=admin, membership=target)
        messages.success(request, f"{target.user} no longer has this role.")
        return redirect("partnerships:users")
    if request.method == "POST" and form.is_valid():
        agency = next((a for a in agency_list if a.pk == form.cleaned_data["agency"]), None)
        services.membership_change(
            admin=admin, membership=target, role=form.cleaned_data["role"], agency=agency
        )
        messages.success(request, f"{target.user}'s role has been changed.")
        return redirect("partnerships:users")
    note_read(
        request,
        object_type="membership",
        object_id=target.pk,
        partnership_id=admin.partnership_id,
        purpose=services.ADMIN_PURPOSE,
    )
    return render(
        request,
        "partnerships/user_edit.html",
        {"title": f"Change {target.user}'s role", "form": form, "target": target},
    )
