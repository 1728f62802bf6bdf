"""Structural checks: a skill file or roles file's parsed TOML turned into model objects, or findings saying why not."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import KINDS, Anchor, Question, RoleSkill, RoleTemplate, Skill
from .findings import ERROR, WARNING, Finding
from .samples import parse_samples
from .text import SourceText

#: Stable ids: lowercase letters and digits, in groups joined by single hyphens ("teamwork-01").
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PROBES_MIN, PROBES_MAX = 2, 4
REQUIRED_ANCHORS = (1, 3, 5)
OPTIONAL_ANCHORS = (2, 4)
QUESTIONS_PER_SKILL_RANGE = (1, 5)

_SKILL_KEYS = ("id", "name", "definition", "why_it_matters", "questions")
_QUESTION_KEYS = ("id", "kind", "text", "probes", "anchors", "roles", "minutes", "samples")
_ROLE_KEYS = ("id", "name", "description", "questions_per_skill", "skills")
_ROLE_SKILL_KEYS = ("skill", "weight")


def parse_skill(data: dict, text: SourceText, label: str) -> tuple[Skill | None, list[Finding]]:
    findings: list[Finding] = []

    def report(rule, message, *, field=None, severity=ERROR, skill=None):
        line = text.top_key_line(field)
        findings.append(Finding(path=label, skill=skill, field=field, line=line, rule=rule,
                                severity=severity, message=message))

    skill_id = data.get("id")
    if not is_present(skill_id) or not isinstance(skill_id, str):
        report("missing-field", 'the skill file has no "id"; add id = "<skill-id>" so rounds can refer to it '
               "— the file was skipped", field="id")
        return None, findings
    if not ID_PATTERN.match(skill_id):
        report("bad-id", f"skill id {skill_id!r} must be lowercase letters, digits and single hyphens "
               '(like "teamwork"), because rounds store it — the file was skipped', field="id")
        return None, findings
    name = data.get("name")
    if not is_present(name) or not isinstance(name, str):
        report("missing-field", 'the skill has no "name"; add the name panelists see (like "Teamwork and '
               'compatibility") — the file was skipped', field="name", skill=skill_id)
        return None, findings

    for key, what in (("definition", "what the skill is, in observable terms"),
                      ("why_it_matters", "why it matters in health IT")):
        value = data.get(key)
        if not is_present(value):
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
    if not is_present(raw_questions):
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
            question, problems = parse_question(raw, index, skill_id, label, text, block)
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
        definition=text_or_empty(data.get("definition")),
        why_it_matters=text_or_empty(data.get("why_it_matters")),
        questions=tuple(questions),
        source=label,
    )
    return skill, findings


def parse_question(raw, index: int, skill_id: str, label: str, text: SourceText,
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
        if not is_present(raw.get(key)):
            report("missing-field", f'{where} has no "{key}"; {hint}{skipped}', field=key)

    if is_present(qid) and (not isinstance(qid, str) or not ID_PATTERN.match(qid)):
        report("bad-id", f"question id {qid!r} must be lowercase letters, digits and single hyphens "
               f'(like "{skill_id}-01"){skipped}', field="id")

    kind = raw.get("kind")
    if is_present(kind) and kind not in KINDS:
        hint = ' (use the US spelling "behavioral")' if kind == "behavioural" else ""
        report("bad-kind", f'kind {kind!r} is not "behavioral" or "situational"{hint}; the guide and the '
               f"balanced draw sort questions by kind{skipped}", field="kind")

    qtext = raw.get("text")
    if is_present(qtext) and not isinstance(qtext, str):
        report("wrong-type", f'"text" must be text in quotes{skipped}', field="text")

    probes = raw.get("probes")
    if is_present(probes):
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
    if is_present(raw_anchors):
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
                report("missing-anchor", missing_anchor_message(missing, ERROR) + skipped,
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
    samples = parse_samples(raw.get("samples"), report)
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
        samples=samples,
    )
    return question, findings


def missing_anchor_message(levels: Sequence[int], severity: str) -> str:
    names = " and ".join(str(lvl) for lvl in levels)
    plural = "s" if len(levels) > 1 else ""
    if severity == ERROR:
        return (f"no anchor for level{plural} {names}: levels 1, 3 and 5 are required so every panelist "
                f"scores against the same described behavior; add {'them' if plural else 'it'}")
    return (f"no anchor for level{plural} {names}; panelists scoring between the anchors have nothing to "
            "compare with — add a short description of that answer")


# ------------------------------------------------------------------------------------------ roles file


def parse_roles(data: dict, text: SourceText, label: str) -> tuple[list[RoleTemplate], list[Finding]]:
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
        role, problems = parse_role(raw, index, label, text, block)
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


def parse_role(raw, index: int, label: str, text: SourceText,
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
    if not is_present(rid):
        report("missing-field", f'has no "id"; add a stable id like "service-desk-analyst"{skipped}', "id")
    elif not isinstance(rid, str) or not ID_PATTERN.match(rid):
        report("bad-id", f"id {rid!r} must be lowercase letters, digits and single hyphens{skipped}", "id")
    name = raw.get("name")
    if not is_present(name) or not isinstance(name, str):
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
    if not is_present(raw_skills):
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



def is_present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str | list | dict):
        return bool(value.strip() if isinstance(value, str) else value)
    return True


def text_or_empty(value) -> str:
    return value.strip() if isinstance(value, str) else ""
