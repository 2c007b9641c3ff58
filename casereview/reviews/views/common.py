"""What the review pages share: the case, loaded with only what the page shows, if the acting
role may see it."""

import rules
from django.db.models import Prefetch

from casereview.accounts.requests import StaffRequest
from casereview.applications.models import Application
from casereview.core.permissions import permission_denied
from casereview.reviews import selectors

CASE_PURPOSE = "managing an ASB case review"


def review_case(
    request: StaffRequest,
    reference: str,
    rule: str,
    *,
    joins: tuple[str, ...] = (),
    prefetches: tuple[str | Prefetch, ...] = (),
) -> Application:
    """Like `case_for`: the case if the acting role may see it (else 404) and passes `rule`
    (else 403), but loading only what the page shows (`selectors.case_get`)."""
    membership = request.membership
    application = selectors.case_get(membership, reference, joins=joins, prefetches=prefetches)
    if not rules.test_rule(rule, membership, application):
        raise permission_denied(request, rule)
    return application
