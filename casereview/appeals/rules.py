"""Who may do what with appeals."""

from typing import Any

import rules

from casereview.accounts.models import Membership
from casereview.accounts.rules import in_same_partnership, is_appeals, is_chair, is_coordinator
from casereview.applications.lifecycle import may_appeal

# The PSO records an appeal on the applicant's behalf; the Commissioner's office records
# the ones it receives, and alone decides them.
rules.add_rule("appeals.record", is_coordinator | is_appeals)
rules.add_rule("appeals.decide", is_appeals)
# There is no administrator role in an appeals body: its officers keep its contact details
# (they head the outcome letters) and its time to decide, every change audited.
rules.add_rule("appeals.office", is_appeals)


@rules.predicate
def appealable(membership: Membership | None, application: Any) -> bool:
    """A not-met decision or a conclusion has been sent: the applicant may appeal it."""
    return may_appeal(application)


# From the case page, the PSO records an appeal the applicant made by phone or post.
rules.add_rule("appeals.record_object", is_coordinator & in_same_partnership & appealable)
rules.add_rule("appeals.see", is_appeals | is_coordinator | is_chair)


@rules.predicate
def upheld_with_recommendations(membership: Membership | None, application: Any) -> bool:
    appeal = getattr(application, "appeal", None)
    return appeal is not None and bool(appeal.upheld) and bool(appeal.recommendations)


# The coordinator makes an upheld appeal's recommendations actions owned by agencies.
rules.add_rule("appeals.make_actions", is_coordinator)
rules.add_rule(
    "appeals.make_actions_object",
    is_coordinator & in_same_partnership & upheld_with_recommendations,
)
