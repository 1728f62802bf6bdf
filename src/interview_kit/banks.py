"""Load, validate and lint question banks.

Banks are TOML files (the format is in ``docs/banks.md``). They come in layers: the bundled banks, then the
user's ``banks`` folder, then any ``--banks`` folders. A skill or role in a later layer replaces the one with
the same id; a new id adds to the library.

Loading never stops at a bad file. Every problem becomes a :class:`Finding` (an error or a warning with a
file, a line where one can be found, and a sentence saying what to do), and whatever is sound still loads:

- a file that cannot be read or parsed, or a skill without a usable ``id``/``name``, is skipped whole;
- a question with any error is skipped, the rest of its skill loads;
- a role with any error is skipped, except that a skill it names which is not loaded is dropped from it
  (the role keeps its other skills);
- a question id already used by an earlier-loaded skill is skipped in the later one.

The fairness lint (:func:`lint_question`, :func:`lint_library`, :func:`lint_paths`) works on loaded
:class:`~interview_kit.model.Question` objects, so the app can lint a question typed by hand as well.

This module is core: no Qt, no printing.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from pathlib import Path

from . import paths
from .model import KINDS, Anchor, Question, RoleSkill, RoleTemplate, Skill

ERROR = "error"
WARNING = "warning"

#: Stable ids: lowercase letters and digits, in groups joined by single hyphens ("teamwork-01").
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PROBES_MIN, PROBES_MAX = 2, 4
REQUIRED_ANCHORS = (1, 3, 5)
OPTIONAL_ANCHORS = (2, 4)
QUESTIONS_PER_SKILL_RANGE = (1, 5)
#: Two question texts at least this similar (0..1, over their words) are near-duplicates.
NEAR_DUPLICATE_RATIO = 0.8

ROLES_FILE = "roles.toml"
BUNDLED_PREFIX = "bundled:"

_SKILL_KEYS = ("id", "name", "definition", "why_it_matters", "questions")
_QUESTION_KEYS = ("id", "kind", "text", "probes", "anchors", "roles", "minutes")
_ROLE_KEYS = ("id", "name", "description", "questions_per_skill", "skills")
_ROLE_SKILL_KEYS = ("skill", "weight")


# --------------------------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One problem in a bank: where it is, which rule it breaks, and a sentence saying what to do."""

    path: str = ""
    skill: str | None = None
    question: str | None = None
    field: str | None = None
    line: int | None = None
    rule: str = ""
    severity: str = ERROR
    message: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        parts = []
        if self.path:
            parts.append(f"{self.path}:{self.line}" if self.line is not None else self.path)
        who = "/".join(p for p in (self.skill, self.question) if p)
        if who:
            parts.append(who)
        if self.field:
            parts.append(self.field)
        parts.append(f"{self.message} [{self.rule}]")
        return ": ".join(parts)


# ---------------------------------------------------------------------------------------------- library


@dataclass(frozen=True)
class Library:
    """The skills and roles in force after every layer is loaded, and what went wrong on the way."""

    skills: dict[str, Skill] = field(default_factory=dict)
    roles: dict[str, RoleTemplate] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    @cached_property
    def _question_index(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions()}

    def question(self, question_id: str) -> Question | None:
        return self._question_index.get(question_id)

    def questions(self) -> list[Question]:
        """Every question, skill by skill in library order, each skill's in file order."""
        return [q for skill in self.skills.values() for q in skill.questions]

    def skill_questions(self, skill_id: str) -> list[Question]:
        skill = self.skills.get(skill_id)
        return list(skill.questions) if skill else []

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


def bundled_banks_dir() -> Path:
    """The banks that ship with the app.

    An installed wheel carries them as package data (``interview_kit/question_banks``); a source checkout or
    editable install has no such folder, so we fall back to ``question_banks/`` at the top of the repository.
    """
    packaged = resources.files("interview_kit") / "question_banks"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "question_banks"


def load_library(extra_dirs: Iterable[Path | str] = (), include_user: bool = True) -> Library:
    """Load the bundled banks, then the user's banks folder, then each of ``extra_dirs`` in order."""
    sources, missing = _layers(extra_dirs, include_user)
    library = _load(sources)
    if not missing:
        return library
    return Library(skills=library.skills, roles=library.roles, findings=tuple(missing) + library.findings)


# ------------------------------------------------------------------------------------- validate / lint


def validate_paths(paths_: Sequence[Path | str] = (), *,
                   extra_dirs: Iterable[Path | str] = ()) -> list[Finding]:
    """Structural findings for the given files or folders (all of the effective library if none are given).

    The given paths are loaded on top of the bundled banks, the user banks and ``extra_dirs`` (``--banks``),
    so a role may name a bundled skill and a question id used elsewhere is caught; only findings about the
    given files are returned.
    """
    library, wanted, missing = _load_for_paths(paths_, extra_dirs)
    return missing + [f for f in library.findings if wanted is None or f.path in wanted]


def lint_paths(paths_: Sequence[Path | str] = (), *, extra_dirs: Iterable[Path | str] = ()) -> list[Finding]:
    """Structural findings plus the fairness lint for the given files or folders (or the whole library).

    Near-duplicates are looked for across the whole effective library, but only reported when one of the
    pair comes from the given paths.
    """
    library, wanted, missing = _load_for_paths(paths_, extra_dirs)
    structural = [f for f in library.findings if wanted is None or f.path in wanted]
    return missing + structural + _lint_questions(library.questions(), wanted)


def lint_library(library: Library) -> list[Finding]:
    """The fairness lint over every question of a loaded library (its load findings are not repeated)."""
    return _lint_questions(library.questions(), None)


def near_duplicate(a: str, b: str) -> bool:
    """Whether two question texts read almost the same (the lint's near-duplicate test)."""
    return any(True for _ in _near_matches(_words(a), [(0, _words(b))]))


def lint_question(question: Question, *, path: str = "", others: Iterable[Question] = ()) -> list[Finding]:
    """The fairness lint for one question, e.g. a custom question typed in the app.

    ``others`` are the questions it must not nearly duplicate (a question with the same id is ignored, so a
    question being edited is not compared with its own earlier version).
    """
    findings = _lint_one(question, path)
    others = [o for o in others if o.id != question.id]
    for j, ratio in _near_matches(_words(question.text), ((j, _words(o.text)) for j, o in enumerate(others))):
        findings.append(_near_duplicate(question, others[j], ratio, path))
    return _with_lines(findings, {question.id: question})


# ------------------------------------------------------------------------------------------ summaries


def skill_summaries(library: Library) -> list[dict]:
    """One plain dict per skill, in library order (the shape of ``banks list --json``)."""
    return [
        {
            "id": skill.id,
            "name": skill.name,
            "questions": len(skill.questions),
            "behavioral": sum(1 for q in skill.questions if q.kind == "behavioral"),
            "situational": sum(1 for q in skill.questions if q.kind == "situational"),
            "source": skill.source,
        }
        for skill in library.skills.values()
    ]


def role_summaries(library: Library) -> list[dict]:
    """One plain dict per role template, in library order (the shape of ``banks roles --json``)."""
    return [
        {
            "id": role.id,
            "name": role.name,
            "description": role.description,
            "skills": [rs.skill for rs in role.skills],
            "weights": {rs.skill: rs.weight for rs in role.skills},
            "questions_per_skill": role.questions_per_skill,
            "source": role.source,
        }
        for role in library.roles.values()
    ]


# ===================================================================================== loading (private)


@dataclass(frozen=True)
class _Source:
    path: Path
    label: str  # what findings and ``source`` fields call the file
    kind: str  # "skill" or "roles"
    layer: int


def _dir_sources(folder: Path, layer: int, bundled: bool = False) -> list[_Source]:
    """A bank folder's files in load order: skills/*.toml, then top-level skill files, then roles.toml."""

    def label(p: Path) -> str:
        return BUNDLED_PREFIX + p.relative_to(folder).as_posix() if bundled else str(p)

    skill_files = sorted((folder / "skills").glob("*.toml")) if (folder / "skills").is_dir() else []
    skill_files += sorted(p for p in folder.glob("*.toml") if p.name != ROLES_FILE)
    sources = [_Source(p, label(p), "skill", layer) for p in skill_files if p.is_file()]
    roles = folder / ROLES_FILE
    if roles.is_file():
        sources.append(_Source(roles, label(roles), "roles", layer))
    return sources


def _file_source(path: Path, layer: int) -> _Source:
    return _Source(path, str(path), "roles" if path.name == ROLES_FILE else "skill", layer)


def _layers(extra_dirs: Iterable[Path | str], include_user: bool) -> tuple[list[_Source], list[Finding]]:
    """Every file to load, layer by layer, and a finding for each extra folder that does not exist."""
    sources = _dir_sources(bundled_banks_dir(), 0, bundled=True)
    user = paths.user_banks_dir()
    if include_user and user.is_dir():
        sources += _dir_sources(user, 1)
    missing = []
    for i, folder in enumerate(map(Path, extra_dirs), start=2):
        if folder.is_dir():
            sources += _dir_sources(folder, i)
        else:
            missing.append(_not_found(folder))
    return sources, missing


def _not_found(path: Path) -> Finding:
    return Finding(path=str(path), rule="not-found", severity=ERROR,
                   message="no such folder or file; give a bank folder or a .toml file")


def _load_for_paths(paths_: Sequence[Path | str], extra_dirs: Iterable[Path | str]
                    ) -> tuple[Library, set[str] | None, list[Finding]]:
    """Load the effective library plus ``paths_``; also the labels of the given files (None: all)."""
    extra_dirs = list(extra_dirs)
    if not paths_:
        return load_library(extra_dirs), None, []
    sources, missing = _layers(extra_dirs, include_user=True)
    wanted: set[str] = set()
    for i, raw in enumerate(paths_, start=2 + len(extra_dirs)):
        path = Path(raw)
        if path.is_dir():
            given = _dir_sources(path, i)
        elif path.is_file():
            given = [_file_source(path, i)]
        else:
            missing.append(_not_found(path))
            continue
        sources += given
        wanted.update(s.label for s in given)
    return _load(sources), wanted, missing


def _load(sources: Sequence[_Source]) -> Library:
    findings: list[Finding] = []
    skills: dict[str, Skill] = {}  # a replacement keeps the place of the skill it replaces
    skill_layer: dict[str, int] = {}
    loaded_at: dict[str, int] = {}  # when the skill in force was loaded: later loses a duplicate question id
    roles: dict[str, RoleTemplate] = {}
    texts: dict[str, _Text] = {}

    for order, source in enumerate(sources):
        data, text, problems = _read_toml(source)
        findings += problems
        if data is None:
            continue
        texts[source.label] = text
        if source.kind == "skill":
            skill, problems = _parse_skill(data, text, source.label)
            findings += problems
            if skill is None:
                continue
            earlier = skills.get(skill.id)
            if earlier is not None and skill_layer[skill.id] == source.layer:
                findings.append(
                    Finding(path=source.label, skill=skill.id, field="id", line=text.top_key_line("id"),
                            rule="duplicate-id", severity=ERROR,
                            message=f"skill id {skill.id!r} is already defined by {earlier.source} in the "
                                    "same folder; give each skill file its own id — this file was skipped")
                )
                continue
            skills[skill.id] = skill
            skill_layer[skill.id] = source.layer
            loaded_at[skill.id] = order
        else:
            parsed, problems = _parse_roles(data, text, source.label)
            findings += problems
            for role in parsed:
                roles[role.id] = role

    skills = _drop_duplicate_question_ids(skills, loaded_at, texts, findings)
    roles = _drop_unknown_role_skills(roles, skills, texts, findings)
    findings += _unknown_question_roles(skills, roles, texts)
    return Library(skills=skills, roles=roles, findings=tuple(findings))


def _read_toml(source: _Source) -> tuple[dict | None, _Text, list[Finding]]:
    try:
        # utf-8-sig: a file saved by Notepad starts with a byte-order mark that tomllib would refuse.
        raw = source.path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
        return None, _Text(""), [
            Finding(path=source.label, rule="unreadable-file", severity=ERROR,
                    message=f"cannot read the file ({reason}); save it as UTF-8 text — the file was skipped")
        ]
    text = _Text(raw)
    try:
        return tomllib.loads(raw), text, []
    except tomllib.TOMLDecodeError as exc:
        message, line = _split_toml_error(str(exc))
        return None, text, [
            Finding(path=source.label, line=line, rule="toml-syntax", severity=ERROR,
                    message=f"TOML syntax error: {message}; fix the file so it parses — the file was skipped")
        ]


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _split_toml_error(message: str) -> tuple[str, int | None]:
    """tomllib gives the position only inside its message: "Invalid value (at line 3, column 7)"."""
    m = _TOML_POSITION.search(message)
    text, line = (message[: m.start()], int(m.group(1))) if m else (message, None)
    if text == "Illegal character '\\n'":
        text += " (is a closing quote missing?)"
    return text, line


# ------------------------------------------------------------------------------------------ skill files


def _parse_skill(data: dict, text: _Text, label: str) -> tuple[Skill | None, list[Finding]]:
    findings: list[Finding] = []

    def report(rule, message, *, field=None, severity=ERROR, skill=None):
        line = text.top_key_line(field)
        findings.append(Finding(path=label, skill=skill, field=field, line=line, rule=rule,
                                severity=severity, message=message))

    skill_id = data.get("id")
    if not _present(skill_id) or not isinstance(skill_id, str):
        report("missing-field", 'the skill file has no "id"; add id = "<skill-id>" so rounds can refer to it '
               "— the file was skipped", field="id")
        return None, findings
    if not ID_PATTERN.match(skill_id):
        report("bad-id", f"skill id {skill_id!r} must be lowercase letters, digits and single hyphens "
               '(like "teamwork"), because rounds store it — the file was skipped', field="id")
        return None, findings
    name = data.get("name")
    if not _present(name) or not isinstance(name, str):
        report("missing-field", 'the skill has no "name"; add the name panelists see (like "Teamwork and '
               'compatibility") — the file was skipped', field="name", skill=skill_id)
        return None, findings

    for key, what in (("definition", "what the skill is, in observable terms"),
                      ("why_it_matters", "why it matters in health IT")):
        value = data.get(key)
        if not _present(value):
            report("missing-field", f'the skill has no "{key}"; add one paragraph on {what} — the '
                   "interviewer guide prints it", field=key, skill=skill_id)
        elif not isinstance(value, str):
            report("wrong-type", f'"{key}" must be text in quotes', field=key, skill=skill_id)
    for key in data:
        if key not in _SKILL_KEYS:
            report("unknown-field", f'unknown key "{key}" is ignored; check its spelling (a skill has '
                   f"{', '.join(_SKILL_KEYS)})", field=key, skill=skill_id, severity=WARNING)

    raw_questions = data.get("questions")
    questions: list[Question] = []
    if not _present(raw_questions):
        report("missing-field", 'the skill has no questions; add at least one [[questions]] table, or the '
               "skill can never be drawn into a round", field="questions", skill=skill_id)
    elif not isinstance(raw_questions, list):
        report("wrong-type", '"questions" must be a list of [[questions]] tables', field="questions",
               skill=skill_id)
    else:
        blocks = text.blocks("questions")
        by_index = len(blocks) == len(raw_questions)
        seen: set[str] = set()
        for index, raw in enumerate(raw_questions):
            qid = raw.get("id") if isinstance(raw, dict) else None
            occurrence = sum(1 for q in raw_questions[:index] if isinstance(q, dict) and q.get("id") == qid)
            block = blocks[index] if by_index else text.block_of_id("questions", qid, occurrence)
            question, problems = _parse_question(raw, index, skill_id, label, text, block)
            findings += problems
            if question is None:
                continue
            if question.id in seen:
                findings.append(
                    Finding(path=label, skill=skill_id, question=question.id, field="id",
                            line=text.key_line("id", block), rule="duplicate-id", severity=ERROR,
                            message=f"question id {question.id!r} is used twice in this file; ids must be "
                                    "unique because rounds and scores refer to them — the second was skipped")
                )
                continue
            seen.add(question.id)
            questions.append(question)

    skill = Skill(
        id=skill_id,
        name=name.strip(),
        definition=_text_or_empty(data.get("definition")),
        why_it_matters=_text_or_empty(data.get("why_it_matters")),
        questions=tuple(questions),
        source=label,
    )
    return skill, findings


def _parse_question(raw, index: int, skill_id: str, label: str, text: _Text,
                    block: tuple[int, int] | None) -> tuple[Question | None, list[Finding]]:
    """A Question, or None when it has any error (every error is reported, not just the first)."""
    findings: list[Finding] = []
    qid = raw.get("id") if isinstance(raw, dict) else None
    qname = qid if isinstance(qid, str) and qid else None
    where = f"question {qname!r}" if qname else f"question {index + 1} of this skill"

    def report(rule, message, field=None, severity=ERROR):
        line = text.field_line(block, field)
        findings.append(Finding(path=label, skill=skill_id, question=qname, field=field, line=line,
                                rule=rule, severity=severity, message=message))

    if not isinstance(raw, dict):
        report("wrong-type", f"{where} must be a [[questions]] table — it was skipped")
        return None, findings

    skipped = " — the question was skipped"
    hints = {
        "id": 'add id = "<skill-id>-NN", a stable id that rounds and scores refer to',
        "kind": 'add kind = "behavioral" (Tell me about a time...) or "situational" (Imagine that...)',
        "text": "add the question as the interviewer reads it aloud",
        "probes": f"add {PROBES_MIN} to {PROBES_MAX} follow-up probes so every panelist digs the same way",
        "anchors": "add a [questions.anchors] table describing answers at levels 1, 3 and 5",
    }
    for key, hint in hints.items():
        if not _present(raw.get(key)):
            report("missing-field", f'{where} has no "{key}"; {hint}{skipped}', field=key)

    if _present(qid) and (not isinstance(qid, str) or not ID_PATTERN.match(qid)):
        report("bad-id", f"question id {qid!r} must be lowercase letters, digits and single hyphens "
               f'(like "{skill_id}-01"){skipped}', field="id")

    kind = raw.get("kind")
    if _present(kind) and kind not in KINDS:
        hint = ' (use the US spelling "behavioral")' if kind == "behavioural" else ""
        report("bad-kind", f'kind {kind!r} is not "behavioral" or "situational"{hint}; the guide and the '
               f"balanced draw sort questions by kind{skipped}", field="kind")

    qtext = raw.get("text")
    if _present(qtext) and not isinstance(qtext, str):
        report("wrong-type", f'"text" must be text in quotes{skipped}', field="text")

    probes = raw.get("probes")
    if _present(probes):
        if not isinstance(probes, list):
            report("wrong-type", f'"probes" must be a list of strings{skipped}', field="probes")
        else:
            for i, probe in enumerate(probes, start=1):
                if not isinstance(probe, str):
                    report("wrong-type", f"probe {i} must be text in quotes{skipped}", field=f"probe {i}")
                elif not probe.strip():
                    report("missing-field", f"probe {i} is empty; write the follow-up or remove it{skipped}",
                           field=f"probe {i}")
            if not PROBES_MIN <= len(probes) <= PROBES_MAX:
                report("probe-count", f"{where} has {len(probes)} probe{'s' if len(probes) != 1 else ''}; "
                       f"give {PROBES_MIN} to {PROBES_MAX} so every panelist follows up the same way and the "
                       f"question fits its time{skipped}", field="probes")

    anchors: list[Anchor] = []
    raw_anchors = raw.get("anchors")
    if _present(raw_anchors):
        if not isinstance(raw_anchors, dict):
            report("wrong-type", f'"anchors" must be a table like [questions.anchors] with keys 1 to 5'
                   f"{skipped}", field="anchors")
        else:
            for key, value in raw_anchors.items():
                if key not in {"1", "2", "3", "4", "5"}:
                    report("bad-anchor-level", f"anchor level {key!r} is not on the 1-5 scale; use the keys "
                           f"1, 2, 3, 4 and 5{skipped}", field=f"anchor {key}")
                elif not isinstance(value, str):
                    report("wrong-type", f"anchor {key} must be text in quotes{skipped}",
                           field=f"anchor {key}")
                elif value.strip():
                    anchors.append(Anchor(level=int(key), text=value.strip()))
            present = {a.level for a in anchors}
            missing = [lvl for lvl in REQUIRED_ANCHORS if lvl not in present]
            if missing:
                report("missing-anchor", _missing_anchor_message(missing, ERROR) + skipped,
                       field="anchors")
    anchors.sort(key=lambda a: a.level)

    minutes = raw.get("minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0):
        report("bad-minutes", f"minutes must be a whole number above 0, not {minutes!r}{skipped}",
               field="minutes")

    roles = raw.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(r, str) and ID_PATTERN.match(r) for r in roles):
        report("bad-roles", f'roles must be a list of role ids like ["service-desk-analyst"]{skipped}',
               field="roles")

    for key in raw:
        if key not in _QUESTION_KEYS:
            report("unknown-field", f'unknown key "{key}" is ignored; check its spelling (a question has '
                   f"{', '.join(_QUESTION_KEYS)})", field=key, severity=WARNING)

    if any(f.is_error for f in findings):
        return None, findings
    question = Question(
        id=qid,
        skill=skill_id,
        kind=kind,
        text=qtext.strip(),
        probes=tuple(p.strip() for p in probes),
        anchors=tuple(anchors),
        roles=tuple(roles),
        minutes=minutes,
        source=label,
    )
    return question, findings


def _missing_anchor_message(levels: Sequence[int], severity: str) -> str:
    names = " and ".join(str(lvl) for lvl in levels)
    plural = "s" if len(levels) > 1 else ""
    if severity == ERROR:
        return (f"no anchor for level{plural} {names}: levels 1, 3 and 5 are required so every panelist "
                f"scores against the same described behavior; add {'them' if plural else 'it'}")
    return (f"no anchor for level{plural} {names}; panelists scoring between the anchors have nothing to "
            "compare with — add a short description of that answer")


# ------------------------------------------------------------------------------------------ roles file


def _parse_roles(data: dict, text: _Text, label: str) -> tuple[list[RoleTemplate], list[Finding]]:
    findings: list[Finding] = []
    raw_roles = data.get("roles")
    if not isinstance(raw_roles, list) or not raw_roles:
        findings.append(Finding(path=label, field="roles", line=text.top_key_line("roles"),
                                rule="missing-field", severity=ERROR,
                                message="the roles file has no [[roles]] tables; add one per role template"))
        return [], findings
    for key in data:
        if key != "roles":
            findings.append(Finding(path=label, field=key, line=text.top_key_line(key), rule="unknown-field",
                                    severity=WARNING, message=f'unknown key "{key}" is ignored; a roles file '
                                    "holds only [[roles]] tables"))

    blocks = text.blocks("roles")
    by_index = len(blocks) == len(raw_roles)
    roles: list[RoleTemplate] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_roles):
        rid = raw.get("id") if isinstance(raw, dict) else None
        occurrence = sum(1 for r in raw_roles[:index] if isinstance(r, dict) and r.get("id") == rid)
        block = blocks[index] if by_index else text.block_of_id("roles", rid, occurrence)
        role, problems = _parse_role(raw, index, label, text, block)
        findings += problems
        if role is None:
            continue
        if role.id in seen:
            findings.append(Finding(path=label, field="id", line=text.key_line("id", block),
                                    rule="duplicate-id", severity=ERROR,
                                    message=f"role id {role.id!r} is used twice in this file; rounds "
                                            "refer to roles by id — the second was skipped"))
            continue
        seen.add(role.id)
        roles.append(role)
    return roles, findings


def _parse_role(raw, index: int, label: str, text: _Text,
                block: tuple[int, int] | None) -> tuple[RoleTemplate | None, list[Finding]]:
    findings: list[Finding] = []
    rid = raw.get("id") if isinstance(raw, dict) else None
    where = f"role {rid!r}" if isinstance(rid, str) and rid else f"role {index + 1} of this file"
    skipped = " — the role was skipped"

    def report(rule, message, field=None, severity=ERROR, line=None):
        if line is None and block is not None:
            line = text.key_line(field, block) if field else block[0] + 1
        findings.append(Finding(path=label, field=field, line=line, rule=rule, severity=severity,
                                message=f"{where}: {message}"))

    if not isinstance(raw, dict):
        report("wrong-type", f"must be a [[roles]] table{skipped}")
        return None, findings
    if not _present(rid):
        report("missing-field", f'has no "id"; add a stable id like "service-desk-analyst"{skipped}', "id")
    elif not isinstance(rid, str) or not ID_PATTERN.match(rid):
        report("bad-id", f"id {rid!r} must be lowercase letters, digits and single hyphens{skipped}", "id")
    name = raw.get("name")
    if not _present(name) or not isinstance(name, str):
        report("missing-field", f'has no "name"; add the name leads pick from{skipped}', "name")
    description = raw.get("description", "")
    if not isinstance(description, str):
        report("wrong-type", f'"description" must be text in quotes{skipped}', "description")

    per_skill = raw.get("questions_per_skill", 2)
    low, high = QUESTIONS_PER_SKILL_RANGE
    if isinstance(per_skill, bool) or not isinstance(per_skill, int) or not low <= per_skill <= high:
        report("bad-questions-per-skill", f"questions_per_skill must be a whole number from {low} to {high}, "
               f"not {per_skill!r}{skipped}", "questions_per_skill")

    role_skills: list[RoleSkill] = []
    raw_skills = raw.get("skills")
    if not _present(raw_skills):
        report("missing-field", f"has no skills; add [[roles.skills]] tables with skill = ... and weight = "
               f"...{skipped}", "skills")
    elif not isinstance(raw_skills, list):
        report("wrong-type", f'"skills" must be a list of [[roles.skills]] tables{skipped}', "skills")
    else:
        for i, entry in enumerate(raw_skills, start=1):
            if not isinstance(entry, dict) or not isinstance(entry.get("skill"), str) or not entry["skill"]:
                report("missing-field", f'skill entry {i} has no "skill" id{skipped}', "skills")
                continue
            sid = entry["skill"]
            line = text.value_line("skill", sid, block)
            weight = entry.get("weight", 1.0)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
                report("bad-weight", f"the weight of {sid!r} must be a number above 0, not {weight!r}"
                       f"{skipped}", "weight", line=line)
                continue
            if any(rs.skill == sid for rs in role_skills):
                report("duplicate-id", f"names skill {sid!r} twice; give each skill one weight{skipped}",
                       "skills", line=line)
                continue
            for key in entry:
                if key not in _ROLE_SKILL_KEYS:
                    report("unknown-field", f'unknown key "{key}" in the entry for {sid!r} is ignored',
                           key, severity=WARNING, line=line)
            role_skills.append(RoleSkill(skill=sid, weight=float(weight)))
    for key in raw:
        if key not in _ROLE_KEYS:
            report("unknown-field", f'unknown key "{key}" is ignored; check its spelling', key, WARNING)

    if any(f.is_error for f in findings):
        return None, findings
    return RoleTemplate(id=rid, name=name.strip(), description=description.strip(), skills=tuple(role_skills),
                        questions_per_skill=per_skill, source=label), findings


# ------------------------------------------------------------------------------- cross-file checks


def _drop_duplicate_question_ids(skills: dict[str, Skill], loaded_at: dict[str, int],
                                 texts: dict[str, _Text], findings: list[Finding]) -> dict[str, Skill]:
    """A question id may live in one skill only; the skill loaded later loses the question."""
    owner: dict[str, Question] = {}
    kept_by_skill: dict[str, Skill] = {}
    for skill in sorted(skills.values(), key=lambda s: loaded_at[s.id]):
        kept = []
        for q in skill.questions:
            first = owner.get(q.id)
            if first is None:
                owner[q.id] = q
                kept.append(q)
                continue
            text = texts.get(skill.source, _Text(""))
            findings.append(
                Finding(path=skill.source, skill=skill.id, question=q.id, field="id",
                        line=text.value_line("id", q.id, None, after_first_block="questions"),
                        rule="duplicate-id", severity=ERROR,
                        message=f"question id {q.id!r} is already used by skill {first.skill!r} "
                                f"({first.source}); ids must be unique across all banks because rounds and "
                                "scores refer to them — this one was skipped")
            )
        kept_by_skill[skill.id] = replace(skill, questions=tuple(kept))
    return {skill_id: kept_by_skill[skill_id] for skill_id in skills}


def _drop_unknown_role_skills(roles: dict[str, RoleTemplate], skills: dict[str, Skill],
                              texts: dict[str, _Text], findings: list[Finding]) -> dict[str, RoleTemplate]:
    result = {}
    for role in roles.values():
        unknown = [rs for rs in role.skills if rs.skill not in skills]
        text = texts.get(role.source, _Text(""))
        block = text.block_of_id("roles", role.id, 0)
        for rs in unknown:
            findings.append(
                Finding(path=role.source, field="skills", line=text.value_line("skill", rs.skill, block),
                        rule="unknown-skill", severity=ERROR,
                        message=f"role {role.id!r} names skill {rs.skill!r}, which no loaded bank defines; "
                                "fix the id or add the skill — the role was kept without it")
            )
        known = tuple(rs for rs in role.skills if rs.skill in skills)
        result[role.id] = replace(role, skills=known) if unknown else role
    return result


def _unknown_question_roles(skills: dict[str, Skill], roles: dict[str, RoleTemplate],
                            texts: dict[str, _Text]) -> list[Finding]:
    """A question's ``roles`` only steer the draw, so an unknown role id is a warning, not an error."""
    findings = []
    for skill in skills.values():
        for q in skill.questions:
            unknown = [r for r in q.roles if r not in roles]
            if unknown:
                text = texts.get(q.source, _Text(""))
                findings.append(
                    Finding(path=q.source, skill=q.skill, question=q.id, field="roles",
                            line=text.question_line(q.id, "roles"), rule="unknown-role", severity=WARNING,
                            message=f"roles {', '.join(map(repr, unknown))} are not defined in any roles "
                                    "file; check the spelling, or the question will never be preferred for "
                                    "them")
                )
    return findings


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str | list | dict):
        return bool(value.strip() if isinstance(value, str) else value)
    return True


def _text_or_empty(value) -> str:
    return value.strip() if isinstance(value, str) else ""


# ------------------------------------------------------------------------------------- line numbers


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")


class _Text:
    """The raw text of a TOML file, searched for line numbers.

    tomllib reports a line only for syntax errors, so for everything else we scan the text: a question is
    the block from its ``[[questions]]`` header to the next one, and a field is the first ``key =`` line in
    that block. Best effort: a file written with inline tables or odd layout just gets no line (None).
    """

    def __init__(self, raw: str):
        self.lines = raw.splitlines()
        self._blocks: dict[str, list[tuple[int, int]]] = {}

    def _header(self, i: int) -> tuple[str, str] | None:
        m = _HEADER.match(self.lines[i])
        return (m.group(1), re.sub(r"[\s\"']", "", m.group(2))) if m else None

    def blocks(self, table: str) -> list[tuple[int, int]]:
        """0-based [start, end) line ranges of each ``[[table]]`` entry, including its sub-tables."""
        if table not in self._blocks:
            self._blocks[table] = self._scan_blocks(table)
        return self._blocks[table]

    def _scan_blocks(self, table: str) -> list[tuple[int, int]]:
        result: list[tuple[int, int]] = []
        start = None
        for i in range(len(self.lines)):
            header = self._header(i)
            if header is None:
                continue
            brackets, name = header
            if brackets == "[[" and name == table:
                if start is not None:
                    result.append((start, i))
                start = i
            elif start is not None and not name.startswith(table + "."):
                result.append((start, i))
                start = None
        if start is not None:
            result.append((start, len(self.lines)))
        return result

    def _first_header(self) -> int:
        return next((i for i in range(len(self.lines)) if self._header(i)), len(self.lines))

    def _find(self, pattern: re.Pattern, start: int = 0, end: int | None = None) -> int | None:
        end = len(self.lines) if end is None else end
        for i in range(start, min(end, len(self.lines))):
            if pattern.search(self.lines[i]):
                return i + 1
        return None

    @staticmethod
    def _key(key: str) -> str:
        return rf"^\s*[\"']?{re.escape(key)}[\"']?\s*="

    def top_key_line(self, key: str | None) -> int | None:
        """The line of a top-level ``key =`` (before the first table header)."""
        if not key:
            return None
        return self._find(re.compile(self._key(key)), 0, self._first_header())

    def key_line(self, key: str | None, block: tuple[int, int] | None) -> int | None:
        if block is None:
            return None
        if key:
            found = self._find(re.compile(self._key(key)), *block)
            if found:
                return found
        return block[0] + 1

    def value_line(self, key: str, value: str, block: tuple[int, int] | None,
                   after_first_block: str | None = None) -> int | None:
        """The line of ``key = "value"``, within a block if given."""
        pattern = re.compile(self._key(key) + rf"\s*[\"']{re.escape(value)}[\"']")
        if block is not None:
            return self._find(pattern, *block)
        start = 0
        if after_first_block:
            blocks = self.blocks(after_first_block)
            start = blocks[0][0] if blocks else 0
        return self._find(pattern, start)

    def block_of_id(self, table: str, item_id, occurrence: int = 0) -> tuple[int, int] | None:
        """The block of the ``occurrence``-th ``[[table]]`` entry whose ``id`` is ``item_id``."""
        if not isinstance(item_id, str) or not item_id:
            return None
        pattern = re.compile(self._key("id") + rf"\s*[\"']{re.escape(item_id)}[\"']")
        hits = [b for b in self.blocks(table) if self._find(pattern, *b)]
        if occurrence < len(hits):
            return hits[occurrence]
        line = self.value_line("id", item_id, None, after_first_block=table)
        return (line - 1, line) if line else None

    def field_line(self, block: tuple[int, int] | None, field: str | None, snippet: str | None = None):
        """The line of a question field: "text", "probe 2", "anchor 3", ... (the block's start if missing)."""
        if block is None:
            return None
        if not field:
            return block[0] + 1
        kind, _, number = field.partition(" ")
        if kind == "probe":
            return self._item_line(self.key_line("probes", block), int(number), snippet, block[1])
        if kind == "anchor":
            start = self.anchors_line(block)
            found = self._find(re.compile(self._key(number)), start - 1, block[1])
            return found or start
        if kind == "anchors":
            return self.anchors_line(block)
        return self.key_line(field, block)

    def _item_line(self, start: int, number: int, snippet: str | None, end: int) -> int:
        """The line of the number-th item of a list that opens on line ``start`` (1-based).

        Found by its text when it has any, else by counting one item per line in a multi-line list.
        """
        if snippet and snippet.strip():
            found = self._find(re.compile(re.escape(snippet.strip()[:40])), start - 1, end)
            if found:
                return found
        if not self.lines[start - 1].split("#")[0].rstrip().endswith("["):
            return start  # an inline list: the items share the key's line
        count = 0
        for i in range(start, min(end, len(self.lines))):
            item = self.lines[i].strip()
            if item.startswith("]"):
                break
            if item and not item.startswith("#"):
                count += 1
                if count == number:
                    return i + 1
        return start

    def anchors_line(self, block: tuple[int, int]) -> int:
        """The ``[questions.anchors]`` header, or an inline ``anchors = {...}``, or the block's start."""
        sub = self._find(re.compile(r"^\s*\[\s*questions\s*\.\s*anchors\s*\]"), *block)
        return sub or self.key_line("anchors", block)

    def question_line(self, question_id: str, field: str | None, snippet: str | None = None) -> int | None:
        return self.field_line(self.block_of_id("questions", question_id), field, snippet)


def _label_path(label: str) -> Path | None:
    if not label:
        return None
    if label.startswith(BUNDLED_PREFIX):
        return bundled_banks_dir() / label[len(BUNDLED_PREFIX):]
    return Path(label)


def _with_lines(findings: list[Finding], questions: dict[str, Question]) -> list[Finding]:
    """Fill in line numbers of lint findings by reading each question's source file once."""
    cache: dict[str, _Text] = {}
    result = []
    for f in findings:
        q = questions.get(f.question or "")
        if f.line is not None or q is None or not q.source:
            result.append(f)
            continue
        if q.source not in cache:
            path = _label_path(q.source)
            try:
                cache[q.source] = _Text(path.read_text(encoding="utf-8-sig")) if path else _Text("")
            except (OSError, UnicodeDecodeError):
                cache[q.source] = _Text("")
        line = cache[q.source].question_line(q.id, f.field, _field_value(q, f.field))
        result.append(replace(f, line=line))
    return result


def _field_value(q: Question, field: str | None) -> str | None:
    kind, _, number = (field or "").partition(" ")
    if kind == "probe" and number.isdigit() and 0 < int(number) <= len(q.probes):
        return q.probes[int(number) - 1]
    return None


# ====================================================================================== fairness lint


def _protected(label: str, why: str, *patterns: str) -> tuple[str, str, re.Pattern]:
    return label, why, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


#: Not when the words are about a patient ("the patient's age", "patient date of birth").
_NOT_PATIENT = r"(?<!patient )(?<!patient's )(?<!patients' )(?<!patients )"

_NOT_JOB_RELATED = (
    "asking invites discrimination claims and says nothing about how the candidate does the job"
)

#: (what it is about, extra advice, pattern). Word boundaries everywhere, so "manage", "page", "usage" and
#: "leverage" never read as "age"; the exceptions cover everyday health IT words ("race condition",
#: "cardiac arrest", "disabled the interface", "children's hospital", "a SQL UNION").
PROTECTED_CHARACTERISTICS: tuple[tuple[str, str, re.Pattern], ...] = (
    _protected(
        "age", "",
        _NOT_PATIENT + r"\bage\b(?!-(?:based|appropriate|specific|related))",
        r"\bhow old (?:are|were) you\b", _NOT_PATIENT + r"\bbirth ?(?:year|date|day)s?\b",
        r"\byear of birth\b",
        _NOT_PATIENT + r"\bdate of birth\b", r"\b(?:were you|you were) born\b", r"\bborn in\b",
        r"\bretir(?:e|ing|ement)\s+soon\b", r"\bplan(?:s|ning)?\s+to\s+retire\b", r"\bretirement plans\b",
    ),
    _protected(
        "marital or family status", "",
        r"\bmarried\b", r"\bmarital\b", r"\bspouse'?s?\b", r"\bhusband'?s?\b", r"\bwife'?s?\b",
        r"\bpartner'?s (?:job|work|career)\b", r"\bfamily plans\b", r"\bchild ?care\b", r"\bmaiden name\b",
        r"\bsignificant other\b",
    ),
    _protected(
        "pregnancy or children", "",
        r"\bpregnan\w*", r"\bchildren\b(?!'s\s+(?:hospital|ward|unit|clinic|services|health))", r"\bkids\b",
        r"\b(?:have|start|starting|having) a family\b", r"\bmaternity\b", r"\bpaternity\b",
    ),
    _protected(
        "religion", "",
        r"\breligio(?:n|ns|us)\b", r"\bchurch\w*", r"\bmosques?\b", r"\bsynagogues?\b",
        r"\bpray(?:s|ed|ing|ers?)?\b", r"\bholy days?\b", r"\bsabbath\b", r"\breligious holidays?\b",
    ),
    _protected(
        "national origin", "",
        r"\bnational origin\b", r"\bnationality\b", r"\bwhere are you (?:originally )?from\b",
        r"\bwhere do you come from\b", r"\bcountry of origin\b", r"\bnative (?:language|tongue)\b",
        r"\bmother tongue\b", r"\baccent\b", _NOT_PATIENT + r"\bethnic\w*",
    ),
    _protected(
        "citizenship",
        " To check the right to work, ask only whether the candidate is authorized to work here",
        r"\bcitizen(?:s|ship)?\b(?!\s+(?:developers?|science|scientists?))", r"\bimmigration status\b",
        r"\bgreen card\b",
    ),
    _protected(
        "disability or health", "",
        r"\bdisabilit(?:y|ies)\b", r"\b(?:are|were) you disabled\b", r"\byou(?:'re| are) disabled\b",
        _NOT_PATIENT + r"\b(?:medical|health) conditions?\b", _NOT_PATIENT + r"\billness(?:es)?\b",
        r"\bmedications? (?:do )?you (?:take|are taking|use)\b", r"\byour medications?\b",
        r"\bsick (?:days?|leave)\b", r"\bworkers'? comp(?:ensation)?\b",
    ),
    _protected(
        "arrest record", " Ask only about convictions where the law and the job require it",
        r"(?<!cardiac )(?<!respiratory )(?<!cardiopulmonary )"
        r"\barrest(?:s|ed|ing)?\b(?!\s+(?:code|team|alert))",
    ),
    _protected(
        "union membership", "",
        r"\bunion (?:membership|members?|activit(?:y|ies)|dues|organi[sz]\w*)\b",
        r"\b(?:labou?r|trade) unions?\b", r"\byour union\b", r"\b(?:belong|belonged) to a union\b",
        r"\bjoin(?:ed)? a union\b", r"\bunioni[sz]\w*",
    ),
    _protected(
        "sexual orientation", "",
        r"\bsexual orientation\b", r"\bsexuality\b", r"\bgay\b", r"\blesbian\b", r"\bbisexual\b",
        r"\bare you straight\b", r"\bstraight or gay\b", r"\bgay or straight\b",
    ),
    _protected(
        "gender identity", "",
        r"\bgender identity\b", r"\btransgender\b", r"\bpronouns?\b",
    ),
    _protected(
        "race", "",
        _NOT_PATIENT + r"\brace\b(?!\s+(?:conditions?|against))", r"\bracial\w*", r"\bskin colou?r\b",
        r"\bcolou?r of (?:your|their) skin\b",
    ),
)

_YES_NO_START = re.compile(
    r"^\s*(?:do|does|did|are|is|was|were|have|has|can|could|would|will|should)\b", re.IGNORECASE
)
_OPEN_LEAD = re.compile(r"\b(?:how|what|why|describe|tell|walk me through|explain)\b", re.IGNORECASE)
_LEADING = re.compile(
    r"\bdon'?t you\b|\bwouldn'?t you(?: agree)?\b|\bisn'?t it true\b|\baren'?t you\b"
    r"|\bsurely\b|\bobviously\b",
    re.IGNORECASE,
)
_PERSONALITY = re.compile(
    r"\bwhat (?:kind|type|sort) of (?:a )?person\b|\bdescribe your personality\b|\byour personality\b"
    r"|\byour (?:greatest|biggest) weakness\b|\bif you were an? (?:animal|tree|fruit|colou?r|car|superhero)\b"
    r"|\bwhat are you like\b|\bdescribe yourself\b",
    re.IGNORECASE,
)
#: Words that rate rather than describe: an anchor made only of these restates the number.
_RATING_WORDS = frozenset({
    "very", "quite", "really", "extremely", "somewhat", "fairly", "not", "poor", "weak", "bad", "below",
    "average", "fair", "ok", "okay", "good", "great", "excellent", "outstanding", "strong", "adequate",
    "satisfactory", "unsatisfactory", "acceptable", "exceptional", "superior", "inadequate", "meets",
    "exceeds", "fails", "meet", "exceed", "expectations", "expectation", "level", "score", "rating", "answer",
    "response", "performance", "overall", "a", "an", "the", "and", "or", "to", "of", "candidate",
})
_ANCHOR_MIN_WORDS = 4


def _normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _normalise(text).lower())


def _near_matches(words: list[str], others: Iterable[tuple[int, list[str]]]) -> Iterator[tuple[int, float]]:
    """(key, similarity) for each of ``others`` whose words are near-duplicates of ``words``.

    Similarity is difflib's ratio over words, not characters ("manage" and "page" share letters, not
    meaning). The matcher indexes ``words`` once and the cheap upper bounds skip most pairs.
    """
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(words)
    for key, other in others:
        if 2 * min(len(words), len(other)) < NEAR_DUPLICATE_RATIO * (len(words) + len(other)):
            continue  # the lengths alone rule it out
        matcher.set_seq1(other)
        if matcher.quick_ratio() < NEAR_DUPLICATE_RATIO:
            continue
        ratio = matcher.ratio()
        if ratio >= NEAR_DUPLICATE_RATIO:
            yield key, ratio


def _lint_one(q: Question, path: str = "") -> list[Finding]:
    """Every rule except near-duplicates (those need the other questions)."""
    findings: list[Finding] = []
    where = path or q.source

    def report(rule, severity, message, field=None):
        findings.append(Finding(path=where, skill=q.skill or None, question=q.id or None, field=field,
                                rule=rule, severity=severity, message=message))

    parts = [("text", q.text)] + [(f"probe {i}", p) for i, p in enumerate(q.probes, start=1)]
    parts += [(f"anchor {a.level}", a.text) for a in q.anchors]

    for label, advice, pattern in PROTECTED_CHARACTERISTICS:
        hits = [(name, m.group(0)) for name, value in parts if (m := pattern.search(_normalise(value)))]
        if hits:
            fields = ", ".join(name for name, _ in hits)
            report("protected-characteristic", ERROR,
                   f'touches {label} ("{hits[0][1]}" in {fields}): {label} is a protected characteristic and '
                   f"{_NOT_JOB_RELATED}. Remove it and ask about job behavior instead.{advice}".rstrip(),
                   hits[0][0])

    text = _normalise(q.text)
    start = _YES_NO_START.match(text)
    if start and not _OPEN_LEAD.search(text):
        report("yes-no-question", WARNING,
               f'can be answered "yes" or "no" (it starts with "{start.group(0).strip()}" and asks for no '
               'story); ask "Tell me about a time..." or "How would you..." so the candidate describes what '
               "they did", "text")

    for name, value in parts[: 1 + len(q.probes)]:
        if m := _LEADING.search(_normalise(value)):
            report("leading-question", WARNING,
                   f'is leading ("{m.group(0)}"): it tells the candidate which answer you want; ask '
                   'neutrally, e.g. "What did you do next?"', name)
        if m := _PERSONALITY.search(_normalise(value)):
            report("personality-question", WARNING,
                   f'asks about personality ("{m.group(0)}") rather than behavior; it predicts little about '
                   "the job and invites bias — ask for a specific situation the candidate handled", name)

    for anchor in q.anchors:
        words = _words(anchor.text)
        if len(words) < _ANCHOR_MIN_WORDS or all(w in _RATING_WORDS or w.isdigit() for w in words):
            report("anchor-restates-number", WARNING,
                   f'anchor {anchor.level} ("{anchor.text}") only names the level instead of describing what '
                   'the candidate says or does; write observable behavior, e.g. "Names the affected units '
                   'and sets a time for the next update"', f"anchor {anchor.level}")

    present = {a.level for a in q.anchors}
    missing_required = [lvl for lvl in REQUIRED_ANCHORS if lvl not in present]
    if missing_required:
        report("missing-anchor", ERROR, _missing_anchor_message(missing_required, ERROR), "anchors")
    missing_optional = [lvl for lvl in OPTIONAL_ANCHORS if lvl not in present]
    if missing_optional:
        report("missing-anchor", WARNING, _missing_anchor_message(missing_optional, WARNING), "anchors")
    return findings


def _near_duplicate(q: Question, other: Question, ratio: float, path: str = "") -> Finding:
    same = "in the same skill" if other.skill == q.skill else f"in skill {other.skill!r}"
    return Finding(
        path=path or q.source, skill=q.skill or None, question=q.id or None, field="text",
        rule="near-duplicate", severity=WARNING,
        message=f"reads almost the same as question {other.id!r} {same} ({round(ratio * 100)}% alike); "
                "a panel would hear the same question twice — merge them or make one ask about something "
                "different",
    )


def _lint_questions(questions: list[Question], wanted: set[str] | None) -> list[Finding]:
    """Lint ``questions``; with ``wanted``, only report on questions whose source is in it."""
    mine = [q for q in questions if wanted is None or q.source in wanted]
    findings = [f for q in mine for f in _lint_one(q)]
    words = [_words(q.text) for q in questions]
    for i, later in enumerate(questions):
        earlier_ones = (
            (j, words[j]) for j in range(i)
            if wanted is None or later.source in wanted or questions[j].source in wanted
        )
        for j, ratio in _near_matches(words[i], earlier_ones):
            earlier = questions[j]
            # Each pair once: on the later question, or on the earlier when only that one is being linted.
            if wanted is None or later.source in wanted:
                findings.append(_near_duplicate(later, earlier, ratio))
            elif earlier.source in wanted:
                findings.append(_near_duplicate(earlier, later, ratio))
    return _with_lines(findings, {q.id: q for q in questions})
