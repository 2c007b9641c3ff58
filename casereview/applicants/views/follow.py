"""The public way in: the start page at `/`, and following a case with its reference and the
short access code given to applicants who phone or write."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casereview.accounts.throttle import client_address
from casereview.applicants import links
from casereview.applicants.forms import FollowForm
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.view_helpers import put_errors


def start_page(request: HttpRequest) -> HttpResponse:
    """What someone who is not signed in sees at `/`: the routes for the public, and the
    way to sign in for staff."""
    return render(request, "applicants/home.html", {"title": "ASB case reviews"})


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST if request.method == "POST" else None)
    refused = ""
    if request.method == "POST" and form.is_valid():
        try:
            link = links.follow_with_code(
                reference=form.cleaned_data["reference"],
                code=form.cleaned_data["code"],
                address=client_address(request),
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        except NotAllowedNow as exc:
            refused = str(exc)
        else:
            return redirect("applicants:status", token=link.token)
    return render(
        request,
        "applicants/follow.html",
        {"title": "Follow your case", "form": form, "refused": refused},
        status=(429 if refused else 400) if request.method == "POST" else 200,
    )
