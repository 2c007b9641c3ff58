"""Opening one application from a page: 404 if the acting role cannot see it, 403 if it may
see it but not do this; and noting the read for the audit log."""

from collections.abc import Callable

import rules
from django.http import HttpRequest

from casereview.accounts.models import Membership
from casereview.accounts.requests import StaffRequest
from casereview.applications.models import Application
from casereview.applications.selectors import application_find
from casereview.core.audit import note_read
from casereview.core.permissions import permission_denied

VIEW_PURPOSE = "managing an ASB case review"
Loader = Callable[[Membership | None, str], Application]


def case_for(
    request: StaffRequest, reference: str, rule: str, *, load: Loader = application_find
) -> Application:
    """The application if the acting role may see it (else 404) and passes `rule` (else 403).
    `load` chooses how much of the case comes with it."""
    membership = request.membership
    application = load(membership, reference)
    if not rules.test_rule(rule, membership, application):
        raise permission_denied(request, rule)
    return application


def note_view(request: HttpRequest, application: Application, why: str = VIEW_PURPOSE) -> None:
    note_read(
        request,
        object_type="application",
        object_id=application.reference,
        partnership_id=application.partnership_id,
        purpose=why,
    )
