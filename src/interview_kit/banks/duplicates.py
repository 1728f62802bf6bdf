"""Near-duplicate questions: two texts whose words read almost the same.

Similarity is difflib's ratio over words, not characters ("manage" and "page" share letters, not meaning):
``2 * M / (len(a) + len(b))`` where M is the number of words in matching blocks. Two texts are
near-duplicates when it is at least :data:`NEAR_DUPLICATE_RATIO`.

Comparing every pair of a 3,000-question bank is 4.5 million difflib runs (issue 14: past 120 s). A
*prefix filter* (the standard trick of set-similarity joins, Bayardo et al. 2007, "Scaling up all pairs
similarity search") finds the few pairs worth comparing without missing any:

- M is at most the number of words the two texts share (counted with repeats), so a pair at the threshold
  shares at least ``o = ceil(t * (la + lb) / 2)`` words, and the length filter bounds ``lb`` from below;
- words are made distinct by numbering repeats ("the#1", "the#2") and ordered rarest first across the bank;
- two texts sharing at least ``o`` of their words must share one among the first ``len - o + 1`` words of
  each (if they shared none there, at most ``o - 1`` shared words would be left).

So each text is indexed under its few rarest words only, candidates are the texts met under those words, and
difflib checks just those. Common words ("tell", "me", "a", "time") are almost never in a prefix, which is
what makes it near-linear on real banks.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

#: Two question texts at least this similar (0..1, over their words) are near-duplicates.
NEAR_DUPLICATE_RATIO = 0.8


def ratio_at_least(a: Sequence[str], b: Sequence[str], threshold: float = NEAR_DUPLICATE_RATIO) -> float | None:
    """difflib's word ratio of ``a`` and ``b`` when it reaches ``threshold`` (cheap bounds first), else None."""
    if not a or not b or 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):
        return None
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.quick_ratio() < threshold:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else None


def near_matches(words: Sequence[str], others: Iterable[tuple[int, Sequence[str]]],
                 threshold: float = NEAR_DUPLICATE_RATIO) -> Iterator[tuple[int, float]]:
    """(key, similarity) for each of ``others`` that nearly duplicates ``words`` (one text against a few)."""
    for key, other in others:
        ratio = ratio_at_least(other, words, threshold)
        if ratio is not None:
            yield key, ratio


def _prefix_length(n: int, threshold: float) -> int:
    """How many of a text's rarest words must be indexed so that no partner at ``threshold`` is missed."""
    if n == 0:
        return 0
    shortest_partner = math.ceil(n * threshold / (2 - threshold) - 1e-9)
    overlap = math.ceil(threshold * (n + shortest_partner) / 2 - 1e-9)
    return max(1, min(n, n - overlap + 1))


def _distinct(words: Sequence[str]) -> list[tuple[str, int]]:
    """Each word with its repeat number, so a text's words form a set: the, the -> (the, 1), (the, 2)."""
    seen: Counter[str] = Counter()
    out = []
    for w in words:
        seen[w] += 1
        out.append((w, seen[w]))
    return out


def similar_pairs(texts: Sequence[Sequence[str]], threshold: float = NEAR_DUPLICATE_RATIO,
                  wanted: Sequence[bool] | None = None) -> Iterator[tuple[int, int, float]]:
    """(i, j, ratio) with i < j for every pair of word lists at least ``threshold`` alike (in no set order).

    With ``wanted``, only pairs where at least one side is wanted are checked.
    """
    ids: dict[tuple[str, int], int] = {}
    tokens = [[ids.setdefault(tok, len(ids)) for tok in _distinct(t)] for t in texts]
    frequency = Counter(tok for toks in tokens for tok in toks)
    sets = [frozenset(toks) for toks in tokens]
    sizes = [len(toks) for toks in tokens]
    index: dict[int, list[int]] = {}
    for i, toks in enumerate(tokens):
        n = sizes[i]
        rare_first = sorted(toks, key=lambda tok: (frequency[tok], tok))
        candidates: set[int] = set()
        for tok in rare_first[: _prefix_length(n, threshold)]:
            bucket = index.setdefault(tok, [])
            candidates.update(bucket)
            bucket.append(i)
        if wanted is not None and not wanted[i]:
            candidates = {j for j in candidates if wanted[j]}
        mine = sets[i]
        # The shared words bound the ratio from above: a C-speed set intersection rules out most candidates
        # before difflib runs.
        for j in candidates:
            if 2 * len(mine & sets[j]) >= threshold * (n + sizes[j]):
                ratio = ratio_at_least(texts[j], texts[i], threshold)
                if ratio is not None:
                    yield j, i, ratio
