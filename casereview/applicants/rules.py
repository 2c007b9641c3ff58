import rules

from casereview.accounts.rules import is_chair, is_coordinator

rules.add_rule("applicants.manage_links", is_coordinator | is_chair)
# What the applicant added from their status page: for the people running the case.
rules.add_rule("applicants.documents", is_coordinator | is_chair)
