"""Who may do what in the review. Object rules take the application, action or attachment."""

from typing import Any

import rules

from casereview.accounts.models import Membership
from casereview.accounts.rules import in_same_partnership, is_chair, is_coordinator, is_partner


@rules.predicate
def owns_it(membership: Membership | None, obj: Any) -> bool:
    """The object (an action or a recommendation) belongs to the membership's agency, or,
    for an action, is shared with it."""
    return membership is not None and membership.agency_id in obj.owner_ids()


@rules.predicate
def uploaded_it(membership: Membership | None, obj: Any) -> bool:
    """The object (an attachment) was uploaded by the membership's user."""
    return membership is not None and obj.uploaded_by_id == membership.user_id


case_team = is_coordinator | is_chair

rules.add_rule("reviews.request_partners", is_coordinator)
rules.add_rule("reviews.contribute", is_partner)
rules.add_rule("reviews.schedule", is_coordinator)
rules.add_rule("reviews.minutes", is_coordinator)
rules.add_rule("reviews.approve_minutes", is_chair)
rules.add_rule("reviews.conclude", is_chair)
rules.add_rule("reviews.withdraw", case_team)
rules.add_rule("reviews.see_pack", case_team | is_partner)
rules.add_rule("reviews.actions", case_team | is_partner)
rules.add_rule(
    "reviews.update_action", in_same_partnership & (is_coordinator | (is_partner & owns_it))
)
rules.add_rule("reviews.respond_recommendation", in_same_partnership & is_partner & owns_it)
rules.add_rule(
    "reviews.remove_attachment",
    in_same_partnership & (is_coordinator | (is_partner & uploaded_it)),
)
