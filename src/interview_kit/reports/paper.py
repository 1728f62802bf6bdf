"""Which paper a user prints on. Kept apart from pdf.py so the app can ask without importing reportlab."""

from __future__ import annotations

import locale

#: Countries that print on US Letter; everyone else gets A4.
LETTER_COUNTRIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "SV", "NI", "PR"}


def default_paper() -> str:
    """"letter" or "a4" from the user's locale (the country part of LC_CTYPE)."""
    try:
        loc = locale.getlocale(locale.LC_CTYPE)[0] or ""
    except ValueError:
        loc = ""
    country = loc.split("_")[1][:2].upper() if "_" in loc else ""
    return "letter" if country in LETTER_COUNTRIES else "a4"
