"""Damaged workspace files: whatever the damage, the command line answers with one clear line (or works), never
a traceback, and a refusal changes no byte of the file and leaves nothing beside it.

The damage is real: bytes flipped, pages zeroed or scribbled over, the file cut short — applied to a workspace
holding the demo (rounds, a scored panel, verdicts, notes with accents and quotes).
"""

import contextlib
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_kit import cli
from interview_kit.store import Workspace

FUZZ_CASES = int(os.environ.get("IKIT_FUZZ_CASES", "300"))


@pytest.fixture(scope="module")
def demo_bytes(tmp_path_factory, library):
    from interview_kit import demo

    path = tmp_path_factory.mktemp("demo") / "demo.ikdb"
    with Workspace.open(path) as ws:
        demo.build_demo(ws, library)
        rounds = [r.id for r in ws.rounds()]
    return path.read_bytes(), rounds


@st.composite
def damage(draw, size):
    """A list of edits to a file of ``size`` bytes (offsets are fractions, so they scale to the file)."""
    kind = draw(st.sampled_from(["flip", "flip", "zero-page", "scribble-page", "truncate", "header"]))
    if kind == "flip":
        flips = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(1, 255)), min_size=1, max_size=24))
        return kind, flips
    if kind in ("zero-page", "scribble-page"):
        return kind, draw(st.integers(0, size // 4096 - 1)), draw(st.binary(min_size=1, max_size=64))
    if kind == "truncate":
        return kind, draw(st.integers(0, size - 1))
    return kind, draw(st.lists(st.tuples(st.integers(16, 99), st.integers(0, 255)), min_size=1, max_size=6))


def _apply(data: bytes, edit) -> bytes:
    b = bytearray(data)
    kind = edit[0]
    if kind == "flip":
        for off, x in edit[1]:
            b[off] ^= x
    elif kind == "header":
        for off, v in edit[1]:
            b[off] = v
    elif kind == "truncate":
        del b[edit[1]:]
    else:
        page = int.from_bytes(b[16:18], "big") or 65536
        start = edit[1] * page
        fill = b"\x00" * page if kind == "zero-page" else (edit[2] * (page // len(edit[2]) + 1))[:page]
        b[start:start + page] = fill
    return bytes(b)


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = cli.main(argv)
    return rc, out.getvalue(), err.getvalue()


def test_damaged_workspaces_get_one_clear_line_and_refusals_change_nothing(demo_bytes, tmp_path_factory):
    data, rounds = demo_bytes
    folder = tmp_path_factory.mktemp("fuzz")
    seen = {"cases": 0, "refused": 0}

    @settings(max_examples=FUZZ_CASES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(damage(len(data)), st.sampled_from(["list", "show", "report"]))
    def check(edit, command):
        path = folder / "damaged.ikdb"
        for leftover in folder.iterdir():
            leftover.unlink()
        damaged = _apply(data, edit)
        path.write_bytes(damaged)
        argv = {"list": ["round", "list", "--json"], "show": ["round", "show", rounds[0], "--json"],
                "report": ["report", rounds[0], "--json"]}[command]
        rc, _, err = _run(["--db", str(path), *argv])
        seen["cases"] += 1
        assert rc in (0, 1), err
        if rc == 1:
            seen["refused"] += 1
            assert err.count("\n") == 1 and err.startswith("interview-kit: "), err
            assert "Traceback" not in err
            if len(damaged):  # an empty file is taken as an interrupted creation and made anew
                assert path.read_bytes() == damaged, f"a refusal changed the file: {err}"
                assert sorted(p.name for p in folder.iterdir()) == ["damaged.ikdb"], err

    check()
    print(f"workspace fuzz: {seen['cases']} cases, {seen['refused']} refused, 0 tracebacks")
