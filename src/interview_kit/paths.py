"""Where interview-kit keeps its files.

The user data directory comes from platformdirs; ``INTERVIEW_KIT_DATA_DIR`` overrides it (tests and portable
installs use that so they never touch a real user's workspace).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "interview-kit"
APP_ORG = "interview-kit"
DATA_DIR_ENV = "INTERVIEW_KIT_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_workspace() -> Path:
    return data_dir() / "workspace.ikdb"


def user_banks_dir() -> Path:
    return data_dir() / "banks"
