"""The command line: ``interview-kit`` starts the desktop app; its subcommands do a lead's batch work headless.

Exit codes are a contract: 0 success, 1 a user error (one line on stderr, never a traceback), 2 a usage
error (argparse's own). Only the GUI branch imports Qt, and only when it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, files, independence, logs, paths
from .errors import UserError

VIEWS = ("rounds", "builder", "interview", "panel")
#: Files the app opens when given on the command line (or by a file manager): packets and workspaces.
OPENABLE = (".ikit", ".ikdb")
#: Options whose value is the next argument (so a value like ``--db x.ikdb`` is not taken for a file to open).
_VALUED = {"--db", "--banks", "--screenshot", "--view"}


# --------------------------------------------------------------------------------------------------- parser


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--db and --banks work before or after the subcommand; the subcommand copy must not reset them."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default, help="workspace file (default: your data folder)")
    parser.add_argument(
        "--banks", metavar="DIR", action="append", default=[] if top else argparse.SUPPRESS,
        help="extra question-bank folder; adds skills and roles, replaces bundled ones with the same id",
    )


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without ``commands``, only what the desktop app's start takes (see ``_parse``)."""
    p = argparse.ArgumentParser(
        prog="interview-kit",
        description="Structured behavioral interviews for health IT, scored offline. "
        "Without a subcommand, starts the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"interview-kit {__version__}")
    _global_options(p, top=True)
    p.add_argument("--screenshot", metavar="PNG", help="render the main window (1280x800) to PNG and exit")
    p.add_argument("--view", choices=VIEWS, default="rounds", help="which screen --screenshot renders")
    if not commands:
        p.set_defaults(command=None)
        return p
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str, parent=sub) -> argparse.ArgumentParser:
        sp = parent.add_parser(name, help=help, description=help)
        _global_options(sp, top=False)
        return sp

    command("demo", "fill the workspace with a realistic demo round")

    banks = command("banks", "question banks: list, roles, validate, lint, show")
    bsub = banks.add_subparsers(dest="banks_command", metavar="ACTION", required=True)
    b = command("list", "skills with their question counts", bsub)
    b.add_argument("--json", action="store_true")
    b = command("roles", "role templates with their skills", bsub)
    b.add_argument("--json", action="store_true")
    b = command("validate", "check bank files for structural errors", bsub)
    b.add_argument("paths", nargs="*", metavar="PATH")
    b = command("lint", "fairness lint: protected characteristics, leading and yes/no questions…", bsub)
    b.add_argument("paths", nargs="*", metavar="PATH")
    b = command("show", "a skill's questions, with where each came from", bsub)
    b.add_argument("skill", metavar="SKILL")

    rnd = command("round", "rounds: new, list, show")
    rsub = rnd.add_subparsers(dest="round_command", metavar="ACTION", required=True)
    r = command("new", "create a round from a role template and draw its guide; prints the round id", rsub)
    r.add_argument("--title", required=True)
    r.add_argument("--role", required=True, help="role template id (see `banks roles`)")
    r.add_argument("--per-skill", type=int, default=None, metavar="N", help="questions per skill")
    r.add_argument("--seed", type=int, default=None, metavar="S", help="draw seed (default: random, recorded)")
    r.add_argument("--lock", action="store_true", help="lock the guide at once")
    r = command("list", "all rounds", rsub)
    r.add_argument("--json", action="store_true")
    r = command("show", "a round's guide, candidates and panel", rsub)
    r.add_argument("round", metavar="ROUND")
    r.add_argument("--json", action="store_true")

    cands = command("candidates", "candidates: import")
    csub = cands.add_subparsers(dest="candidates_command", metavar="ACTION", required=True)
    c = command("import", "add candidates from a CSV with columns name[,email]", csub)
    c.add_argument("round", metavar="ROUND")
    c.add_argument("file", metavar="FILE.csv")

    scores = command("scores", "scores: import")
    ssub = scores.add_subparsers(dest="scores_command", metavar="ACTION", required=True)
    s = command("import", "scores taken on the printed guide: CSV candidate,question_id,rating,note (rating 1-5 "
                "or NA; the overall recommendation as question_id 'recommendation' with rating strong_no, no, yes "
                "or strong_yes). A new panelist joins the panel. The scorecards stay drafts (counted nowhere) "
                "unless --submit is given", ssub)
    s.add_argument("round", metavar="ROUND")
    s.add_argument("file", metavar="FILE.csv")
    s.add_argument("--panelist", required=True, metavar="NAME")
    s.add_argument("--submit", action="store_true",
                   help="the paper scorecards were handed in complete: submit this panelist's scorecard for each "
                        "candidate in the file (with its recommendation row, if the sheet has one)")

    packet = command("packet", "panel packets (.ikit): export, import, trust")
    psub = packet.add_subparsers(dest="packet_command", metavar="ACTION", required=True)
    pe = command("export", "export a round kit (--kit) or one panelist's scores (--panelist NAME)", psub)
    pe.add_argument("round", metavar="ROUND")
    who = pe.add_mutually_exclusive_group(required=True)
    who.add_argument("--kit", action="store_true", help="the round kit: guide, candidates and panel, no scores")
    who.add_argument("--panelist", metavar="NAME", help="this panelist's scores and verdicts")
    pe.add_argument("-o", "--output", required=True, metavar="FILE.ikit")
    pe.add_argument("--passphrase-file", metavar="FILE",
                    help="seal the packet with the passphrase in FILE (for e-mail); also IKIT_PASSPHRASE")
    pi = command("import", "merge packets into the workspace; prints a report per file", psub)
    pi.add_argument("files", nargs="+", metavar="FILE.ikit")
    pi.add_argument("--passphrase-file", metavar="FILE", help="passphrase for sealed packets; also IKIT_PASSPHRASE")
    pt = command("trust", "re-pin a panelist's signing key (audited): with --from, the key that signed that "
                 "packet; without, forget the pinned key so the next packet from them pins its own", psub)
    pt.add_argument("panelist", metavar="PANELIST", help="a panelist's name, or a round (for its lead's kits)")
    pt.add_argument("--from", dest="from_packet", metavar="FILE.ikit", help="pin the key that signed this packet")
    pt.add_argument("--passphrase-file", metavar="FILE", help="passphrase if that packet is sealed")

    rep = command("report", "a round's (or one candidate's) results, flags, agreement and decisions")
    rep.add_argument("target", metavar="ROUND|CANDIDATE")
    out = rep.add_mutually_exclusive_group(required=True)
    out.add_argument("--json", action="store_true", help="print the report as JSON (schema in the package)")
    out.add_argument("--csv", metavar="OUT", help="one row per candidate × panelist × question")
    out.add_argument("--pdf", metavar="OUT", help="a round: summary then every scorecard; a candidate: scorecard")
    rep.add_argument("--short", action="store_true", help="leave the per-question notes out of scorecards")
    rep.add_argument("--paper", choices=("a4", "letter"), help="paper size (default: from your locale)")

    prac = command("practice", "a person's practice-rating calibration on a round (View → Practice rating)")
    prac.add_argument("round", metavar="ROUND")
    prac.add_argument("--panelist", required=True, metavar="NAME")
    prac.add_argument("--json", action="store_true")

    guide = command("guide", "the blank printable guide of a locked round, for paper interviews")
    guide.add_argument("round", metavar="ROUND")
    guide.add_argument("--pdf", required=True, metavar="OUT")
    guide.add_argument("--paper", choices=("a4", "letter"), help="paper size (default: from your locale)")
    srch = command("search", "find candidates, notes and guide questions across every round")
    srch.add_argument("text", metavar="TEXT", help="words to find (each as a word start), e.g. 'printer nurse'")
    srch.add_argument("--json", action="store_true")
    srch.add_argument("--limit", type=int, default=50, metavar="N", help="at most N hits of each kind (default 50)")
    return p


# -------------------------------------------------------------------------------------------------- helpers


def _db_path(args) -> Path:
    return Path(args.db).expanduser() if args.db else paths.default_workspace()


def _open(args):
    from .store import Workspace

    return Workspace.open(_db_path(args))


def _library(args):
    from . import banks, package_data

    package_data.require_bundled_banks()
    return banks.load_library(extra_dirs=[Path(d) for d in args.banks or []])


def _print_json(data) -> None:
    """JSON on stdout in UTF-8 whatever the console's or the redirect's encoding (a Windows code page), built
    whole before the first byte is written, so a failure never leaves half a document in a redirected file."""
    # One write of the whole text: json.dump to a stream writes every token separately (half a million writes,
    # 1.7 s of a 400-candidate report).
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream without bytes underneath (a test's capture): it takes text
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    cells = [list(map(str, header))] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------- commands


def cmd_demo(args) -> int:
    from . import demo

    library = _library(args)
    with _open(args) as ws:
        rnd = demo.build_demo(ws, library)
        n = len(ws.candidates(rnd.id))
    print(f"demo round {rnd.title!r} ({rnd.id}) with {n} candidates written to {_db_path(args)}")
    return 0


def cmd_banks(args) -> int:
    from . import banks

    action = args.banks_command
    if action in ("validate", "lint"):
        from . import package_data

        package_data.require_bundled_banks()
        targets = [Path(p) for p in args.paths]
        if action == "validate":
            findings = banks.validate_paths(targets, extra_dirs=[Path(d) for d in args.banks or []])
        else:
            findings = banks.lint_paths(targets, extra_dirs=[Path(d) for d in args.banks or []])
        for f in findings:
            print(f"{f.severity}: {f}")
        errors = sum(f.severity == "error" for f in findings)
        warnings = len(findings) - errors
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr if errors else sys.stdout)
        return 1 if errors else 0

    library = _library(args)
    for f in library.findings:
        print(f"{f.severity}: {f}", file=sys.stderr)
    if action == "list":
        rows = banks.skill_summaries(library)
        if args.json:
            _print_json([{k: r[k] for k in ("id", "name", "questions", "behavioral", "situational", "source")}
                         for r in rows])
        else:
            print(_table([(r["id"], r["name"], r["questions"], r["behavioral"], r["situational"]) for r in rows],
                         ("skill", "name", "questions", "behavioral", "situational")))
    elif action == "roles":
        rows = banks.role_summaries(library)
        if args.json:
            _print_json(rows)
        else:
            print(_table([(r["id"], r["name"], r["questions_per_skill"], ", ".join(r["skills"])) for r in rows],
                         ("role", "name", "per skill", "skills")))
    elif action == "show":
        skill = library.skills.get(args.skill)
        if skill is None:
            raise UserError(f"no skill {args.skill!r}; `interview-kit banks list` shows the skills")
        print(f"{skill.name} ({skill.id})  — from {skill.source}")
        print(f"\n{skill.definition}\n")
        for q in skill.questions:
            print(f"[{q.id}] ({q.kind}, {q.minutes or '?'} min)  from {q.source}")
            print(f"  {q.text}")
            for probe in q.probes:
                print(f"    – {probe}")
            for a in q.anchors:
                print(f"    {a.level}: {a.text}")
            if q.samples:
                print(f"    sample answers at levels {', '.join(str(x.level) for x in q.samples)}")
            print()
    return 0


def cmd_round(args) -> int:
    action = args.round_command
    if action == "new":
        from . import plans

        library = _library(args)
        role = library.roles.get(args.role)
        if role is None:
            known = ", ".join(library.roles) or "none"
            raise UserError(f"no role template {args.role!r}; known roles: {known}")
        per_skill = args.per_skill or role.questions_per_skill
        if not 1 <= per_skill <= 10:
            raise UserError("--per-skill must be between 1 and 10")
        import secrets  # here, not at the top: every start of the app imports this module

        seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
        result = plans.draw(library, role.skills, per_skill, seed, role=role.id)
        for w in result.warnings:
            print(f"warning: {w}", file=sys.stderr)
        with _open(args) as ws:
            rnd = ws.create_round(args.title, role.id, plans.named_skills(library, role.skills), per_skill=per_skill,
                                  seed=seed, role_name=role.name)
            ws.set_guide(rnd.id, plans.to_guide(result.questions, rnd.id))
            if args.lock:
                ws.lock_round(rnd.id)
        print(rnd.id)
        return 0
    with _open(args) as ws:
        if action == "list":
            rows = [
                {"id": r.id, "title": r.title, "role": r.role, "locked": r.locked, "candidates": count}
                for r, count in ws.rounds_overview()
            ]
            if args.json:
                _print_json(rows)
            elif not rows:
                print("no rounds yet: `interview-kit demo` makes one, or `interview-kit round new`")
            else:
                print(_table([(r["title"], r["role"], "locked" if r["locked"] else "draft", r["candidates"], r["id"])
                              for r in rows], ("title", "role", "state", "candidates", "id")))
            return 0
        rnd = ws.find_round(args.round)
        guide = ws.guide(rnd.id)
        candidates = ws.candidates(rnd.id)
        panel = ws.panel(rnd.id)
        if args.json:
            _print_json({
                "id": rnd.id, "title": rnd.title, "role": rnd.role, "locked": rnd.locked,
                "per_skill": rnd.per_skill, "seed": rnd.seed,
                "skills": [{"id": s.skill, "weight": s.weight} for s in rnd.skills],
                "questions": [{"id": q.id, "skill": q.skill, "kind": q.kind, "text": q.text,
                               "probes": list(q.probes), "minutes": q.minutes} for q in guide],
                "candidates": [{"id": c.id, "name": c.name, "withdrawn": c.withdrawn} for c in candidates],
                "panelists": [{"id": p.id, "name": p.name} for p in panel],
            })
            return 0
        state = "locked" if rnd.locked else "draft"
        print(f"{rnd.title}  ({rnd.role}, {state}, seed {rnd.seed})  id {rnd.id}")
        print("\nGuide:")
        for i, q in enumerate(guide, 1):
            print(f"  {i:2}. [{q.skill} · {q.kind}] {q.text}   ({q.id})")
        print("\nCandidates:")
        for c in candidates:
            print(f"  {c.name}{'  (withdrawn)' if c.withdrawn else ''}   {c.id}")
        print("\nPanel:")
        for p in panel:
            print(f"  {p.name}   {p.id}")
        return 0


def cmd_candidates(args) -> int:
    from .csv_import import import_candidates

    with _open(args) as ws:
        rnd = ws.find_round(args.round)
        n = import_candidates(ws, rnd.id, Path(args.file))
    print(f"{n} candidate(s) added to {rnd.title!r}")
    return 0


def cmd_scores(args) -> int:
    from .csv_import import import_scores

    with _open(args) as ws:
        rnd = ws.find_round(args.round)
        n, submitted = import_scores(ws, rnd.id, Path(args.file), args.panelist, submit=args.submit)
    state = (f"{submitted} scorecard(s) submitted" if args.submit else
             "kept as draft(s): counted nowhere until submitted (import again with --submit)")
    print(f"{n} score(s) imported for {args.panelist} in {rnd.title!r}; {state}")
    return 0


def _passphrase(args) -> str | None:
    """From --passphrase-file (first line) or IKIT_PASSPHRASE; never from the command line itself, where other
    users of the machine could read it in the process list."""
    if args.passphrase_file:
        try:
            return Path(args.passphrase_file).read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError, UnicodeDecodeError):
            raise UserError(f"could not read a passphrase from {args.passphrase_file}") from None
    return os.environ.get("IKIT_PASSPHRASE") or None


def cmd_packet(args) -> int:
    from . import packets

    passphrase = _passphrase(args)
    with _open(args) as ws:
        if args.packet_command == "trust":
            me = ws.me()
            print(packets.trust(ws, args.panelist, Path(args.from_packet) if args.from_packet else None, passphrase,
                                actor=me.name if me else ""))
            return 0
        if args.packet_command == "export":
            rnd = ws.find_round(args.round)
            if args.kit:
                doc = packets.export_kit(ws, rnd.id)
            else:
                p = ws.panelist_by_name(args.panelist)
                if p is None:
                    names = ", ".join(x.name for x in ws.panel(rnd.id)) or "nobody yet"
                    raise UserError(f"no panelist called {args.panelist!r} in this workspace (panel: {names})")
                doc = packets.export_scores(ws, rnd.id, p.id)
            packets.write(doc, Path(args.output), passphrase)
            from .identity import fingerprint

            print(f"wrote {args.output}: {doc['kind']} of {rnd.title!r} "
                  f"({len(doc['scores'])} scores, {len(doc['verdicts'])} verdicts), signed with key "
                  f"{fingerprint(packets.signer(doc))}")
            return 0
        refused = 0
        for name in args.files:
            report = packets.import_file(ws, Path(name), passphrase)
            if report.ok:
                print(report.summary())
            else:
                refused += 1
                print(f"interview-kit: {name}: refused: {report.refused}", file=sys.stderr)
    return 1 if refused else 0


def _round_or_candidate(ws, ref: str):
    """(round, candidate or None) for a ROUND|CANDIDATE argument: a round first, then a candidate."""
    try:
        return ws.find_round(ref), None
    except UserError as round_error:
        if "no round called" not in str(round_error):
            raise
    try:
        cand = ws.find_candidate(ref)
    except UserError as e:
        if str(e).startswith("no candidate"):
            raise UserError(
                f"no round or candidate called {ref!r}; `interview-kit round list` shows the rounds") from None
        raise
    return ws.round(cand.round_id), cand


def cmd_report(args) -> int:
    from .reports import data

    with _open(args) as ws:
        rnd, cand = _round_or_candidate(ws, args.target)
        d = data.gather(ws, rnd.id, viewer=independence.viewer(ws, rnd.id, headless=True), include_withdrawn=True)
        cid = cand.id if cand else None
        if args.json:
            _print_json(data.report_json(d, cid))
        elif args.pdf:
            from .reports import pdf

            doc = (pdf.Scorecard(d, cid, short=args.short, paper=args.paper) if cid else
                   pdf.RoundSummary(d, scorecards=True, short=args.short, paper=args.paper))
            pdf.write_pdf(doc, Path(args.pdf))
            print(f"wrote {args.pdf}")
        else:
            target = Path(args.csv)
            # UTF-8 with a byte-order mark: Excel otherwise reads it as ANSI and shows â€” for a dash
            files.write_atomic(target, data.report_csv(d, cid).encode("utf-8-sig"))
            print(f"wrote {target}")
    return 0


def cmd_guide(args) -> int:
    from .reports import data, pdf

    with _open(args) as ws:
        rnd = ws.find_round(args.round)
        if not rnd.locked:
            raise UserError(f"round {rnd.title!r} is a draft; lock it before printing its guide")
        d = data.gather(ws, rnd.id, viewer=None)  # the blank guide shows no scores at all
    pdf.write_pdf(pdf.BlankGuide(d, paper=args.paper), Path(args.pdf))
    print(f"wrote {args.pdf}")
    return 0


def cmd_search(args) -> int:
    """Search as the workspace's user: their own notes, and others' only where independence allows."""
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    with _open(args) as ws:
        me = ws.me()
        hits = ws.search(args.text, viewer=me.id if me else None, limit=args.limit)
    if args.json:
        _print_json([h.as_dict() for h in hits])
    elif not hits:
        print(f"nothing found for {args.text!r}")
    else:
        print(_table([(h.kind, h.round_title, h.candidate_name or "—", h.snippet.replace("\n", " "))
                      for h in hits], ("kind", "round", "candidate", "text")))
    return 0


def _run_gui(args) -> int:
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        from .qt_libs import missing_xcb_message

        message = missing_xcb_message()
        if message:
            raise UserError(message)
    from .ui.app import run

    return run(db=_db_path(args) if args.db else None, extra_banks=[Path(d) for d in args.banks or []],
               screenshot=Path(args.screenshot) if args.screenshot else None, view=args.view,
               open_files=[Path(f) for f in getattr(args, "open_files", [])])


def _scan(argv: list[str]):
    """Each argument with what it is: "value" (of an option that takes one: ``--db PATH``…), "option", or
    "positional" (a subcommand, its arguments, a file to open)."""
    valued = False
    for arg in argv:
        if valued:
            kind, valued = "value", False
        elif arg in _VALUED:
            kind, valued = "option", True
        else:
            kind = "option" if arg.startswith("-") else "positional"
        yield kind, arg


def _split_open_files(argv: list[str]) -> tuple[list[str], list[str]]:
    """``interview-kit FILE.ikit`` / ``FILE.ikdb`` (what a file manager runs): take the files out of argv,
    so the rest parses as usual. Only when the first positional argument is such a file, never a subcommand's
    argument (``packet import X.ikit`` stays as it is)."""
    rest, found = [], []
    for kind, arg in _scan(argv):
        if kind == "positional":
            if arg in COMMANDS or not arg.lower().endswith(OPENABLE):
                return argv, []  # a subcommand (or something argparse will explain): not ours
            found.append(arg)
        elif not (kind == "option" and arg.startswith("-psn_")):  # what old macOS Finder adds to argv
            rest.append(arg)
    return rest, found


def cmd_practice(args) -> int:
    from . import practice

    with _open(args) as ws:
        rnd = ws.find_round(args.round)
        person = ws.panelist_by_name(args.panelist)
        if person is None:
            raise UserError(f"no panelist named {args.panelist!r} in this workspace")
        sessions = ws.practice_sessions(person.id, round_id=rnd.id)
    rows = [{"id": s.id, "date": s.finished_at, "seed": s.seed, **practice.session_calibration(s).as_dict()}
            for s in sessions]
    overall = practice.calibrate(r for s in sessions for r in s.ratings).as_dict()
    if args.json:
        _print_json({"round": {"id": rnd.id, "title": rnd.title}, "panelist": {"id": person.id, "name": person.name},
                     "sessions": rows, "overall": overall})
        return 0
    if not rows:
        print(f"{person.name} has no practice sessions on {rnd.title!r} yet (View → Practice rating)")
        return 0
    print(f"{person.name} — practice on {rnd.title!r}")
    print(_table([(r["date"][:16].replace("T", " "), r["seed"], r["n"], f"{r['exact']:.0%}", f"{r['mad']:.2f}",
                   f"{r['bias']:+.2f} {r['direction']}") for r in rows],
                 ("date", "seed", "answers", "exact", "mean abs diff", "direction")))
    if len(rows) > 1:
        print(f"all sessions: {overall['n']} answers, {overall['exact']:.0%} exact, mean abs diff "
              f"{overall['mad']:.2f}, {overall['direction']} ({overall['bias']:+.2f})")
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "banks": cmd_banks,
    "round": cmd_round,
    "candidates": cmd_candidates,
    "scores": cmd_scores,
    "packet": cmd_packet,
    "report": cmd_report,
    "guide": cmd_guide,
    "search": cmd_search,
    "practice": cmd_practice,
}


_WRITE_FAILURES = ("disk is full", "disk i/o", "readonly database", "database is locked", "unable to open")


def _is_write_failure(e: sqlite3.DatabaseError) -> bool:
    """A failure of the disk or the file system (retry once it is fixed), as opposed to damage in the file."""
    return isinstance(e, sqlite3.OperationalError) and any(w in str(e).lower() for w in _WRITE_FAILURES)


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())[:200]


def _safe_streams() -> None:
    """Never crash on a character the console cannot show: a Windows code page, a redirect with LANG=C.
    (JSON output is written as UTF-8 bytes regardless; see _print_json.)"""
    logs.ensure_streams()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            reconfigure(errors="backslashreplace")


def _parse(argv: list[str]) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """Parse the command line. A start of the desktop app (options only, no subcommand, no --help) is parsed
    by the parser without its subcommands: building all of them costs ~6 ms (argparse looks up a translation for
    every help text) of a start-up measured against a bare window. Anything that parser does not take goes to
    the whole one, so every message and --help is the same."""
    options_only = all(kind == "value" or (kind == "option" and arg not in ("-h", "--help", "--version"))
                       for kind, arg in _scan(argv))
    if options_only:
        light = build_parser(commands=False)
        light.exit_on_error = False
        try:
            args, extra = light.parse_known_args(argv)
        except argparse.ArgumentError:
            pass  # said by the whole parser below, in its words
        else:
            if not extra:
                return light, args
    parser = build_parser()
    return parser, parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    _safe_streams()
    argv, open_files = _split_open_files(list(sys.argv[1:] if argv is None else argv))
    parser, args = _parse(argv)
    args.open_files = open_files
    if open_files and args.command is not None:
        parser.error("a file to open cannot be combined with a subcommand")
    try:
        if args.command is None:
            return _run_gui(args)
        return COMMANDS[args.command](args)
    except UserError as e:
        print(f"interview-kit: {' '.join(str(e).split())}", file=sys.stderr)
        return 1
    except UnicodeDecodeError as e:  # text in the workspace that is not UTF-8 (every file we read decodes its own)
        print(f"interview-kit: the workspace is damaged (text that is not UTF-8: {_one_line(e)}); restore it "
              "from a backup (File → Restore from backup in the app)", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as e:
        if _is_write_failure(e):  # a full disk, a file yanked away mid-write: the change was rolled back
            print(f"interview-kit: the workspace could not be written ({e}); nothing was changed — free some disk "
                  "space or check the file, then try again", file=sys.stderr)
        else:
            print(f"interview-kit: the workspace is damaged ({_one_line(e)}); restore it from a backup "
                  "(File → Restore from backup in the app)", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `interview-kit round list | head`
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
