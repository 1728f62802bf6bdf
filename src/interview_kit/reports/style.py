"""How our documents look: the palette, the text looks, the table looks and how numbers are printed.

Colours are hex strings (``flow.color`` turns one into a reportlab colour once); everything that prints a
mean or a spread uses ``fmt``, so a missing value is the same dash everywhere.
"""

from __future__ import annotations

from .flow import GridStyle, Look

INK = "#111827"
MUTED = "#6b7280"
RULE = "#d1d5db"
ACCENT = "#1f5fa8"
FLAG = "#fde7c8"
FLAG_INK = "#9a3412"
HEAD = "#eef2f7"
BAR = "#c7d7ee"

_BASE = Look(size=9.5, leading=13, color=INK)
LOOKS = {
    "title": _BASE.but(bold=True, size=17, leading=21),
    "subtitle": _BASE.but(color=MUTED, size=10, leading=14),
    "h2": _BASE.but(bold=True, size=12, leading=16, before=10, after=4, color=ACCENT),
    "body": _BASE,
    "small": _BASE.but(size=8, leading=10),
    "muted": _BASE.but(size=8.5, leading=11, color=MUTED),
    "cell": _BASE.but(size=8.5, leading=10.5),
    "cellb": _BASE.but(size=8.5, leading=10.5, bold=True),
    "big": _BASE.but(bold=True, size=22, leading=26),
    "flag": _BASE.but(color=FLAG_INK, size=9, leading=12),
    "qhead": _BASE.but(size=8.5, leading=11, back=HEAD, pad=3, before=4, after=4),
    "qflag": _BASE.but(size=8.5, leading=11, back=FLAG, pad=3, before=4, after=4),
    "qtext": _BASE.but(size=8.5, leading=11, after=3),
    "note": _BASE.but(size=8.5, leading=11, indent=10, after=2),
}
TABLE = GridStyle(rule=RULE, header_back=HEAD)
#: Form lines to write on (signatures, the guide's header fields): ruled under the answer columns only.
FORM = GridStyle(header=False, rule=INK, rule_cols=frozenset({1, 3}), rule_width=0.6)


def fmt(v: float | None) -> str:
    """A result as a person reads it: ``scoring.fmt``, the one number format of the view and the PDFs."""
    from ..scoring import fmt as one_format

    return one_format(v)
