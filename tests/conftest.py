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
