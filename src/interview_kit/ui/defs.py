"""Spacing, margins, font sizes and colours in one place, so every screen looks like the same app."""

SPACING = 8
MARGIN = 12
BIG_MARGIN = 24

FONT_SMALL = 9
FONT_BODY = 11
FONT_LARGE = 14
FONT_QUESTION = 20
FONT_TITLE = 16

WINDOW_SIZE = (1280, 800)
MIN_SIZE = (1024, 640)

# Colours carry meaning, never alone: every coloured state also has a word or a symbol.
OK = "#2e7d32"
WARN = "#b26a00"
BAD = "#c62828"
MUTED = "#6b7280"
ACCENT = "#1f5fa8"
SELECTED_BG = "#dbe8f8"
PANEL_BG = "#f6f7f9"

#: Auto-sized columns look at this many rows (those on screen first), never at every row of a big table. (0 would
#: mean "the rows on screen", but a view not yet shown has no rows on screen and Qt then reads them all.)
SIZE_SAMPLE_ROWS = 40
