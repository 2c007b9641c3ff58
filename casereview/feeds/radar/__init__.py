"""The radar: people at a second qualifying report or at the threshold (FEEDS.md §4)."""
