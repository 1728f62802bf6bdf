"""The Linux desktop integration: the launcher, the AppStream metainfo and the file types pass the
freedesktop validators, and an installed set makes the desktop recognise our files by name and by content."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.interviewkit.InterviewKit"

sys.path.insert(0, str(LINUX))
import install_desktop


def needs(tool):
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} is not installed")


@needs("desktop-file-validate")
def test_desktop_entry_passes_desktop_file_validate():
    proc = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


@needs("appstreamcli")
def test_metainfo_passes_appstreamcli_validate():
    proc = subprocess.run(["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_desktop_id_is_the_one_the_app_announces():
    from interview_kit.ui.app import DESKTOP_ID

    assert (LINUX / f"{DESKTOP_ID}.desktop").is_file()
    assert f"<launchable type=\"desktop-id\">{DESKTOP_ID}.desktop</launchable>" in (
        LINUX / f"{APP_ID}.metainfo.xml").read_text("utf-8")


@needs("desktop-file-validate")
def test_installed_launcher_runs_the_given_executable_and_still_validates(tmp_path):
    exe = tmp_path / "my apps" / "interview-kit"
    install_desktop.install(tmp_path / "share", exe, refresh=False)
    entry = tmp_path / "share" / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{exe}" %F' in entry.read_text("utf-8")
    proc = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def test_install_puts_an_icon_in_every_size_and_the_svg(tmp_path):
    install_desktop.install(tmp_path, Path("/opt/interview-kit/interview-kit"), refresh=False)
    sizes = sorted(int(p.parent.parent.name.split("x")[0])
                   for p in (tmp_path / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.png"))
    assert sizes == [16, 24, 32, 48, 64, 128, 256, 512]
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


@pytest.fixture
def installed_types(tmp_path):
    if shutil.which("update-mime-database") is None or shutil.which("gio") is None:
        pytest.skip("shared-mime-info or gio is not installed")
    share = tmp_path / "share"
    install_desktop.install(share, Path("/usr/bin/interview-kit"))
    return share


def content_type(share, path):
    env = {"XDG_DATA_HOME": str(share), "XDG_DATA_DIRS": f"{share}:/usr/share", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(["gio", "info", "-a", "standard::content-type", str(path)], env=env,
                         capture_output=True, text=True, check=True).stdout
    return out.split("standard::content-type:")[1].strip()


def test_packet_is_recognised_by_name_and_by_its_leading_bytes(installed_types, tmp_path, demo_path):
    from interview_kit import packets
    from interview_kit.store import Workspace

    with Workspace.open(demo_path) as ws:
        rnd = next(r for r in ws.rounds() if r.locked)
        doc = packets.export_kit(ws, rnd.id)
    packets.write(doc, tmp_path / "kit.ikit")
    packets.write(doc, tmp_path / "kit attachment")  # what a mail client saves without the extension
    packets.write(doc, tmp_path / "sealed", passphrase="Grüße & <b>sécurité</b>")
    for name in ("kit.ikit", "kit attachment", "sealed"):
        assert content_type(installed_types, tmp_path / name) == "application/x-interview-kit-packet", name


def test_plain_json_is_not_taken_for_a_packet(installed_types, tmp_path):
    other = tmp_path / "notes"
    other.write_text('{"format": "something-else", "name": "Zoë"}', "utf-8")
    assert content_type(installed_types, other) != "application/x-interview-kit-packet"


def test_workspace_is_recognised_by_name_and_by_its_application_id(installed_types, tmp_path, demo_path):
    import sqlite3

    copy = tmp_path / "workspace backup"
    shutil.copy(demo_path, copy)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert content_type(installed_types, demo_path) == "application/x-interview-kit-workspace"
    assert content_type(installed_types, copy) == "application/x-interview-kit-workspace"
    assert content_type(installed_types, other) != "application/x-interview-kit-workspace"
