"""What every form page shares: reading a POST, putting a service's field errors on the form
(for the GOV.UK error summary), and running a service with its refusals turned into the page's
errors (bad input) or a banner (not allowed in this state)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from casereview.core.errors import InvalidInput, NotAllowedNow


def posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def put_errors(form: forms.BaseForm, exc: InvalidInput) -> None:
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
