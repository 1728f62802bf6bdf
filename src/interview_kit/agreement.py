"""How far a panel's ratings agree: intraclass correlation, Krippendorff's alpha, rater calibration.

Pure standard-library Python, in floats. A round of a few hundred candidates has thousands of rated
items, and exact :class:`fractions.Fraction` arithmetic cost most of the panel view's time there (600 ms
of 900 ms at 200 candidates); floats agree with the exact values to far better than 1e-9 on the published
examples and on random panels (tests/test_agreement.py checks both against an exact reference). The
degenerate cases are still decided exactly, on the data rather than on a rounded sum: "no variance" is
"every value is the same", "no between-target variance" is "every target's ratings sum to the same".

* :func:`icc` -- the six intraclass correlations of Shrout & Fleiss (1979) for a complete
  targets x raters table.
* :func:`krippendorff_alpha` -- Krippendorff's alpha for raters x units data with gaps, at the
  nominal, ordinal, interval or ratio level (Krippendorff 2011, "Computing Krippendorff's
  Alpha-Reliability"); :func:`interval_alpha`, the interval level from each unit's values.
* :func:`reading` -- a plain "good" / "fair" / "poor" label for either figure.
* :func:`rater_offsets` -- each rater's leniency (+) or severity (-) relative to the rest of the panel;
  :func:`rater_offsets_by_item`, the same from the ratings grouped by item.

The ``..._by_item`` / unit forms take a round's ratings as its results already group them (by candidate and
question), so the panel view and reports do not build a raters x units table only to take it apart again;
the table forms delegate to them, so each statistic has one implementation.

Everything that cannot be scored raises :class:`AgreementError` (a ``ValueError``) with a message that
says why, in words a panel lead can act on.
"""

from __future__ import annotations

import math
import numbers
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal

__all__ = [
    "AgreementError",
    "FAIR",
    "GOOD",
    "KRIPPENDORFF_RELIABLE",
    "KRIPPENDORFF_TENTATIVE",
    "LEVELS",
    "icc",
    "interval_alpha",
    "krippendorff_alpha",
    "rater_offsets",
    "rater_offsets_by_item",
    "reading",
]

#: Levels of measurement :func:`krippendorff_alpha` accepts.
LEVELS = ("nominal", "ordinal", "interval", "ratio")

#: A reliability figure at or above this reads "good".
GOOD = 0.75
#: A reliability figure at or above this (and below :data:`GOOD`) reads "fair"; below it, "poor".
FAIR = 0.5

#: Krippendorff's customary minimum for relying on data (alpha >= .800). Reference only: see :func:`reading`.
KRIPPENDORFF_RELIABLE = 0.8
#: Krippendorff's lowest conceivable limit, for tentative conclusions only (alpha >= .667). Reference only.
KRIPPENDORFF_TENTATIVE = 0.667


class AgreementError(ValueError):
    """The ratings cannot be scored for agreement (too few raters or targets, gaps, no variance, ...)."""


# --------------------------------------------------------------------------------------------- helpers


def _number(value: object, where: str) -> float:
    """``value`` as a float, or AgreementError if it is not a finite real number."""
    if type(value) is int:  # the common case (ratings 1-5), kept cheap
        return float(value)
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        raise AgreementError(f"{where}: {value!r} is not a number")
    try:
        number = float(value)
    except (ValueError, OverflowError, TypeError):
        number = math.nan
    if not math.isfinite(number):
        raise AgreementError(f"{where}: {value!r} is not a finite number")
    return number


def _is_zero(value: float, scale: float) -> bool:
    """True when ``value`` is zero up to the rounding of floats of size ``scale`` (an exact 0 computed in floats
    comes out as a few ulps of the terms it was computed from, never as exactly 0)."""
    return abs(value) <= 1e-12 * max(scale, 1e-300)


def _rows(data: object, what_row: str) -> list[Sequence]:
    """``data`` as a list of row sequences, rejecting strings and non-sequences."""
    if isinstance(data, (str, bytes)) or not isinstance(data, Sequence):
        raise AgreementError(f"expected a list of rows (one per {what_row}), got {type(data).__name__}")
    rows = list(data)
    for i, row in enumerate(rows):
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise AgreementError(f"row {i} is {type(row).__name__}, not a list of values")
    return rows


def _check_rectangular(rows: list[Sequence], what_row: str, what_col: str) -> int:
    """The common row length; AgreementError naming the first row that differs (ragged input)."""
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise AgreementError(
                f"ragged rows: {what_row} 0 has {width} {what_col}s but {what_row} {i} has {len(row)}; "
                f"every {what_row} needs one entry per {what_col}"
            )
    return width


# ------------------------------------------------------------------------------------------------- ICC


def icc(ratings: Sequence[Sequence[float]]) -> dict[str, float]:
    """The six intraclass correlations of Shrout & Fleiss (1979).

    ``ratings`` has one row per target (candidate or question) and one column per rater; every cell must
    hold a number (ICC needs complete data -- use :func:`krippendorff_alpha` when there are gaps).

    With ``n`` targets and ``k`` raters, a two-way ANOVA splits the spread of the ratings into mean squares:

    * BMS, between targets: ``k * sum((target mean - grand mean)^2) / (n - 1)``
    * JMS, between judges (raters): ``n * sum((rater mean - grand mean)^2) / (k - 1)``
    * WMS, within targets (judges + error): ``sum((x - target mean)^2) / (n(k - 1))``
    * EMS, residual: ``(total SS - target SS - judge SS) / ((n - 1)(k - 1))``

    and the forms are::

        ICC1  = (BMS - WMS) / (BMS + (k-1) WMS)                       one-way random, single rater
        ICC2  = (BMS - EMS) / (BMS + (k-1) EMS + k (JMS - EMS) / n)   two-way random, absolute agreement
        ICC3  = (BMS - EMS) / (BMS + (k-1) EMS)                       two-way mixed, consistency
        ICC1k = (BMS - WMS) / BMS                                     the same, for the mean of k raters
        ICC2k = (BMS - EMS) / (BMS + (JMS - EMS) / n)
        ICC3k = (BMS - EMS) / BMS

    ICC2 counts a rater who is systematically harsher as disagreement; ICC3 does not (it asks only
    whether raters rank targets alike). The "k" forms describe the reliability of the panel's mean.

    Raises :class:`AgreementError` for fewer than two targets or raters, ragged rows, a missing or
    non-numeric rating, or when there is nothing to correlate: all ratings identical, or every target
    with the same mean rating (BMS = 0, which the average-measure forms divide by).
    """
    rows = _rows(ratings, "target")
    if len(rows) < 2:
        raise AgreementError(f"ICC needs at least two targets (rows); got {len(rows)}")
    k = _check_rectangular(rows, "target", "rater")
    if k < 2:
        raise AgreementError(f"ICC needs at least two raters (columns); got {k}")
    n = len(rows)

    table: list[list] = []
    for i, row in enumerate(rows):
        if all(type(value) is int for value in row):  # the common case (ratings 1-5): exact integer sums below
            table.append(list(row))
            continue
        cells = []
        for j, value in enumerate(row):
            if value is None:
                raise AgreementError(
                    f"target {i}, rater {j} has no rating; ICC needs every rater to rate every target "
                    "(drop the target, or use krippendorff_alpha, which allows gaps)"
                )
            cells.append(float(value) if type(value) is int else _number(value, f"target {i}, rater {j}"))
        table.append(cells)

    fsum = math.fsum
    cells = [x for row in table for x in row]
    grand = fsum(cells) / (n * k)
    row_sums = [fsum(row) for row in table]  # correctly rounded, so equal exact sums give equal floats
    target_means = [t / k for t in row_sums]
    rater_means = [fsum(column) / n for column in zip(*table)]

    ss_total = fsum([(x - grand) ** 2 for x in cells])
    if len(set(cells)) == 1:
        raise AgreementError(
            f"all ratings are identical (every rating is {float(table[0][0]):g}): there is no variance, "
            "so ICC is undefined (0/0)"
        )
    ss_targets = k * fsum((m - grand) ** 2 for m in target_means)
    ss_raters = n * fsum((m - grand) ** 2 for m in rater_means)
    ss_within = ss_total - ss_targets
    ss_error = ss_total - ss_targets - ss_raters

    bms = ss_targets / (n - 1)
    wms = ss_within / (n * (k - 1))
    jms = ss_raters / (k - 1)
    ems = ss_error / ((n - 1) * (k - 1))

    if len(set(row_sums)) == 1:  # fsum is correctly rounded: equal exact sums give equal floats
        raise AgreementError(
            "every target has the same mean rating, so there is no between-target variance to attribute "
            "to the targets and ICC is undefined (the average-measure forms divide by it)"
        )

    scale = bms + wms + jms + ems

    def ratio(form: str, numerator: float, denominator: float) -> float:
        if _is_zero(denominator, scale):
            raise AgreementError(f"{form} is undefined for these ratings (its denominator is zero)")
        return numerator / denominator

    return {
        "ICC1": ratio("ICC1", bms - wms, bms + (k - 1) * wms),
        "ICC2": ratio("ICC2", bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n),
        "ICC3": ratio("ICC3", bms - ems, bms + (k - 1) * ems),
        "ICC1k": ratio("ICC1k", bms - wms, bms),
        "ICC2k": ratio("ICC2k", bms - ems, bms + (jms - ems) / n),
        "ICC3k": ratio("ICC3k", bms - ems, bms),
    }


# ------------------------------------------------------------------------------------ Krippendorff alpha


def krippendorff_alpha(data: Sequence[Sequence[object]], level: str = "interval") -> float:
    """Krippendorff's alpha, by the coincidence-matrix method of Krippendorff (2011).

    ``data`` has one row per rater and one column per unit (candidate or question); ``None`` marks a
    value the rater did not give. ``level`` is "nominal", "ordinal", "interval" or "ratio".

    1. Units with fewer than two values (``m_u < 2``) cannot be paired and are dropped.
    2. The coincidence matrix counts, over the remaining units, every ordered pair of values from
       different raters, each unit's pairs weighted ``1 / (m_u - 1)`` so that each unit contributes
       exactly ``m_u``: ``o_ck = sum_u (number of c-k pairs in u) / (m_u - 1)``.
       Its marginals are ``n_c = sum_k o_ck`` and ``n = sum_c n_c`` (the number of pairable values).
    3. ``alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_ck o_ck d_ck / sum_ck n_c n_k d_ck`` where
       the squared difference ``d_ck`` is

       * nominal: 0 if ``c == k`` else 1;
       * ordinal: ``(sum_{g=c..k} n_g - (n_c + n_k) / 2)^2``, the cumulative marginal frequency between
         the two ranks (values are ordered by sorting; strings sort as text);
       * interval: ``(c - k)^2``;
       * ratio: ``((c - k) / (c + k))^2`` (values must be non-negative).

    1.0 is perfect agreement, 0 is agreement at chance level, below 0 is systematic disagreement.

    Raises :class:`AgreementError` for an unknown level, fewer than two raters, ragged rows, non-numeric
    (or, for ratio, negative) values at the interval/ratio levels, fewer than two pairable units, or when
    every pairable value is the same (no variation: alpha is 0/0, undefined).
    """
    if level not in LEVELS:
        raise AgreementError(f"unknown level of measurement {level!r}; expected one of {', '.join(LEVELS)}")
    rows = _rows(data, "rater")
    if len(rows) < 2:
        raise AgreementError(f"Krippendorff's alpha needs at least two raters (rows); got {len(rows)}")
    n_units = _check_rectangular(rows, "rater", "unit")

    # Values, validated and (for interval/ratio) made floats.
    table: list[list[object]] = []
    for r, row in enumerate(rows):
        if level == "interval" and all(value is None or type(value) is int for value in row):
            table.append(list(row))  # the common case (ratings 1-5 and gaps): integers are exact as they are
            continue
        cells: list[object] = []
        for u, value in enumerate(row):
            if value is None:
                cells.append(None)
                continue
            where = f"rater {r}, unit {u}"
            if level in ("interval", "ratio"):
                number = _number(value, where)
                if level == "ratio" and number < 0:
                    raise AgreementError(f"{where}: {value!r} is negative; ratio-level values must be >= 0")
                cells.append(number)
            else:
                if not isinstance(value, Hashable):
                    raise AgreementError(f"{where}: {value!r} cannot be used as a category")
                if isinstance(value, float) and math.isnan(value):
                    raise AgreementError(f"{where}: NaN is not a value; use None for a missing rating")
                cells.append(value)
        table.append(cells)

    if level == "interval":
        return _interval_alpha(table)

    # Coincidence matrix o[(c, k)] from pairable units.
    coincidences: Counter = Counter()
    pairable = 0
    for u in range(n_units):
        values = [row[u] for row in table if row[u] is not None]
        m_u = len(values)
        if m_u < 2:
            continue
        pairable += 1
        weight = 1.0 / (m_u - 1)
        counts = Counter(values)
        for c, count_c in counts.items():
            for k, count_k in counts.items():
                pairs = count_c * (count_c - 1) if c == k else count_c * count_k
                if pairs:
                    coincidences[(c, k)] += pairs * weight
    if pairable < 2:
        raise AgreementError(
            f"Krippendorff's alpha needs at least two units rated by two or more raters; got {pairable}"
        )

    marginals: dict = {}
    for (c, _k), o_ck in coincidences.items():
        marginals[c] = marginals.get(c, 0.0) + o_ck
    n = math.fsum(marginals.values())

    if len(marginals) < 2:
        (only,) = marginals
        shown = f"{only:g}" if isinstance(only, float) else repr(only)
        raise AgreementError(
            f"every pairable value is {shown}: there is no variation, so Krippendorff's alpha is "
            "undefined (0/0)"
        )

    delta = _metric(level, marginals)
    observed = math.fsum(o_ck * delta(c, k) for (c, k), o_ck in coincidences.items() if c != k)
    expected = math.fsum(marginals[c] * marginals[k] * delta(c, k) for c in marginals for k in marginals if c != k)
    return 1 - (n - 1) * observed / expected


def _interval_alpha(table: list[list]) -> float:
    """The interval level without the coincidence matrix: each unit's values (gaps left out), then
    :func:`interval_alpha`."""
    return interval_alpha([v for v in column if v is not None] for column in zip(*table))


def interval_alpha(units: Iterable[Collection[float]]) -> float:
    """Krippendorff's alpha at the interval level from each unit's values, gaps already left out: the same number
    as ``krippendorff_alpha(data, "interval")`` on the raters x units table the values came from, in one pass and
    without the table (a round's units are already grouped when its results are worked out).

    With d(c, k) = (c - k)^2 the sums reduce to sums of values and of squares: a unit's ordered pairs give
    sum_{i != j} (x_i - x_j)^2 = 2 m S2 - 2 S1^2 (S1, S2: the sum of its values and of their squares), weighted
    1 / (m - 1); and sum_ck n_c n_k (c - k)^2 = 2 n T2 - 2 T1^2 over every pairable value. Values are shifted by
    the first one first (differences do not change), so the subtractions do not cancel large magnitudes.
    Units with fewer than two values cannot be paired and are left out. Raises :class:`AgreementError` as
    :func:`krippendorff_alpha` does (a value that is not a finite number, too few pairable units, no variation).
    """
    pairable = []
    for u, values in enumerate(units):
        if len(values) < 2:
            continue
        if all(type(v) is int for v in values):  # ratings 1-5 are ints: checked by their type alone
            pairable.append(values)
        else:
            pairable.append([_number(v, f"unit {u}") for v in values])
    if len(pairable) < 2:
        raise AgreementError(
            f"Krippendorff's alpha needs at least two units rated by two or more raters; got {len(pairable)}"
        )
    distinct = {v for values in pairable for v in values}
    if len(distinct) < 2:
        raise AgreementError(
            f"every pairable value is {next(iter(distinct)):g}: there is no variation, so Krippendorff's alpha is "
            "undefined (0/0)"
        )
    shift = next(iter(pairable[0]))
    observed_terms, t1_terms, t2_terms = [], [], []
    n = 0
    for values in pairable:
        xs = [v - shift for v in values]
        m = len(xs)
        s1 = sum(xs)  # a handful of values: plain sums (exact for integer ratings); the totals use fsum
        s2 = sum([x * x for x in xs])
        observed_terms.append((2 * m * s2 - 2 * s1 * s1) / (m - 1))
        t1_terms.append(s1)
        t2_terms.append(s2)
        n += m
    t1, t2 = math.fsum(t1_terms), math.fsum(t2_terms)
    observed = math.fsum(observed_terms)
    expected = 2 * n * t2 - 2 * t1 * t1
    return 1 - (n - 1) * observed / expected


def _metric(level: str, marginals: Mapping[object, float]):
    """The squared-difference function d(c, k) for ``level`` (``marginals`` feed the ordinal metric)."""
    if level == "nominal":
        return lambda c, k: 0 if c == k else 1
    if level == "interval":
        return lambda c, k: (c - k) ** 2
    if level == "ratio":
        return lambda c, k: 0 if c == k else ((c - k) / (c + k)) ** 2

    # ordinal: rank the distinct values, then d(c, k) = (n_c + ... + n_k - (n_c + n_k) / 2)^2.
    try:
        ranked = sorted(marginals)
    except TypeError:
        raise AgreementError(
            "ordinal values must be mutually orderable (e.g. all numbers); got "
            + ", ".join(sorted({type(v).__name__ for v in marginals}))
        ) from None
    position = {value: i for i, value in enumerate(ranked)}
    cumulative = [0.0]  # cumulative[i] = n of the first i ranks
    for value in ranked:
        cumulative.append(cumulative[-1] + marginals[value])

    def ordinal(c: object, k: object) -> float:
        lo, hi = sorted((position[c], position[k]))
        between = cumulative[hi + 1] - cumulative[lo]
        return (between - (marginals[c] + marginals[k]) / 2) ** 2

    return ordinal


# ------------------------------------------------------------------------------------------------ reading


def reading(value: float) -> str:
    """A plain label for a reliability figure (ICC or alpha): "good", "fair" or "poor".

    "good" at or above :data:`GOOD` (0.75), "fair" at or above :data:`FAIR` (0.5), "poor" below.

    The app shows the panel one plain scale for both statistics, and the numbers come from the ICC
    literature: Koo & Li (2016), "A Guideline of Selecting and Reporting Intraclass Correlation
    Coefficients for Reliability Research" (J Chiropr Med 15(2):155-163), read ICC below 0.5 as poor,
    0.5-0.75 as moderate (here "fair"), 0.75-0.9 as good and above 0.9 as excellent (here folded into
    "good"). Krippendorff (Content Analysis, 2nd ed., 2004) sets stricter marks for alpha: rely on data at
    alpha >= 0.800 (:data:`KRIPPENDORFF_RELIABLE`) and draw only tentative conclusions at
    0.667 <= alpha < 0.800 (:data:`KRIPPENDORFF_TENTATIVE`). So an alpha this function calls "good"
    (0.75-0.8) or "fair" (0.5-0.667) falls short of Krippendorff's own thresholds; the label is a plain
    prompt for a panel conversation, not a certification that the ratings are reliable.

    Raises :class:`AgreementError` if ``value`` is not a finite number.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise AgreementError(f"a reliability figure must be a finite number; got {value!r}")
    if value >= GOOD:
        return "good"
    if value >= FAIR:
        return "fair"
    return "poor"


# ---------------------------------------------------------------------------------------- rater offsets


def rater_offsets(ratings_by_rater: Mapping[str, Mapping[Hashable, float | None]]) -> dict[str, dict]:
    """Each rater's leniency (positive) or severity (negative) relative to the rest of the panel.

    ``ratings_by_rater`` maps rater -> {item: rating}; an item is whatever the round rates (a question, a
    candidate/question pair, ...), and a ``None`` rating (N/A) counts as not rated.

    For rater ``r`` and each item ``i`` that ``r`` rated and at least one other rater also rated::

        d_ri = rating_ri - mean(ratings of i by the other raters)

    and ``offset_r = mean over those items of d_ri``. Returns ``{rater: {"offset": float | None, "n": int}}``
    in input order, where ``n`` is the number of items the offset rests on; ``offset`` is ``None`` when
    ``n == 0`` (the rater shares no item with anyone).

    Raises :class:`AgreementError` for a rating that is not a number.
    """
    numbers_by_rater: dict[str, Mapping[Hashable, float]] = {}
    for rater, items in ratings_by_rater.items():
        if all(type(value) is int for value in items.values()):
            numbers_by_rater[rater] = items  # the common case (ratings 1-5, no gaps): used as given
            continue
        numbers_by_rater[rater] = {
            item: float(value) if type(value) is int else _number(value, f"rater {rater!r}, item {item!r}")
            for item, value in items.items()
            if value is not None
        }
    # Each item's ratings, in the raters' order: "the others" of one rating are then the item's total less it.
    items: dict[Hashable, dict[Hashable, float]] = {}
    for rater, ratings in numbers_by_rater.items():
        for item, value in ratings.items():
            items.setdefault(item, {})[rater] = value
    return rater_offsets_by_item(list(numbers_by_rater), items.values())


def rater_offsets_by_item(raters: Sequence[Hashable], items: Iterable[Mapping[Hashable, float]]) -> dict:
    """:func:`rater_offsets` from the ratings grouped by item instead of by rater (a round's are, once its
    results are worked out): ``items`` holds each item's ratings by rater ({rater: rating}, N/A left out);
    ``raters`` (each rater of the items, and any without one) gives the result's order. The ratings are numbers
    (:func:`rater_offsets` checks them)."""
    differences: dict[Hashable, list[float]] = {rater: [] for rater in raters}
    for ratings in items:
        m = len(ratings)
        if m < 2:
            continue
        total = sum(ratings.values(), 0.0)  # in the raters' order, as rater_offsets always added them
        for rater, own in ratings.items():
            differences[rater].append(own - (total - own) / (m - 1))
    return {rater: {"offset": math.fsum(d) / len(d) if d else None, "n": len(d)} for rater, d in differences.items()}
