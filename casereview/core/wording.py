"""Counts in words people read: 1 letter, 2 letters (never "1 letters")."""


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`n` and the noun that agrees with it; `plural` where adding an "s" is wrong
    (agency, agencies; entry, entries; person, people)."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"
