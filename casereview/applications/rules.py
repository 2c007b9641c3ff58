"""Who may do what with an application. Object rules take the application itself."""

from typing import Any

import rules

from casereview.accounts.models import Membership
from casereview.accounts.rules import (
    in_same_partnership,
    is_appeals,
    is_chair,
    is_coordinator,
    is_intake,
    is_partner,
)


@rules.predicate
def recorded_it(membership: Membership | None, application: Any) -> bool:
    return membership is not None and application.recorded_by_id == membership.user_id


case_team = is_coordinator | is_chair

# Intake staff record requests and see what they recorded; the PSO and the Chair run cases.
rules.add_rule("applications.record", is_intake | case_team)
rules.add_rule("applications.list", is_intake | case_team)
# Opening a case by its reference: partners are sent on to their contribution page, the
# appeals body to the appeal pack.
rules.add_rule("applications.open", is_intake | case_team | is_partner | is_appeals)
rules.add_rule("applications.view", in_same_partnership & (case_team | (is_intake & recorded_it)))
# The contact log: whoever may see the case adds to it and reads it.
rules.add_rule(
    "applications.log_contact", in_same_partnership & (case_team | (is_intake & recorded_it))
)
rules.add_rule("applications.change_complaints", in_same_partnership & case_team)
# When the victim does not agree to sharing, the Chair decides whether the partnership shares.
rules.add_rule("applications.decide_sharing", is_chair)
# People named on the case (alleged perpetrators, household, witnesses): the case team records
# them and sees all of them; partners see what `applications.people` gives them.
rules.add_rule("applications.manage_people", in_same_partnership & case_team)
rules.add_rule("applications.see_people", in_same_partnership & case_team)
# The harm assessment: the coordinator completes it with the victim; the case team reads it.
rules.add_rule("applications.assess_harm", in_same_partnership & is_coordinator)
