"""CSV imports: candidates (``name[,email]``) and scores taken on a printed guide
(``candidate,question_id,rating,note``; the overall recommendation as question_id ``recommendation`` with
rating ``strong_no``, ``no``, ``yes`` or ``strong_yes`` and the summary as its note).

Imported scorecards are drafts, counted nowhere, unless the import submits them (a paper scorecard handed in
complete).

Both are all or nothing: every row is checked first, each bad row is named with its line and reason, and
nothing is written unless the whole file is valid. The command line and the app both call these.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .errors import UserError
from .model import VERDICTS
from .store import ReadOnlyRoundError, Workspace

#: The question_id of the row that carries a paper scorecard's overall recommendation.
RECOMMENDATION = "recommendation"

MAX_PROBLEMS_SHOWN = 20


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, cells) for each non-blank row; a UTF-8 BOM (as Excel writes) is accepted."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a CSV file") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text; save the CSV as UTF-8 and try again") from None
    rows = []
    reader = csv.reader(text.splitlines())
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as e:
        raise UserError(f"{path}: line {reader.line_num}: {e}") from None
    return rows


def _refuse(path: Path, problems: list[str]) -> UserError:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    return UserError(f"{path}: nothing imported; " + "; ".join(shown) + (f"; and {more} more" if more > 0 else ""))


def parse_candidates(path: Path) -> list[tuple[str, str]]:
    rows = read_rows(path)
    if rows and rows[0][1][0].strip().lower() == "name":
        rows = rows[1:]
    problems, people = [], []
    for line, cells in rows:
        name = cells[0].strip()
        email = cells[1].strip() if len(cells) > 1 else ""
        if len(cells) > 2:
            problems.append(f"line {line}: expected name[,email], got {len(cells)} columns")
        elif not name:
            problems.append(f"line {line}: the name is empty")
        else:
            people.append((name, email))
    if problems:
        raise _refuse(path, problems)
    if not people:
        raise UserError(f"{path}: no candidates in the file")
    return people


def import_candidates(ws: Workspace, round_id: str, path: Path) -> int:
    """Add every candidate in the file to the round, in file order, in one transaction."""
    people = parse_candidates(path)
    with ws.transaction():
        for name, email in people:
            ws.add_candidate(round_id, name, email)
    return len(people)


def import_scores(ws: Workspace, round_id: str, path: Path, panelist_name: str, *,
                  submit: bool = False) -> tuple[int, int]:
    """Import a panelist's paper scores; a new panelist name joins the round's panel. They stay drafts unless
    ``submit``: then the panelist's scorecard for each candidate in the file is submitted (with its
    recommendation row when the sheet has one; a paper sheet handed in without one is submitted without). Returns (score rows, scorecards submitted)."""
    rnd = ws.round(round_id)
    if not rnd.locked:
        raise UserError(f"round {rnd.title!r} is a draft; lock its guide before importing scores")
    if not panelist_name.strip():
        raise UserError("give the panelist's name")
    rows = read_rows(path)
    if rows and [c.strip().lower() for c in rows[0][1][:2]] == ["candidate", "question_id"]:
        rows = rows[1:]
    guide_ids = {q.id for q in ws.guide(rnd.id)}
    panelist = ws.panelist_by_name(panelist_name)
    problems: list[str] = []
    parsed: list[tuple[str, str, int | None, str]] = []
    recommendations: dict[str, tuple[str, str]] = {}
    names: dict[str, str] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, cells in rows:
        if not 3 <= len(cells) <= 4:
            problems.append(f"line {line}: expected candidate,question_id,rating,note")
            continue
        cand_ref, qid, rating_text = (c.strip() for c in cells[:3])
        note = cells[3] if len(cells) == 4 else ""
        try:
            cand = ws.find_candidate(cand_ref, rnd.id)
        except UserError as e:
            problems.append(f"line {line}: {e}")
            continue
        if qid not in guide_ids and qid != RECOMMENDATION:
            problems.append(f"line {line}: question {qid!r} is not in this round's guide")
            continue
        if qid == RECOMMENDATION:
            rec = rating_text.lower().replace(" ", "_")
            if rec not in VERDICTS:
                problems.append(f"line {line}: recommendation {rating_text!r} is not one of {', '.join(VERDICTS)}")
                continue
            rating = rec
        elif rating_text.upper() in ("NA", "N/A"):
            rating = None
        elif rating_text in ("1", "2", "3", "4", "5"):
            rating = int(rating_text)
        else:
            problems.append(f"line {line}: rating {rating_text!r} is not 1-5 or NA")
            continue
        if (cand.id, qid) in seen:
            problems.append(f"line {line}: {cand.name} / {qid} was already given on line {seen[(cand.id, qid)]}")
            continue
        if panelist and ws.is_submitted(cand.id, panelist.id):
            problems.append(f"line {line}: {panelist_name} has already submitted a scorecard for {cand.name}")
            continue
        seen[(cand.id, qid)] = line
        names[cand.id] = cand.name
        if qid == RECOMMENDATION:
            recommendations[cand.id] = (rating, note)
        else:
            parsed.append((cand.id, qid, rating, note))
    if problems:
        raise _refuse(path, problems)
    if not parsed and not recommendations:
        raise UserError(f"{path}: no scores in the file")
    try:
        with ws.transaction():
            p = ws.ensure_panelist(panelist_name)
            ws.join_panel(rnd.id, p.id)
            for cand_id, qid, rating, note in parsed:
                ws.set_score(cand_id, p.id, qid, rating, note, actor=p.name)
            for cand_id, (rec, summary) in recommendations.items():
                ws.set_verdict(cand_id, p.id, rec, summary, actor=p.name)
            if submit:
                for cand_id in names:
                    ws.submit(cand_id, p.id, actor=p.name, paper=True)
    except ReadOnlyRoundError as e:
        raise UserError(str(e)) from None
    return len(parsed), len(names) if submit else 0
