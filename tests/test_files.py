"""Every output file is written whole or not at all, readable by its owner only."""

import os
import stat

import pytest

from interview_kit import files
from interview_kit.errors import UserError


def test_write_atomic_writes_the_bytes_with_owner_only_mode(tmp_path):
    target = files.write_atomic(tmp_path / "report.csv", "Zoë, <b>&\n".encode())
    assert target.read_bytes() == "Zoë, <b>&\n".encode()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "report.csv"
    target.write_bytes(b"the previous report")

    def boom():
        raise RuntimeError("renderer failed half way")

    with pytest.raises(RuntimeError):
        files.write_atomic(target, boom)
    assert target.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_an_unwritable_folder_is_one_clear_user_error(tmp_path):
    with pytest.raises(UserError, match="could not write .*missing"):
        files.write_atomic(tmp_path / "missing" / "out.pdf", b"%PDF")
