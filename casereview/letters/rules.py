import rules

from casereview.accounts.rules import is_appeals, is_chair, is_coordinator, is_intake

# The case team sends the letters; intake reads those of the requests they recorded. The
# Commissioner's office reads every letter of a case it holds an appeal on, and sends its
# own outcome letters (`selectors.letters_to_dispatch` keeps each list to its sender's).
rules.add_rule("letters.read", is_intake | is_coordinator | is_chair | is_appeals)
rules.add_rule("letters.dispatch", is_coordinator | is_chair | is_appeals)
