"""Install interview-kit's launcher, icon and file types for the current user (``make install-desktop``).

    python packaging/linux/install_desktop.py [--exec PATH] [--prefix DIR]

Copies into ``$XDG_DATA_HOME`` (``~/.local/share``): ``applications/org.interviewkit.InterviewKit.desktop``
(its Exec= pointing at PATH: by default the ``interview-kit`` beside this Python, i.e. the virtualenv's, or a
bundle's executable), ``metainfo/``, ``mime/packages/`` and the icon in every size under ``icons/hicolor/``;
then refreshes the desktop, MIME and icon caches where those tools are installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
APP_ID = "org.interviewkit.InterviewKit"
ICONS = ROOT / "src" / "interview_kit" / "icons"


def default_exec() -> Path:
    for candidate in (Path(sys.executable).parent / "interview-kit", ROOT / "dist" / "interview-kit" / "interview-kit"):
        if candidate.is_file():
            return candidate.resolve()
    found = shutil.which("interview-kit")
    if found:
        return Path(found).resolve()
    raise SystemExit("install-desktop: no interview-kit executable found; give one with --exec PATH")


def desktop_entry(exe: Path) -> str:
    lines = []
    for line in (HERE / f"{APP_ID}.desktop").read_text("utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={_quote(exe)} %F"
        elif line.startswith("TryExec="):
            line = f"TryExec={exe}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _quote(path: Path) -> str:
    text = str(path)
    if any(c in text for c in ' "\'\\$`'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'
    return text


def install(prefix: Path, exe: Path, *, refresh: bool = True) -> list[Path]:
    written = []

    def put(target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)

    put(prefix / "applications" / f"{APP_ID}.desktop", desktop_entry(exe).encode("utf-8"))
    put(prefix / "metainfo" / f"{APP_ID}.metainfo.xml", (HERE / f"{APP_ID}.metainfo.xml").read_bytes())
    put(prefix / "mime" / "packages" / f"{APP_ID}.xml", (HERE / f"{APP_ID}.mime.xml").read_bytes())
    for png in sorted(ICONS.glob(f"{APP_ID}-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        put(prefix / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png", png.read_bytes())
        put(prefix / "icons" / "hicolor" / f"{size}x{size}" / "mimetypes" / f"{APP_ID}.png", png.read_bytes())
    put(prefix / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg", (ICONS / f"{APP_ID}.svg").read_bytes())
    if refresh:
        _run("update-mime-database", str(prefix / "mime"))
        _run("update-desktop-database", str(prefix / "applications"))
        _run("gtk-update-icon-cache", "--quiet", "--ignore-theme-index", str(prefix / "icons" / "hicolor"))
    return written


def _run(tool: str, *args: str) -> None:
    if shutil.which(tool):
        subprocess.run([tool, *args], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exec", dest="exe", type=Path, help="the interview-kit executable the launcher runs")
    parser.add_argument("--prefix", type=Path, help="data folder (default: $XDG_DATA_HOME or ~/.local/share)")
    args = parser.parse_args(argv)
    prefix = args.prefix or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    exe = args.exe.resolve() if args.exe else default_exec()
    written = install(prefix, exe)
    print(f"installed {len(written)} files under {prefix} (launcher runs {exe})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
