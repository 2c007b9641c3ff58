import rules

from casereview.accounts.rules import in_same_partnership, is_chair

# The Chair alone decides the threshold, and only for their own partnership's cases.
rules.add_rule("decision.decide", is_chair)
rules.add_rule("decision.decide_object", in_same_partnership & is_chair)
