"""Who may do what with partner feeds and the radar. Reports belong to the partnership; a
partner officer sees and sends only their own agency's, and never the radar (FEEDS.md,
privacy by design)."""

from typing import Any

import rules

from casereview.accounts.models import Membership
from casereview.accounts.rules import (
    in_same_partnership,
    is_admin,
    is_auditor,
    is_chair,
    is_coordinator,
    is_intake,
    is_partner,
)


@rules.predicate
def own_agency(membership: Membership | None, agency: Any) -> bool:
    """The agency (or an agency's report) is the one the partner officer works for."""
    agency_id = agency.pk if agency._meta.model_name == "agency" else agency.agency_id
    return membership is not None and agency_id == membership.agency_id


# Sending a feed: the coordinator for any agency of the partnership, a partner officer for
# their own. The object is the agency (or a report of it).
rules.add_rule("feeds.send", is_coordinator | is_partner)
rules.add_rule(
    "feeds.send_for",
    (is_coordinator & in_same_partnership) | (is_partner & in_same_partnership & own_agency),
)
rules.add_rule("feeds.reports", is_coordinator | is_partner)
rules.add_rule(
    "feeds.report",
    (is_coordinator & in_same_partnership) | (is_partner & in_same_partnership & own_agency),
)
# The radar joins agencies' records: the coordinator acts on it; the Chair sees it.
rules.add_rule("feeds.radar", is_coordinator | is_chair)
rules.add_rule("feeds.contact", is_coordinator)
rules.add_rule("feeds.draft_application", is_coordinator)
# Pairs the model was unsure about are checked by the coordinator.
rules.add_rule("feeds.check_pairs", is_coordinator)
# What the radar does with personal data (for the privacy notice and the DPIA): every member
# of the partnership's staff may read it, partner officers included.
rules.add_rule(
    "feeds.radar_about",
    is_coordinator | is_chair | is_partner | is_intake | is_auditor | is_admin,
)
