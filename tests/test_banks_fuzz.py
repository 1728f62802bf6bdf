"""The bank loader never raises: real bank files, mutated byte by byte, give findings or a library, never an
exception (issue 14: a 5,000-deep array raised RecursionError)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_kit.banks import load_library, validate_paths

from bank_files import isolated_banks  # noqa: F401

REAL = (Path(__file__).parent / "data" / "practice_banks" / "skills" / "teamwork.toml").read_bytes()
ROLES = (Path(__file__).parents[1] / "question_banks" / "roles.toml").read_bytes()

SNIPPETS = [b"[", b"]", b"{", b"}", b'"', b"'''", b'"""', b"=", b"\n", b"[[questions]]\n", b"[[questions.samples]]\n",
            b"level = 99\n", b"samples = 3\n", b"\x00", b"\xff\xfe", b"\\u", b"1" * 5000, b"[" * 3000,
            b"a = {b = " * 800, "\ud800".encode("utf-8", "surrogatepass"), b"id = 5\n", b"anchors = []\n",
            b"probes = {}\n", b"# comment\n"]
#: Whole lines, inserted at a line start, where they are read as values.
LINES = [b"deep = " + b"[" * 5000 + b"]" * 5000 + b"\n", b"deep = " + b"{a = " * 3000 + b"1" + b"}" * 3000 + b"\n",
         b"n = " + b"9" * 5000 + b"\n", b"level = 3\n", b"[[questions.samples]]\nlevel = 0\nanswer = 5\n"]


@st.composite
def mutated(draw, original: bytes):
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["insert", "line", "delete", "replace", "cut"]))
        if how == "line":
            starts = [0] + [i + 1 for i, b in enumerate(data) if b == 10]
            at = draw(st.sampled_from(starts))
            data[at:at] = draw(st.sampled_from(LINES))
        elif how == "insert":
            data[at:at] = draw(st.sampled_from(SNIPPETS))
        elif how == "delete":
            del data[at:at + draw(st.integers(1, 200))]
        elif how == "replace":
            data[at:at + 1] = bytes([draw(st.integers(0, 255))])
        else:
            del data[at:]
    return bytes(data)


@pytest.mark.usefixtures("isolated_banks")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(skill=mutated(REAL), roles=mutated(ROLES))
def test_mutated_bank_files_give_findings_never_an_exception(tmp_path_factory, skill, roles):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "skill.toml").write_bytes(skill)
    (folder / "roles.toml").write_bytes(roles)
    library = load_library(extra_dirs=[folder], include_user=False)
    assert all(f.message and f.rule for f in library.findings)
    assert all(f.message for f in validate_paths([folder]))
