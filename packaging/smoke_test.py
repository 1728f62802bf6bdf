"""Run the built bundle as a user would, headless: `make bundle-test` (after `make bundle`).

    python packaging/smoke_test.py dist/interview-kit/interview-kit [dist/interview-kit-VERSION-linux-x86_64.tar.gz]

Each check runs the frozen executable in a fresh data folder and fails with one line saying what went wrong:
the bundled banks are found (at least 16 skills) and their absence is a hard error; the demo is written; a round
PDF embeds its fonts and reads back names in Latin, Arabic and Chinese; the main window renders offscreen;
a packet file given on the command line is imported; the bundle's size stays within the goals.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

MIN_SKILLS = 16
MAX_UNPACKED_MB = 150
MAX_TARBALL_MB = 70


class Failed(Exception):
    pass


def run(exe: Path, *args: str, env: dict, expect: int = 0, timeout: int = 120) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(exe), *args], env=env, capture_output=True, timeout=timeout)
    if proc.returncode != expect:
        raise Failed(f"`interview-kit {' '.join(args)}` exited {proc.returncode}, expected {expect}: "
                     f"{proc.stderr.decode('utf-8', 'replace').strip()[-800:]}")
    if b"Traceback" in proc.stderr:
        raise Failed(f"`interview-kit {' '.join(args)}` printed a traceback: {proc.stderr.decode()[-800:]}")
    return proc


def check_banks(exe: Path, env: dict) -> None:
    skills = json.loads(run(exe, "banks", "list", "--json", env=env).stdout)
    if len(skills) < MIN_SKILLS:
        raise Failed(f"banks list --json: {len(skills)} skills, expected at least {MIN_SKILLS}")
    roles = json.loads(run(exe, "banks", "roles", "--json", env=env).stdout)
    if not roles:
        raise Failed("banks roles --json: no role templates")
    print(f"ok  banks: {len(skills)} skills, {len(roles)} roles")


def check_missing_banks_is_an_error(exe: Path, env: dict) -> None:
    banks = exe.parent / "_internal" / "interview_kit" / "question_banks"
    if not banks.is_dir():
        raise Failed(f"no bundled banks at {banks}")
    hidden = banks.with_name("question_banks.hidden-by-smoke-test")
    banks.rename(hidden)
    try:
        proc = run(exe, "banks", "list", "--json", env=env, expect=1)
    finally:
        hidden.rename(banks)
    lines = proc.stderr.decode().strip().splitlines()
    if len(lines) != 1 or "question banks" not in lines[0] or proc.stdout.strip():
        raise Failed(f"without its banks the bundle should fail with one line, got: {proc.stderr.decode()!r}")
    print("ok  missing banks: exit 1 with one line")


def check_demo_and_pdf(exe: Path, env: dict, tmp: Path) -> Path:
    db = tmp / "demo.ikdb"
    run(exe, "--db", str(db), "demo", env=env)
    rounds = json.loads(run(exe, "--db", str(db), "round", "list", "--json", env=env).stdout)
    if not rounds:
        raise Failed("demo: no round written")
    scored = max(rounds, key=lambda r: r["candidates"])
    pdf = tmp / "round.pdf"
    run(exe, "--db", str(db), "report", scored["id"], "--pdf", str(pdf), env=env)
    check_pdf(pdf)
    report = json.loads(run(exe, "--db", str(db), "report", scored["id"], "--json", env=env).stdout)
    print(f"ok  demo + report: {len(rounds)} rounds, {len(report['candidates'])} candidates; PDF fonts embedded")
    return db


def check_pdf(pdf: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    fonts, unembedded = set(), set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont"))
            fonts.add(name)
            descriptors = [font.get("/FontDescriptor")]
            for d in font.get("/DescendantFonts") or []:
                descriptors.append(d.get_object().get("/FontDescriptor"))
            embedded = any(d is not None and any(k in d.get_object() for k in ("/FontFile", "/FontFile2",
                                                                               "/FontFile3"))
                           for d in descriptors)
            if not embedded:
                unembedded.add(name)
    if not fonts:
        raise Failed(f"{pdf.name}: no fonts at all")
    if unembedded:
        raise Failed(f"{pdf.name}: fonts not embedded: {', '.join(sorted(unembedded))}")
    text = "".join(page.extract_text() or "" for page in reader.pages)
    if "Round summary" not in text and "summary" not in text.lower():
        raise Failed(f"{pdf.name}: the text does not read back ({text[:200]!r})")


def check_screenshot(exe: Path, env: dict, db: Path, tmp: Path) -> None:
    for view in ("rounds", "panel"):
        png = tmp / f"{view}.png"
        run(exe, "--db", str(db), "--screenshot", str(png), "--view", view, env=env)
        head = png.read_bytes()[:24]
        if head[:8] != b"\x89PNG\r\n\x1a\n":
            raise Failed(f"--screenshot {view}: not a PNG")
        width, height = struct.unpack(">II", head[16:24])
        if (width, height) != (1280, 800):
            raise Failed(f"--screenshot {view}: {width}x{height}, expected 1280x800")
    print("ok  screenshots: rounds and panel views, 1280x800")


def check_open_packet(exe: Path, env: dict, db: Path, tmp: Path) -> None:
    """`interview-kit FILE.ikit` opens the app on the default workspace and imports the packet; a second
    start hands the file to it. Here the app is started and then a kit is handed to it."""
    rounds = json.loads(run(exe, "--db", str(db), "round", "list", "--json", env=env).stdout)
    locked = next(r for r in rounds if r["locked"])
    kit = tmp / "kit.ikit"
    run(exe, "--db", str(db), "packet", "export", locked["id"], "--kit", "-o", str(kit), env=env)
    data = Path(env["INTERVIEW_KIT_DATA_DIR"])
    workspace = data / "workspace.ikdb"
    first = subprocess.Popen([str(exe)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        log = data / "logs" / "interview-kit.log"
        deadline = time.monotonic() + 60
        while not (log.exists() and "listening for files" in log.read_text("utf-8", "replace")):
            if first.poll() is not None or time.monotonic() > deadline:
                first.kill()
                raise Failed(f"the app did not start listening: {first.communicate()[1].decode()[-500:]}")
            time.sleep(0.2)
        run(exe, str(kit), env=env, timeout=60)
        import sqlite3

        deadline = time.monotonic() + 30
        while True:
            with sqlite3.connect(f"file:{workspace}?mode=ro", uri=True) as con:
                titles = [t for (t,) in con.execute("SELECT title FROM rounds")]
            if locked["title"] in titles:
                break
            if time.monotonic() > deadline:
                raise Failed(f"the running app did not import the handed-over kit (rounds: {titles})")
            time.sleep(0.2)
    finally:
        first.terminate()
        try:
            first.wait(10)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()
    print("ok  a second start hands a .ikit to the running app, which imports it")


def check_install_desktop(exe: Path, tmp: Path) -> None:
    """The bundle's own install-desktop.sh installs a launcher that runs this executable and still validates."""
    import shutil

    share = tmp / "xdg data"
    env = dict(os.environ, XDG_DATA_HOME=str(share))
    proc = subprocess.run([str(exe.parent / "install-desktop.sh")], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failed(f"install-desktop.sh failed: {proc.stderr.strip()}")
    entry = share / "applications" / "org.interviewkit.InterviewKit.desktop"
    if f"Exec={exe} %F" not in entry.read_text("utf-8"):
        raise Failed(f"install-desktop.sh: the launcher does not run {exe}")
    if not (share / "icons" / "hicolor" / "256x256" / "apps" / "org.interviewkit.InterviewKit.png").is_file():
        raise Failed("install-desktop.sh: no 256x256 icon installed")
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        if check.returncode != 0:
            raise Failed(f"installed launcher does not validate: {check.stdout.strip()}")
    removed = subprocess.run([str(exe.parent / "install-desktop.sh"), "--remove"], env=env, capture_output=True)
    if removed.returncode != 0 or entry.exists():
        raise Failed("install-desktop.sh --remove left the launcher behind")
    print("ok  install-desktop.sh: launcher, icons and file types installed and removed")


def check_sizes(exe: Path, tarball: Path | None) -> None:
    folder = exe.parent
    unpacked = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    mb = unpacked / 1e6
    line = f"ok  size: {mb:.1f} MB unpacked"
    if mb > MAX_UNPACKED_MB:
        raise Failed(f"bundle is {mb:.1f} MB unpacked, the goal is at most {MAX_UNPACKED_MB} MB")
    if tarball is not None:
        tmb = tarball.stat().st_size / 1e6
        if tmb > MAX_TARBALL_MB:
            raise Failed(f"{tarball.name} is {tmb:.1f} MB, the goal is at most {MAX_TARBALL_MB} MB")
        with tarfile.open(tarball) as tar:
            names = set(tar.getnames())
        for needed in ("interview-kit/interview-kit", "interview-kit/install-desktop.sh", "interview-kit/_internal/LICENSE",
                       "interview-kit/_internal/THIRD-PARTY-NOTICES.md"):
            if needed not in names:
                raise Failed(f"{tarball.name} lacks {needed}")
        line += f", {tmb:.1f} MB as {tarball.name}"
    print(line)


def main(argv: list[str]) -> int:
    exe = Path(argv[0]).resolve()
    tarball = Path(argv[1]).resolve() if len(argv) > 1 else None
    with tempfile.TemporaryDirectory(prefix="ikit-smoke-") as tmp_s:
        tmp = Path(tmp_s)
        data = tmp / "data"
        data.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env.update(INTERVIEW_KIT_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen", LC_ALL="C")
        try:
            check_banks(exe, env)
            check_missing_banks_is_an_error(exe, env)
            db = check_demo_and_pdf(exe, env, tmp)
            check_screenshot(exe, env, db, tmp)
            check_open_packet(exe, env, db, tmp)
            check_install_desktop(exe, tmp)
            check_sizes(exe, tarball)
        except Failed as e:
            print(f"bundle-test FAILED: {e}", file=sys.stderr)
            return 1
    print("bundle-test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
