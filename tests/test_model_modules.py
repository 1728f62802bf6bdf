"""The model's nouns by concept: a round's nouns in interview_kit.model itself, the rest in submodules that load
on first use, every one importable from interview_kit.model."""

import subprocess
import sys
from pathlib import Path

import pytest

from interview_kit import model

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name, home", sorted(model._ELSEWHERE.items()))
def test_each_noun_kept_elsewhere_is_importable_from_the_model(name, home):
    noun = getattr(model, name)
    assert noun.__module__ == f"interview_kit.model.{home}" and name in dir(model)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="Interviewer"):
        model.Interviewer  # noqa: B018


def test_the_first_screen_does_not_load_the_banks_audit_search_or_practice_nouns():
    # What the app reads before its first paint: the store (rounds, candidates, panel, verdicts, decisions).
    code = ("import sys, interview_kit.store; "
            "print(sorted(m for m in sys.modules if m.startswith('interview_kit.model.')))")
    done = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(ROOT / "src")}, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "[]"
