"""Building blocks for bank tests: a loaded-looking Question, and TOML text for skill, question and roles files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_kit import banks
from interview_kit.model import Anchor, Question

GOOD_ANCHORS = {
    1: "Blames others for the missed handover and cannot say what they did themselves.",
    2: "Describes their own part only after prompting, with few specifics.",
    3: "Explains what they did to keep the ward informed and why it mattered.",
    4: "Gives specifics on coordinating nurses and analysts, and what changed as a result.",
    5: "Names who needed what, sets up the handover, checks it worked and shares the lessons.",
}


# ------------------------------------------------------------------------------------------- helpers


def q(text: str, **kwargs) -> Question:
    """A loaded-looking question, complete unless told otherwise."""
    defaults = {
        "id": "teamwork-01",
        "skill": "teamwork",
        "kind": "behavioral",
        "probes": ("What did you do first, and why?", "What happened as a result?"),
        "anchors": tuple(Anchor(level, words) for level, words in GOOD_ANCHORS.items()),
    }
    defaults.update(kwargs)
    return Question(text=text, **defaults)


def question_toml(qid: str, text: str = "", *, kind: str = "behavioral", probes=None, anchors=None,
                  extra: str = "", omit: tuple[str, ...] = (), samples=()) -> str:
    """One [[questions]] table; json.dumps gives valid TOML basic strings."""
    text = text or f"Tell me about a time you kept a go-live on track when the {qid} interface failed."
    probes = ["What did you do first, and why?", "Who did you tell, and how?"] if probes is None else probes
    anchors = GOOD_ANCHORS if anchors is None else anchors
    lines = ["[[questions]]"]
    for key, value in (("id", qid), ("kind", kind), ("text", text)):
        if key not in omit:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    if "probes" not in omit:
        lines.append("probes = [")
        lines += [f"  {json.dumps(p, ensure_ascii=False)}," for p in probes]
        lines.append("]")
    if extra:
        lines.append(extra)
    if "anchors" not in omit:
        lines += ["", "[questions.anchors]"]
        lines += [f"{level} = {json.dumps(t, ensure_ascii=False)}" for level, t in anchors.items()]
    for sample in samples:
        lines += ["", "[[questions.samples]]"]
        lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in sample.items()]
    return "\n".join(lines) + "\n"


def spoken(words: int, opening: str = "So, this was at a regional hospital in Tromsø") -> str:
    """A spoken-style answer of exactly ``words`` words."""
    filler = ("and I called the ward manager, Zoë, to ask what the night staff needed before the downtime "
              "window, then wrote it down for the team").split()
    out = opening.split()
    while len(out) < words:
        out.append(filler[len(out) % len(filler)])
    return " ".join(out[:words])


def sample(level: int, words: int = 100, why: str = "Names the ward and the call, as that level describes.") -> dict:
    return {"level": level, "answer": spoken(words), "why": why}


THREE_SAMPLES = (sample(2), sample(3), sample(5))


def skill_toml(skill_id: str, *questions: str, name: str | None = None, omit: tuple[str, ...] = (),
               extra: str = "") -> str:
    head = {
        "id": skill_id,
        "name": name or skill_id.replace("-", " ").capitalize(),
        "definition": "Works with clinicians, analysts and vendors towards one outcome.",
        "why_it_matters": "An EHR go-live needs every team to hand work over cleanly.",
    }
    lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in head.items() if k not in omit]
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n\n" + "\n".join(questions)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def roles_toml(*roles: tuple[str, str, dict[str, float]], per_skill: int = 2) -> str:
    parts = []
    for role_id, name, weights in roles:
        parts.append(f'[[roles]]\nid = "{role_id}"\nname = "{name}"\n'
                     f'description = "Supports {name.lower()} work."\nquestions_per_skill = {per_skill}\n')
        for skill, weight in weights.items():
            parts.append(f'[[roles.skills]]\nskill = "{skill}"\nweight = {weight}\n')
    return "\n".join(parts)


def rules(findings) -> list[str]:
    return [f.rule for f in findings]


@pytest.fixture
def isolated_banks(tmp_path, monkeypatch) -> Path:
    """An empty bundled folder and a private user data dir, so no test sees real banks; returns the bundled
    folder. Use it with ``pytestmark = pytest.mark.usefixtures("isolated_banks")`` after importing it."""
    bundled = tmp_path / "bundled"
    (bundled / "skills").mkdir(parents=True)
    data = tmp_path / "userdata"
    data.mkdir(exist_ok=True)
    monkeypatch.setenv("INTERVIEW_KIT_DATA_DIR", str(data))
    monkeypatch.setattr(banks, "bundled_banks_dir", lambda: bundled)
    # The installation check (missing bundled banks are a hard error) is not what these tests are about.
    from interview_kit import package_data

    monkeypatch.setattr(package_data, "require_bundled_banks", lambda: bundled)
    return bundled
