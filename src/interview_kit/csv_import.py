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
import io
from pathlib import Path

from .errors import UserError
from .model import VERDICTS
from .names import MAX_NOTE, InvalidName, clean_email, clean_name
from .store import ReadOnlyRoundError, Workspace

#: The question_id of the row that carries a paper scorecard's overall recommendation.
RECOMMENDATION = "recommendation"

MAX_PROBLEMS_SHOWN = 20
#: A CSV of a whole hiring round is a few hundred kilobytes; anything this big is not one.
MAX_BYTES = 20 * 1024 * 1024


class CsvError(UserError):
    """A CSV file was refused: the message names the file and what is wrong. Nothing was imported."""


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(first line number, cells) for each non-blank record; a UTF-8 BOM (as Excel writes) is accepted.

    The whole text goes through one ``csv.reader``, so a quoted note may span lines (and keep its line breaks,
    CRLF or LF, as written).
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise CsvError(f"{path} is a folder, not a CSV file")
        if path.stat().st_size > MAX_BYTES:
            raise CsvError(f"{path} is over the {MAX_BYTES // 2**20} MB limit for a CSV file")
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CsvError(f"{path}: no such file") from None
    except OSError as e:
        raise CsvError(f"{path} cannot be read: {e.strerror or e}") from None
    if len(raw) > MAX_BYTES:
        raise CsvError(f"{path} is over the {MAX_BYTES // 2**20} MB limit for a CSV file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CsvError(f"{path}: not UTF-8 text (byte {e.start}); save the CSV as UTF-8 and try again") from None
    if "\x00" in text:
        raise CsvError(f"{path}: holds a NUL character; it is not a text CSV file")
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as e:
        raise CsvError(f"{path}: line {reader.line_num}: {e}") from None
    return rows


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _refuse(path: Path, problems: list[str]) -> CsvError:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    return CsvError(f"{path}: nothing imported; " + "; ".join(shown) + (f"; and {more} more" if more > 0 else ""))


def parse_candidates(path: Path) -> list[tuple[str, str]]:
    """(name, email) of every candidate in the file, each checked by the one name rule (``names``)."""
    rows = read_rows(path)
    if rows and rows[0][1][0].strip().lower() == "name":
        rows = rows[1:]
    problems, people = [], []
    for line, cells in rows:
        if len(cells) > 2:
            problems.append(f"line {line}: expected name[,email], got {len(cells)} columns")
            continue
        try:
            name = clean_name(cells[0], "the name")
            email = clean_email(cells[1] if len(cells) > 1 else "")
        except InvalidName as e:
            problems.append(f"line {line}: {e}")
            continue
        people.append((name, email))
    if problems:
        raise _refuse(path, problems)
    if not people:
        raise CsvError(f"{path}: no candidates in the file")
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
    try:
        panelist_name = clean_name(panelist_name, "the panelist's name")
    except InvalidName as e:
        raise UserError(str(e)) from None
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
        if len(note) > MAX_NOTE:
            problems.append(f"line {line}: the note is {len(note)} characters long; the limit is {MAX_NOTE:,}")
            continue
        try:
            cand = ws.find_candidate(cand_ref[:1000], rnd.id)
        except UserError as e:
            problems.append(f"line {line}: {_short(str(e))}")
            continue
        if qid not in guide_ids and qid != RECOMMENDATION:
            problems.append(f"line {line}: question {_short(qid)!r} is not in this round's guide")
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
            problems.append(f"line {line}: rating {_short(rating_text)!r} is not 1-5 or NA")
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
        raise CsvError(f"{path}: no scores in the file")
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
        raise CsvError(f"{path}: nothing imported; {e}") from None
    return len(parsed), len(names) if submit else 0
