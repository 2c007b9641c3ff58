import rules

from casereview.accounts.rules import is_appeals, is_chair, is_coordinator

rules.add_rule("publication.see_figures", is_coordinator | is_chair | is_appeals)
