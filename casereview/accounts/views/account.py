"""A signed-in user's own account: roles, recovery codes, API tokens, sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from casereview.accounts import services, sudo
from casereview.accounts.forms import ApiTokenForm, ConfirmIdentityForm, SwitchMembershipForm
from casereview.accounts.middleware import MEMBERSHIP_ID
from casereview.accounts.requests import StaffRequest
from casereview.accounts.selectors import api_tokens_for
from casereview.accounts.views.sign_in import safe_next
from casereview.core.audit import Actor
from casereview.core.errors import InvalidInput
from casereview.core.view_helpers import posted, put_errors


def _account_page(
    request: HttpRequest, token_form: ApiTokenForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {
            "title": "Your account",
            "form": token_form,
            "tokens": api_tokens_for(request.user),  # type: ignore[arg-type]
            "recovery_codes_left": services.recovery_codes_left(request.user),  # type: ignore[arg-type]
            "new_token": request.session.pop("new_api_token", None),
        },
        status=status,
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request, ApiTokenForm())


@login_required
@require_POST
def token_create(request: StaffRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if request.membership is None or not form.is_valid():
        return _account_page(request, form, status=400)
    if not sudo.confirmed_recently(request):
        return sudo.ask_to_confirm(request, "create an API token")
    _, raw = services.api_token_create(
        membership=request.membership,
        name=form.cleaned_data["name"],
        actor=Actor.from_request(request),
    )
    # Shown once, on the next page, then gone: only its hash is kept.
    request.session["new_api_token"] = raw
    return redirect("accounts:account")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(api_tokens_for(request.user), pk=token_id)  # type: ignore[arg-type]
    services.api_token_revoke(token=token, actor=Actor.from_request(request))
    messages.success(request, f"The token ‘{token.name}’ no longer works.")
    return redirect("accounts:account")


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    services.sign_out_everywhere(user=request.user, actor=Actor.from_request(request))  # type: ignore[arg-type]
    messages.success(request, "You have been signed out on every device, including this one.")
    return redirect("accounts:sign_in")


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop("new_recovery_codes", None)
    if request.method == "POST":
        if not sudo.confirmed_recently(request):
            return sudo.ask_to_confirm(request, "get new recovery codes")
        codes = services.recovery_codes_issue(user=request.user)  # type: ignore[arg-type]
    if not codes:
        return redirect("accounts:account")
    return render(
        request, "accounts/recovery_codes.html", {"title": "Your recovery codes", "codes": codes}
    )


@login_required
def confirm_identity(request: StaffRequest) -> HttpResponse:
    """Password and a fresh authenticator code again, for the next 10 minutes of making
    new credentials."""
    form = ConfirmIdentityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_confirm(
                request=request,
                user=request.user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        else:
            sudo.note_confirmed(request)
            messages.success(
                request,
                "For the next 10 minutes you can make changes that need this check, such as "
                "creating API tokens and recovery codes.",
            )
            return redirect(safe_next(request, request.GET.get("next"), "accounts:account"))
    return render(
        request, "accounts/confirm_identity.html", {"title": "Confirm it is you", "form": form}
    )


@login_required
def switch_membership(request: StaffRequest) -> HttpResponse:
    memberships = request.memberships
    form = SwitchMembershipForm(
        request.POST if request.method == "POST" else None,
        memberships=memberships,
        initial={"membership": getattr(request.membership, "pk", None)},
    )
    if request.method == "POST" and form.is_valid():
        request.session[MEMBERSHIP_ID] = form.cleaned_data["membership"]
        return redirect("casework:home")
    return render(
        request, "accounts/switch_membership.html", {"title": "Switch role", "form": form}
    )
