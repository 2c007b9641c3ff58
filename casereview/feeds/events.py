"""What the feeds app tells the rest of itself without importing upward: reports of a
partnership changed (an import, an erasure), so linkage should run again."""

from django.dispatch import Signal

# Sent after the transaction that changed reports has committed, with `partnership_id`.
reports_changed = Signal()
