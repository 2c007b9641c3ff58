"""What the review's pages share: running a service and turning its refusals into the page's
error summary (bad input) or a banner (not allowed in this state)."""

from collections.abc import Callable

import rules
from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from casereview.applications.intake import InvalidInput
from casereview.applications.models import Application
from casereview.applications.services import NotAllowedNow
from casereview.core.permissions import permission_denied
from casereview.reviews import selectors

CASE_PURPOSE = "managing an ASB case review"


def review_case(
    request: HttpRequest,
    reference: str,
    rule: str,
    *,
    joins: tuple[str, ...] = (),
    prefetches: tuple[str | Prefetch, ...] = (),
) -> Application:
    """Like `case_for`: the case if the acting role may see it (else 404) and passes `rule`
    (else 403), but loading only what the page shows (`selectors.case_get`)."""
    membership = request.membership  # type: ignore[attr-defined]
    application = selectors.case_get(membership, reference, joins=joins, prefetches=prefetches)
    if not rules.test_rule(rule, membership, application):
        raise permission_denied(request, rule)
    return application


def posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def put_errors(form: forms.Form, exc: InvalidInput) -> None:
    for error in exc.errors:
        form.add_error(error.field if error.field in form.fields else None, error.message)


def attempt(
    request: HttpRequest, form: forms.Form, work: Callable[[], object], done: str, then: str
) -> HttpResponse | None:
    """Run `work`. Success or a state refusal redirects to `then` with a banner; bad input
    is put on `form` and None returned, so the caller shows the page again."""
    try:
        work()
    except InvalidInput as exc:
        put_errors(form, exc)
        return None
    except NotAllowedNow as exc:
        messages.error(request, str(exc))
        return redirect(then)
    messages.success(request, done)
    return redirect(then)
