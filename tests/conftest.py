"""Shared fixtures. Qt must run headless, so the platform is set before anything imports Qt."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from interview_kit.store import Workspace  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own user data dir, so no test ever reads or writes a real user's files."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("INTERVIEW_KIT_DATA_DIR", str(data))
    return data


@pytest.fixture(scope="session")
def library():
    """The bundled banks only (never a user's), loaded once for the whole run."""
    from interview_kit import banks

    return banks.load_library(include_user=False)


@pytest.fixture
def ws_path(tmp_path):
    return tmp_path / "workspace.ikdb"


@pytest.fixture
def ws(ws_path):
    """A fresh, empty workspace in tmp_path."""
    workspace = Workspace.open(ws_path)
    yield workspace
    workspace.close()


@pytest.fixture
def demo_path(tmp_path, library):
    """A closed workspace file holding the demo (two rounds, a scored panel, an interview in progress)."""
    from interview_kit import demo

    path = tmp_path / "demo.ikdb"
    with Workspace.open(path) as ws:
        demo.build_demo(ws, library)
    return path


@pytest.fixture
def app_context(tmp_path, library, qapp):
    """Make an AppContext over a workspace file, with settings in tmp_path and the bundled banks."""
    from PySide6.QtCore import QSettings

    from interview_kit.ui.context import AppContext

    made = []

    def make(path, settings_path=None):
        settings = QSettings(str(settings_path or tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(Workspace.open(path), settings=settings)
        ctx._library = library
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def main_window(app_context, qtbot):
    """Make the main window on a workspace file (through ``app_context``), shown at 1280x800."""
    from interview_kit.ui.main_window import MainWindow

    def make(path):
        w = MainWindow(app_context(path))
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        return w

    return make


@pytest.fixture
def demo_window(demo_path, main_window):
    """The main window on the demo workspace, shown at 1280x800."""
    return main_window(demo_path)


@pytest.fixture
def fx(tmp_path):
    """The loader tests' round (``loader_fuzz.build``): made on a lead's workspace, exported, and merged into
    the workspace the loaders are tried on."""
    import loader_fuzz

    fixture = loader_fuzz.build(tmp_path / "fx")
    yield fixture
    fixture.close()
