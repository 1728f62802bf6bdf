"""The one rule for a person's name as this copy knows its user (File → My name…): trimmed, 1 to 200
characters, no control characters. Every entry point (the first-start dialog, the menu, the store) calls
:func:`clean_name`, so the rule cannot differ between them."""

from __future__ import annotations

import unicodedata

from .errors import UserError

MAX_LENGTH = 200
#: Where a person says who they are; every message that asks for a name points here.
MENU_PATH = "File → My name…"


class InvalidName(UserError):
    """A name that breaks the rule; the message says which part."""


def clean_name(text: str) -> str:
    """``text`` trimmed, or InvalidName with one sentence saying what is wrong with it."""
    name = (text or "").strip()
    if not name:
        raise InvalidName("a name cannot be empty")
    if len(name) > MAX_LENGTH:
        raise InvalidName(f"a name is at most {MAX_LENGTH} characters (this one has {len(name)})")
    bad = next((ch for ch in name if unicodedata.category(ch) == "Cc"), None)
    if bad is not None:
        raise InvalidName(f"a name cannot contain control characters such as U+{ord(bad):04X} (a tab or line break)")
    return name
