"""The one way views check permission: a named rule, tested against the acting membership."""

from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction

View = Callable[..., HttpResponse]


def permission_denied(request: HttpRequest, rule: str) -> PermissionDenied:
    """Records the refusal, then returns the exception for the caller to raise."""
    membership = getattr(request, "membership", None)
    with transaction.atomic():
        audit_record(
            actor=Actor.from_request(request),
            action=AuditAction.PERMISSION_DENIED,
            object_type="url",
            object_id=request.path[:100],
            partnership_id=getattr(membership, "partnership_id", None),
            purpose=f"refused: {rule}",
        )
    return PermissionDenied(rule)


def role_required(rule: str) -> Callable[[View], View]:
    """Signed in, acting in a role, and that role passes `rule` (else sign-in or 403)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rules.test_rule(rule, getattr(request, "membership", None)):
                raise permission_denied(request, rule)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
