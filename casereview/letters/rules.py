import rules

from casereview.accounts.rules import is_chair, is_coordinator

# The case team sends the letters; intake reads those of the requests they recorded.
rules.add_rule("letters.dispatch", is_coordinator | is_chair)
