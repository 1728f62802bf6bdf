"""The one rule for people's names (candidates, panelists) and e-mail addresses, wherever they come in: the app,
a CSV, a packet, the store. What the store accepts, a packet carries and every other copy accepts again.

A name is trimmed, not empty, at most ``MAX_NAME`` characters, and has no control characters (NUL, escape,
line breaks…) and no lone surrogates (which no file can store). Everything else is allowed: accents, ``<b>``,
``&``, Chinese, Arabic, zero-width joiners.
"""

from __future__ import annotations

import re

from .errors import UserError

MAX_NAME = 200
MAX_LENGTH = MAX_NAME  # the name dialog's word for it
MAX_EMAIL = 320  # what RFC 5321 allows a mailbox
#: Notes and summaries: what a packet carries (and every other copy accepts).
MAX_NOTE = 20000

#: Where a person says who they are in the app; every message that asks for a name points here.
MENU_PATH = "File → My name…"

#: Control characters (C0, DEL, C1) and surrogates: never part of a name, and a surrogate cannot be saved.
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class InvalidName(UserError):
    """A name or address that breaks the rule; the message says which rule."""


def _checked(value, what: str, limit: int) -> str:
    """``value`` trimmed and held to the rule every name and address shares (text, length, no control
    characters), or InvalidName saying which part it breaks."""
    if not isinstance(value, str):
        raise InvalidName(f"{what} must be text")
    text = value.strip()
    if len(text) > limit:
        raise InvalidName(f"{what} is {len(text)} characters long; the limit is {limit}")
    bad = _FORBIDDEN.search(text)
    if bad:
        raise InvalidName(f"{what} contains a control character (U+{ord(bad.group()):04X})")
    return text


def clean_name(value, what: str = "a name") -> str:
    """``value`` trimmed, or InvalidName saying what is wrong with it."""
    name = _checked(value, what, MAX_NAME)
    if not name:
        raise InvalidName(f"{what} is empty")
    return name


def clean_email(value, what: str = "the e-mail address") -> str:
    """An address trimmed (it may be empty), or InvalidName saying what is wrong with it."""
    return _checked(value, what, MAX_EMAIL)
