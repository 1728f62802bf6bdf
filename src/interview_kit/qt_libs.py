"""System libraries Qt needs on Linux that a minimal install may lack, checked before Qt is loaded.

Without libxcb-cursor0, Qt's X11 platform plugin aborts the process with a several-line message that does
not say what to install on which system; we say it in one line and exit 1 instead.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

XCB_CURSOR = "libxcb-cursor.so.0"

MESSAGE = ("Qt needs the system library libxcb-cursor0 to open a window on X11: install it (Debian/Ubuntu: "
           "sudo apt install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor; Arch: pacman -S "
           "xcb-util-cursor) and start again")


def missing_xcb_message() -> str | None:
    """The one-line message when Qt would pick X11 and cannot load libxcb-cursor, else None."""
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("WAYLAND_DISPLAY") or not os.environ.get("DISPLAY"):
        return None  # Qt will not use xcb (or will fail for a reason it explains itself: no display)
    bundled = Path(getattr(sys, "_MEIPASS", "")) / XCB_CURSOR
    if getattr(sys, "frozen", False) and bundled.exists():
        return None
    try:
        ctypes.CDLL(XCB_CURSOR)
    except OSError:
        return MESSAGE
    return None
