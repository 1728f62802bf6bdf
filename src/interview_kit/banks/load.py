"""Load banks in layers: the bundled banks, the user's ``banks`` folder, then each ``--banks`` folder.

Loading never stops at a bad file. Every problem becomes a :class:`Finding` and whatever is sound still loads:

- a file that cannot be read or parsed (too big, too deeply nested, not UTF-8, not TOML), or a skill without a
  usable ``id``/``name``, is skipped whole;
- a question with any error is skipped, the rest of its skill loads;
- a role with any error is skipped, except that a skill it names which is not loaded is dropped from it
  (the role keeps its other skills);
- a question id already used by an earlier-loaded skill is skipped in the later one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .. import paths
from ..model import Question, RoleTemplate, Skill
from .findings import ERROR, WARNING, Finding
from .library import BUNDLED_PREFIX, ROLES_FILE, Library, bundled_dir
from .text import SourceText
from .samples import release_findings
from .validate import parse_roles, parse_skill


def load_library(extra_dirs: Iterable[Path | str] = (), include_user: bool = True) -> Library:
    """Load the bundled banks, then the user's banks folder, then each of ``extra_dirs`` in order."""
    sources, missing = _layers(extra_dirs, include_user)
    library = _load(sources)
    if not missing:
        return library
    return Library(skills=library.skills, roles=library.roles, findings=tuple(missing) + library.findings)


def validate_paths(paths_: Sequence[Path | str] = (), *,
                   extra_dirs: Iterable[Path | str] = ()) -> list[Finding]:
    """Structural findings for the given files or folders (all of the effective library if none are given).

    The given paths are loaded on top of the bundled banks, the user banks and ``extra_dirs`` (``--banks``),
    so a role may name a bundled skill and a question id used elsewhere is caught; only findings about the
    given files are returned.
    """
    library, wanted, missing = load_for_paths(paths_, extra_dirs)
    return missing + structural_findings(library, wanted)


def structural_findings(library: Library, wanted: set[str] | None) -> list[Finding]:
    """The load findings about the ``wanted`` files (None: all), with the bundled banks' release rules."""
    mine = [f for f in library.findings if wanted is None or f.path in wanted]
    questions = [q for q in library.questions() if wanted is None or q.source in wanted]
    return release_findings(mine, questions, lambda label: label.startswith(BUNDLED_PREFIX))


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
    sources = _dir_sources(bundled_dir(), 0, bundled=True)
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


def load_for_paths(paths_: Sequence[Path | str], extra_dirs: Iterable[Path | str]
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
    texts: dict[str, SourceText] = {}

    for order, source in enumerate(sources):
        data, text, problems = _read_toml(source)
        findings += problems
        if data is None:
            continue
        texts[source.label] = text
        if source.kind == "skill":
            skill, problems = parse_skill(data, text, source.label)
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
            parsed, problems = parse_roles(data, text, source.label)
            findings += problems
            for role in parsed:
                roles[role.id] = role

    skills = _drop_duplicate_question_ids(skills, loaded_at, texts, findings)
    roles = _drop_unknown_role_skills(roles, skills, texts, findings)
    findings += _unknown_question_roles(skills, roles, texts)
    return Library(skills=skills, roles=roles, findings=tuple(findings))


#: A bank file larger than this is refused before it is read: a skill file is tens of kilobytes (with its
#: sample answers), and reading a huge file whole would stall the app's start and every ``banks`` command.
MAX_FILE_BYTES = 8 * 1024 * 1024


def _read_toml(source: _Source) -> tuple[dict | None, SourceText, list[Finding]]:
    """The parsed file, its text, and a finding instead of an exception for anything wrong with it."""

    def refuse(rule: str, message: str, text: SourceText = SourceText(""), line: int | None = None):
        return None, text, [Finding(path=source.label, line=line, rule=rule, severity=ERROR,
                                    message=message + " — the file was skipped")]

    try:
        size = source.path.stat().st_size
        if size > MAX_FILE_BYTES:
            return refuse("file-too-big", f"the file is {size / 1048576:.1f} MiB, more than a bank file may "
                          f"be ({MAX_FILE_BYTES // 1048576} MiB); split it into one file per skill")
        # utf-8-sig: a file saved by Notepad starts with a byte-order mark that tomllib would refuse.
        raw = source.path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
        return refuse("unreadable-file", f"cannot read the file ({reason}); save it as UTF-8 text")
    text = SourceText(raw)
    try:
        return tomllib.loads(raw), text, []
    except tomllib.TOMLDecodeError as exc:
        message, line = split_toml_error(str(exc))
        return refuse("toml-syntax", f"TOML syntax error: {message}; fix the file so it parses", text, line)
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: a few hundred levels exhaust the stack.
        return refuse("too-deep", "the file nests arrays or inline tables too deeply to read (a bank needs "
                      "at most three levels); look for a run of [ or { brackets", text)
    except ValueError as exc:
        # e.g. an integer of more than 4,300 digits, which Python refuses to convert.
        return refuse("bad-value", f"a value cannot be read ({exc}); fix it so the file parses", text)


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def split_toml_error(message: str) -> tuple[str, int | None]:
    """tomllib gives the position only inside its message: "Invalid value (at line 3, column 7)"."""
    m = _TOML_POSITION.search(message)
    text, line = (message[: m.start()], int(m.group(1))) if m else (message, None)
    if text == "Illegal character '\\n'":
        text += " (is a closing quote missing?)"
    return text, line



# ------------------------------------------------------------------------------- cross-file checks


def _drop_duplicate_question_ids(skills: dict[str, Skill], loaded_at: dict[str, int],
                                 texts: dict[str, SourceText], findings: list[Finding]) -> dict[str, Skill]:
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
            text = texts.get(skill.source, SourceText(""))
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
                              texts: dict[str, SourceText], findings: list[Finding]) -> dict[str, RoleTemplate]:
    result = {}
    for role in roles.values():
        unknown = [rs for rs in role.skills if rs.skill not in skills]
        text = texts.get(role.source, SourceText(""))
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
                            texts: dict[str, SourceText]) -> list[Finding]:
    """A question's ``roles`` only steer the draw, so an unknown role id is a warning, not an error."""
    findings = []
    for skill in skills.values():
        for q in skill.questions:
            unknown = [r for r in q.roles if r not in roles]
            if unknown:
                text = texts.get(q.source, SourceText(""))
                findings.append(
                    Finding(path=q.source, skill=q.skill, question=q.id, field="roles",
                            line=text.question_line(q.id, "roles"), rule="unknown-role", severity=WARNING,
                            message=f"roles {', '.join(map(repr, unknown))} are not defined in any roles "
                                    "file; check the spelling, or the question will never be preferred for "
                                    "them")
                )
    return findings
