"""The files that ship inside the package (question banks, fonts, schemas), and the check that they are there.

An installation that lost them (a bundle built without its data, a broken wheel) must say so and stop, never
carry on with zero skills and exit 0 as if all were well.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UserError

ICON_NAME = "org.interviewkit.InterviewKit"


class BrokenInstallation(UserError):
    """Files the package ships with are missing: only reinstalling fixes it."""


def require_bundled_banks() -> Path:
    """The bundled banks folder, or BrokenInstallation if it is missing or holds no skill file."""
    from .banks import bundled_banks_dir

    folder = bundled_banks_dir()
    skills = folder / "skills"
    if not skills.is_dir() or not any(skills.glob("*.toml")):
        raise BrokenInstallation(
            f"this installation is incomplete: the bundled question banks are missing from {folder}; "
            "reinstall interview-kit")
    return folder


def icon_files() -> list[Path]:
    """The app icon's PNG renderings, smallest first (the window and the task bar pick the size they need)."""
    # Beside this module in every kind of install (a checkout, a wheel, a bundle); not through importlib.resources,
    # whose import would cost the window's first paint about 10 ms.
    folder = Path(__file__).resolve().parent / "icons"
    return sorted(folder.glob(f"{ICON_NAME}-*.png"), key=icon_side)


def icon_side(png: Path) -> int:
    """A rendering's width and height in pixels, from its name (``…-48.png``)."""
    return int(png.stem.rsplit("-", 1)[1])
