"""Drawing a round's guide from the banks: seeded, balanced, then frozen.

A draw is a pure function of (banks, skills, questions per skill, seed, role, time budget): the same inputs
give the same guide, so a recorded seed lets anyone re-derive why these questions were chosen. Each skill
draws from its own random stream (seeded with the round seed and the skill id), so adding or removing one
skill leaves the other skills' questions where they were.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import banks
from .model import GuideQuestion, Question, RoleSkill


@dataclass(frozen=True)
class Draw:
    questions: tuple[Question, ...]
    #: Plain sentences about rules the draw could not honour (too few questions, over the time budget...).
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def minutes(self) -> int:
        return total_minutes(self.questions)


DEFAULT_MINUTES = 5


def total_minutes(questions: Sequence[Question | GuideQuestion]) -> int:
    return sum(q.minutes or DEFAULT_MINUTES for q in questions)


def _is_near_duplicate(q: Question, chosen: Sequence[Question]) -> bool:
    return any(banks.near_duplicate(q.text, c.text) for c in chosen)


class SeededStream:
    """A seeded stream of random choices whose output is ours to keep: SHA-256 of (seed text, counter).

    Why not ``random.Random``: Python promises the same ``random()`` floats for a seed, but not the same
    ``shuffle``/``sample``/``randrange`` results across versions, and a recorded draw seed must give the same
    guide on every Python we support, forever. SHA-256 and this file's arithmetic never change.
    """

    def __init__(self, seed_text: str):
        self._seed = seed_text.encode("utf-8")
        self._counter = 0

    def _next64(self) -> int:
        block = hashlib.sha256(self._seed + b"\x00" + self._counter.to_bytes(8, "big")).digest()
        self._counter += 1
        return int.from_bytes(block[:8], "big")

    def below(self, n: int) -> int:
        """A uniform integer in [0, n): rejection sampling, so no value is favoured."""
        if n <= 0:
            raise ValueError("n must be positive")
        limit = (1 << 64) - (1 << 64) % n
        while True:
            x = self._next64()
            if x < limit:
                return x % n

    def shuffle(self, items: list) -> None:
        """Fisher–Yates, in place."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


def _ordered_pool(pool: Sequence[Question], role: str | None, rng: SeededStream) -> list[Question]:
    """Questions tagged for the role first, each group in seeded random order."""
    tagged = [q for q in pool if role and role in q.roles]
    others = [q for q in pool if not (role and role in q.roles)]
    rng.shuffle(tagged)
    rng.shuffle(others)
    return tagged + others


def draw(
    library: "banks.Library",
    skills: Sequence[RoleSkill],
    per_skill: int,
    seed: int,
    *,
    role: str | None = None,
    time_budget: int | None = None,
) -> Draw:
    """Pick ``per_skill`` questions for each skill: behavioral and situational alternate (the first kind is
    drawn), the role's tagged questions come first, no near-duplicates anywhere in the guide, and, when a time
    budget is given, longer questions give way to shorter ones of the same skill until the guide fits."""
    chosen: list[Question] = []
    warnings: list[str] = []
    pools: dict[str, list[Question]] = {}
    for rs in skills:
        rng = SeededStream(f"{seed}:{rs.skill}")
        pool = _ordered_pool(library.skill_questions(rs.skill), role, rng)
        pools[rs.skill] = pool
        kinds = ["behavioral", "situational"]
        rng.shuffle(kinds)
        picked: list[Question] = []
        for k in range(per_skill):
            want = kinds[k % 2]
            candidates = [q for q in pool if q not in picked and not _is_near_duplicate(q, chosen + picked)]
            pick = next((q for q in candidates if q.kind == want), None) or next(iter(candidates), None)
            if pick is None:
                warnings.append(
                    f"skill {rs.skill!r} has only {len(picked)} usable question(s); {per_skill} were asked for"
                )
                break
            picked.append(pick)
        chosen.extend(picked)

    if time_budget is not None:
        chosen = _fit_budget(chosen, pools, time_budget)
        if total_minutes(chosen) > time_budget:
            warnings.append(
                f"the guide needs about {total_minutes(chosen)} minutes, over the {time_budget}-minute budget; "
                "ask fewer questions per skill or drop a skill"
            )
    return Draw(tuple(chosen), tuple(warnings))


def _fit_budget(chosen: list[Question], pools: dict[str, list[Question]], budget: int) -> list[Question]:
    """Swap the longest question for a shorter one of the same skill (same kind if possible) until it fits."""
    chosen = list(chosen)
    while total_minutes(chosen) > budget:
        improved = False
        for i in sorted(range(len(chosen)), key=lambda j: -(chosen[j].minutes or DEFAULT_MINUTES)):
            q = chosen[i]
            others = chosen[:i] + chosen[i + 1 :]
            shorter = [
                a
                for a in pools.get(q.skill, [])
                if a not in chosen
                and (a.minutes or DEFAULT_MINUTES) < (q.minutes or DEFAULT_MINUTES)
                and not _is_near_duplicate(a, others)
            ]
            if shorter:
                shorter.sort(key=lambda a: (a.kind != q.kind, a.minutes or DEFAULT_MINUTES))
                chosen[i] = shorter[0]
                improved = True
                break
        if not improved:
            break
    return chosen


def alternatives(library: "banks.Library", guide: Sequence[Question | GuideQuestion], index: int) -> list[Question]:
    """Questions the lead may swap in at ``index``: same skill, not already in the guide, not near-duplicates."""
    current = guide[index]
    in_guide = {q.id for q in guide}
    others = [q for i, q in enumerate(guide) if i != index]
    return [
        q
        for q in library.skill_questions(current.skill)
        if q.id not in in_guide and not any(banks.near_duplicate(q.text, o.text) for o in others)
    ]


def named_skills(library: "banks.Library", skills: Sequence[RoleSkill]) -> list[RoleSkill]:
    """The skills with their bank names filled in, ready to be copied into a round."""
    return [
        RoleSkill(rs.skill, rs.weight, rs.name or (library.skills[rs.skill].name if rs.skill in library.skills else ""))
        for rs in skills
    ]


def to_guide(questions: Sequence[Question], round_id: str) -> list[GuideQuestion]:
    """Copies of the bank questions as the round's guide: text, probes and anchors are frozen here."""
    return [
        GuideQuestion(
            id=q.id,
            round_id=round_id,
            position=i,
            skill=q.skill,
            kind=q.kind,
            text=q.text,
            probes=tuple(q.probes),
            anchors=tuple(q.anchors),
            minutes=q.minutes,
            source=q.source,
        )
        for i, q in enumerate(questions)
    ]
