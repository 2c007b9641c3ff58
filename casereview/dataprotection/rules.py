import rules

from casereview.accounts.rules import is_auditor, is_chair, is_coordinator

rules.add_rule("dataprotection.subject_access", is_auditor | is_coordinator)
rules.add_rule("dataprotection.legal_hold", is_coordinator | is_chair)
