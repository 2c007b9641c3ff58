import rules

from casereview.accounts.rules import in_same_partnership, is_admin

# A partnership admin manages the users and agencies of their own partnership only.
rules.add_rule("partnerships.manage", is_admin)
rules.add_rule("partnerships.manage_object", is_admin & in_same_partnership)
