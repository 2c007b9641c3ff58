import rules

from casereview.accounts.rules import in_same_partnership, is_admin, is_auditor

# A partnership admin manages the users and agencies of their own partnership only.
rules.add_rule("manage.partnership", is_admin)
rules.add_rule("manage.partnership_object", is_admin & in_same_partnership)
rules.add_rule("manage.audit_log", is_auditor)
