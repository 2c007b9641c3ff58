"""Who may do what with appeals."""

import rules

from casereview.accounts.rules import is_appeals, is_chair, is_coordinator

# The PSO records an appeal on the applicant's behalf; the Commissioner's office records
# the ones it receives, and alone decides them.
rules.add_rule("appeals.record", is_coordinator | is_appeals)
rules.add_rule("appeals.decide", is_appeals)
rules.add_rule("appeals.see", is_appeals | is_coordinator | is_chair)
