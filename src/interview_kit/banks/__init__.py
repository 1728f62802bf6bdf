"""Load, validate and lint question banks.

Banks are TOML files (the format is in ``docs/banks.md``). They come in layers: the bundled banks, then the
user's ``banks`` folder, then any ``--banks`` folders. A skill or role in a later layer replaces the one with
the same id; a new id adds to the library.

One concept per module:

- :mod:`.findings` — :class:`Finding`, a problem with its file, line, rule and what to do;
- :mod:`.library` — :class:`Library` (what is in force), where the bundled banks live, summaries;
- :mod:`.load` — reading files in layers, never stopping at a bad one; cross-file checks;
- :mod:`.validate` — the structure of skill and roles files (and sample answers);
- :mod:`.lint` — the lint over loaded questions; :mod:`.fairness` its protected-characteristic rules;
- :mod:`.text` — word lists and line numbers in a file's text.

This package is core: no Qt, no printing.
"""

from __future__ import annotations

from importlib import resources  # noqa: F401  (tests patch resources.files to fake an installed wheel)

from .findings import ERROR, WARNING, Finding
from .library import BUNDLED_PREFIX, ROLES_FILE, Library, bundled_banks_dir, role_summaries, skill_summaries
from .lint import NEAR_DUPLICATE_RATIO, lint_library, lint_paths, lint_question, near_duplicate
from .load import load_library, validate_paths
from .validate import (
    ID_PATTERN,
    OPTIONAL_ANCHORS,
    PROBES_MAX,
    PROBES_MIN,
    QUESTIONS_PER_SKILL_RANGE,
    REQUIRED_ANCHORS,
)

__all__ = [
    "BUNDLED_PREFIX", "ERROR", "ID_PATTERN", "NEAR_DUPLICATE_RATIO", "OPTIONAL_ANCHORS", "PROBES_MAX",
    "PROBES_MIN", "QUESTIONS_PER_SKILL_RANGE", "REQUIRED_ANCHORS", "ROLES_FILE", "WARNING", "Finding", "Library",
    "bundled_banks_dir", "lint_library", "lint_paths", "lint_question", "load_library", "near_duplicate",
    "role_summaries", "skill_summaries", "validate_paths",
]
