import rules

from casereview.accounts.rules import is_auditor

rules.add_rule("core.view_audit_log", is_auditor)
