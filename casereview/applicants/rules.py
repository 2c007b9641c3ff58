import rules

from casereview.accounts.rules import is_chair, is_coordinator

rules.add_rule("applicants.manage_links", is_coordinator | is_chair)
