"""Tests for interview_kit.agreement.

Expected values come from published worked examples or from arithmetic done by hand in the comments,
never from running the code under test.
"""

from __future__ import annotations

import math

import pytest

from interview_kit.agreement import (
    FAIR,
    GOOD,
    AgreementError,
    icc,
    krippendorff_alpha,
    rater_offsets,
    reading,
)

# --------------------------------------------------------------------------------------------------- ICC

# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


@pytest.mark.parametrize(
    ("form", "published"),
    [
        ("ICC1", 0.17),  # ICC(1,1)
        ("ICC2", 0.29),  # ICC(2,1)
        ("ICC3", 0.71),  # ICC(3,1)
        ("ICC1k", 0.44),  # ICC(1,4)
        ("ICC2k", 0.62),  # ICC(2,4)
        ("ICC3k", 0.91),  # ICC(3,4)
    ],
)
def test_icc_matches_shrout_fleiss_table_2(form, published):
    assert icc(SHROUT_FLEISS)[form] == pytest.approx(published, abs=0.005)


def test_icc_returns_exactly_the_six_forms_as_floats():
    result = icc(SHROUT_FLEISS)
    assert set(result) == {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"}
    assert all(type(v) is float for v in result.values())


def test_icc_hand_computed_rater_offset_by_one():
    # 3 targets x 2 raters; rater B is always exactly one point above rater A.
    #   [[1, 2], [3, 4], [5, 6]]     n = 3, k = 2
    # grand mean = 21 / 6 = 3.5; target means 1.5, 3.5, 5.5; rater means 3, 4.
    # SS total   = 6.25 + 2.25 + 0.25 + 0.25 + 2.25 + 6.25 = 17.5
    # SS targets = k * ((-2)^2 + 0^2 + 2^2) = 2 * 8 = 16      -> BMS = 16 / (n-1) = 8
    # SS raters  = n * ((-0.5)^2 + 0.5^2) = 3 * 0.5 = 1.5     -> JMS = 1.5 / (k-1) = 1.5
    # SS within  = 17.5 - 16 = 1.5                             -> WMS = 1.5 / (n(k-1)) = 0.5
    # SS error   = 17.5 - 16 - 1.5 = 0                         -> EMS = 0
    # ICC1  = (8 - 0.5) / (8 + 0.5)                 = 15/17
    # ICC2  = (8 - 0) / (8 + 0 + 2 * (1.5 - 0) / 3) = 8/9
    # ICC3  = (8 - 0) / (8 + 0)                     = 1
    # ICC1k = (8 - 0.5) / 8                         = 15/16
    # ICC2k = 8 / (8 + 1.5 / 3)                     = 16/17
    # ICC3k = 8 / 8                                 = 1
    result = icc([[1, 2], [3, 4], [5, 6]])
    assert result == pytest.approx(
        {"ICC1": 15 / 17, "ICC2": 8 / 9, "ICC3": 1.0, "ICC1k": 15 / 16, "ICC2k": 16 / 17, "ICC3k": 1.0}
    )


def test_icc_consistency_forms_ignore_a_harsh_rater_but_agreement_forms_do_not():
    # Same table as above: ranking is identical (ICC3 = 1) but absolute agreement is not (ICC2 < 1).
    result = icc([[1, 2], [3, 4], [5, 6]])
    assert result["ICC3"] == pytest.approx(1.0)
    assert result["ICC2"] < 1.0


def test_icc_perfect_agreement_is_one_for_every_form():
    # WMS = JMS = EMS = 0, BMS > 0, so every form is BMS / BMS = 1.
    result = icc([[1, 1, 1], [3, 3, 3], [5, 5, 5]])
    assert result == pytest.approx({form: 1.0 for form in result})
    assert len(result) == 6


def test_icc_accepts_floats_and_ints():
    # [[1.0, 2], [3, 4.0], [5, 6]] is the hand-computed table above.
    assert icc([[1.0, 2], [3, 4.0], [5, 6]])["ICC1"] == pytest.approx(15 / 17)


def test_icc_rejects_fewer_than_two_targets():
    with pytest.raises(AgreementError, match="two targets"):
        icc([[1, 2, 3]])


def test_icc_rejects_no_targets():
    with pytest.raises(AgreementError, match="two targets"):
        icc([])


def test_icc_rejects_fewer_than_two_raters():
    with pytest.raises(AgreementError, match="two raters"):
        icc([[1], [2], [3]])


def test_icc_rejects_ragged_rows():
    with pytest.raises(AgreementError, match="ragged"):
        icc([[1, 2], [3, 4, 5], [5, 6]])


def test_icc_rejects_missing_values():
    with pytest.raises(AgreementError, match="no rating"):
        icc([[1, 2], [3, None], [5, 6]])


@pytest.mark.parametrize("bad", ["4", True, float("nan"), float("inf")])
def test_icc_rejects_non_numeric_or_non_finite_values(bad):
    with pytest.raises(AgreementError, match="number"):
        icc([[1, 2], [3, bad], [5, 6]])


def test_icc_rejects_identical_ratings_as_undefined():
    with pytest.raises(AgreementError, match="identical.*undefined"):
        icc([[3, 3], [3, 3], [3, 3]])


def test_icc_rejects_targets_with_equal_means_as_undefined():
    # Target means are both 1.5: BMS = 0, so ICC1k and ICC3k would divide by zero.
    with pytest.raises(AgreementError, match="same mean.*undefined"):
        icc([[1, 2], [2, 1]])


def test_agreement_error_is_a_value_error():
    assert issubclass(AgreementError, ValueError)


# ------------------------------------------------------------------------------------ Krippendorff alpha

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers x 12 units, with gaps.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],  # A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],  # B
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],  # C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],  # D
]


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_matches_krippendorff_2011_example(level, published):
    assert krippendorff_alpha(KRIPPENDORFF_2011, level) == pytest.approx(published, abs=0.0005)


def test_alpha_defaults_to_interval():
    assert krippendorff_alpha(KRIPPENDORFF_2011) == pytest.approx(0.849, abs=0.0005)


def test_alpha_hand_computed_nominal():
    # A: a a b / B: a b b. Each unit has m_u = 2, so each ordered pair counts 1/(2-1) = 1.
    # o_aa = 2 (unit 1), o_ab = o_ba = 1 (unit 2), o_bb = 2 (unit 3); n_a = n_b = 3, n = 6.
    # sum o_ck d_ck       = o_ab + o_ba         = 2
    # sum n_c n_k d_ck    = 2 * n_a * n_b       = 18
    # alpha = 1 - (n - 1) * 2 / 18 = 1 - 10/18 = 4/9
    data = [["a", "a", "b"], ["a", "b", "b"]]
    assert krippendorff_alpha(data, "nominal") == pytest.approx(4 / 9)


def test_alpha_hand_computed_interval():
    # A: 1 2 3 / B: 1 2 4. o_11 = 2, o_22 = 2, o_34 = o_43 = 1; n_1 = n_2 = 2, n_3 = n_4 = 1, n = 6.
    # observed: o_34 d_34 + o_43 d_43 = 1 + 1 = 2
    # expected (unordered pairs, then doubled):
    #   (1,2) 2*2*1 = 4; (1,3) 2*1*4 = 8; (1,4) 2*1*9 = 18; (2,3) 2*1*1 = 2; (2,4) 2*1*4 = 8; (3,4) 1*1*1 = 1
    #   total 41, doubled 82
    # alpha = 1 - 5 * 2 / 82 = 72/82 = 36/41
    assert krippendorff_alpha([[1, 2, 3], [1, 2, 4]], "interval") == pytest.approx(36 / 41)


def test_alpha_hand_computed_ordinal():
    # A: 1 1 2 3 / B: 1 2 2 3. o_11 = 2, o_12 = o_21 = 1, o_22 = 2, o_33 = 2;
    # n_1 = 3, n_2 = 3, n_3 = 2, n = 8.
    # d_12 = (n_1 + n_2 - (n_1 + n_2)/2)^2       = 3^2   = 9
    # d_23 = (n_2 + n_3 - (n_2 + n_3)/2)^2       = 2.5^2 = 6.25
    # d_13 = (n_1 + n_2 + n_3 - (n_1 + n_3)/2)^2 = 5.5^2 = 30.25
    # observed: 2 * 9 = 18
    # expected: 2 * (3*3*9 + 3*2*30.25 + 3*2*6.25) = 2 * (81 + 181.5 + 37.5) = 600
    # alpha = 1 - 7 * 18 / 600 = 1 - 0.21 = 0.79
    assert krippendorff_alpha([[1, 1, 2, 3], [1, 2, 2, 3]], "ordinal") == pytest.approx(0.79)


def test_alpha_hand_computed_ratio():
    # A: 1 2 / B: 1 4. o_11 = 2, o_24 = o_42 = 1; n_1 = 2, n_2 = 1, n_4 = 1, n = 4.
    # d_12 = (1/3)^2 = 1/9; d_14 = (3/5)^2 = 9/25; d_24 = (2/6)^2 = 1/9
    # observed: 2 * 1/9 = 2/9
    # expected: 2 * (2*1*1/9 + 2*1*9/25 + 1*1*1/9) = 2 * (1/3 + 18/25) = 2 * 79/75 = 158/75
    # alpha = 1 - 3 * (2/9) / (158/75) = 1 - (2/3)(75/158) = 1 - 25/79 = 54/79
    assert krippendorff_alpha([[1, 2], [1, 4]], "ratio") == pytest.approx(54 / 79)


def test_alpha_drops_single_value_units_and_weights_by_pairable_values():
    # Three raters, four units; unit 4 has a single value (5) and must be dropped.
    #   unit 1: 1 1 1 (m=3): 6 ordered (1,1) pairs * 1/2 -> o_11 += 3
    #   unit 2: 2 2 - (m=2): o_22 += 2
    #   unit 3: 1 - 2 (m=2): o_12 = o_21 = 1
    # n_1 = 4, n_2 = 3, n = 7 (the 5 is not counted). Every disagreement is 1 apart, so nominal = interval:
    # observed 2; expected 2 * 4 * 3 * 1 = 24; alpha = 1 - 6 * 2 / 24 = 0.5.
    # (Counting the lone 5 in the marginals would change the interval expected disagreement.)
    data = [
        [1, 2, 1, 5],
        [1, 2, None, None],
        [1, None, 2, None],
    ]
    assert krippendorff_alpha(data, "nominal") == pytest.approx(0.5)
    assert krippendorff_alpha(data, "interval") == pytest.approx(0.5)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_perfect_agreement_is_one(level):
    # Observed disagreement is 0 and expected is not, so alpha = 1 - 0 = 1.
    data = [[1, 2, 3, None], [1, 2, 3, 4], [None, 2, 3, 4]]
    assert krippendorff_alpha(data, level) == pytest.approx(1.0)


def test_alpha_rejects_fewer_than_two_raters():
    with pytest.raises(AgreementError, match="two raters"):
        krippendorff_alpha([[1, 2, 3]])


def test_alpha_rejects_ragged_rows():
    with pytest.raises(AgreementError, match="ragged"):
        krippendorff_alpha([[1, 2, 3], [1, 2]])


def test_alpha_rejects_fewer_than_two_pairable_units():
    # Only unit 1 has two values; unit 2 has one, unit 3 none.
    with pytest.raises(AgreementError, match="two units"):
        krippendorff_alpha([[1, 2, None], [1, None, None]])


def test_alpha_rejects_no_units():
    with pytest.raises(AgreementError, match="two units"):
        krippendorff_alpha([[], []])


def test_alpha_rejects_identical_values_as_undefined():
    with pytest.raises(AgreementError, match="no variation.*undefined"):
        krippendorff_alpha([[3, 3, None], [3, 3, 3]], "interval")


def test_alpha_rejects_unknown_level():
    with pytest.raises(AgreementError, match="unknown level"):
        krippendorff_alpha(KRIPPENDORFF_2011, "cardinal")


@pytest.mark.parametrize("level", ["interval", "ratio"])
@pytest.mark.parametrize("bad", ["high", True, float("nan")])
def test_alpha_rejects_non_numeric_values_at_interval_and_ratio(level, bad):
    with pytest.raises(AgreementError, match="number"):
        krippendorff_alpha([[1, 2, bad], [1, 2, 3]], level)


def test_alpha_accepts_text_categories_at_nominal_level():
    # Same layout as the hand-computed nominal case: 4/9.
    data = [["yes", "yes", "no"], ["yes", "no", "no"]]
    assert krippendorff_alpha(data, "nominal") == pytest.approx(4 / 9)


def test_alpha_rejects_negative_values_at_ratio_level():
    with pytest.raises(AgreementError, match="negative"):
        krippendorff_alpha([[1, -2, 3], [1, 2, 3]], "ratio")


def test_alpha_rejects_unorderable_values_at_ordinal_level():
    with pytest.raises(AgreementError, match="orderable"):
        krippendorff_alpha([[1, "b", 3], [1, "b", 2]], "ordinal")


# ------------------------------------------------------------------------------------------------ reading


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1.0, "good"),
        (0.9, "good"),
        (0.75, "good"),
        (0.749, "fair"),
        (0.5, "fair"),
        (0.499, "poor"),
        (0.0, "poor"),
        (-0.3, "poor"),
    ],
)
def test_reading_labels_at_and_around_thresholds(value, label):
    assert reading(value) == label


def test_reading_thresholds_are_koo_and_li_cut_points():
    assert (GOOD, FAIR) == (0.75, 0.5)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), None, "0.8"])
def test_reading_rejects_non_finite_or_non_numeric(bad):
    with pytest.raises(AgreementError):
        reading(bad)


# ---------------------------------------------------------------------------------------- rater offsets

PANEL = {
    "ana": {"q1": 4, "q2": 5, "q3": 4},  # lenient
    "ben": {"q1": 2, "q2": 3, "q3": None},  # severe; q3 is N/A
    "cai": {"q1": 3, "q2": 4, "q3": 3},
    "dee": {"q4": 2},  # nobody else rated q4
}
# ana: q1 4 - mean(2, 3) = 1.5; q2 5 - mean(3, 4) = 1.5; q3 4 - 3 (cai only; ben N/A) = 1  -> 4/3, n 3
# ben: q1 2 - mean(4, 3) = -1.5; q2 3 - mean(5, 4) = -1.5                                  -> -1.5, n 2
# cai: q1 3 - mean(4, 2) = 0; q2 4 - mean(5, 3) = 0; q3 3 - 4 = -1                          -> -1/3, n 3
# dee: no shared item                                                                       -> None, n 0


def test_rater_offsets_lenient_rater_is_positive():
    result = rater_offsets(PANEL)
    assert result["ana"]["offset"] == pytest.approx(4 / 3)
    assert result["ana"]["offset"] > 0


def test_rater_offsets_severe_rater_is_negative():
    result = rater_offsets(PANEL)
    assert result["ben"]["offset"] == pytest.approx(-1.5)


def test_rater_offsets_middle_rater_matches_hand_computation():
    assert rater_offsets(PANEL)["cai"]["offset"] == pytest.approx(-1 / 3)


def test_rater_offsets_n_counts_shared_items_and_skips_na():
    result = rater_offsets(PANEL)
    assert {rater: entry["n"] for rater, entry in result.items()} == {"ana": 3, "ben": 2, "cai": 3, "dee": 0}


def test_rater_offsets_rater_without_overlap_gets_none():
    assert rater_offsets(PANEL)["dee"] == {"offset": None, "n": 0}


def test_rater_offsets_two_raters_are_mirror_images():
    # x: 5, 4 / y: 3, 3. x: (5-3 + 4-3)/2 = +1.5; y: (3-5 + 3-4)/2 = -1.5.
    result = rater_offsets({"x": {"a": 5, "b": 4}, "y": {"a": 3, "b": 3}})
    assert result == {
        "x": {"offset": pytest.approx(1.5), "n": 2},
        "y": {"offset": pytest.approx(-1.5), "n": 2},
    }


def test_rater_offsets_rejects_non_numeric_rating():
    with pytest.raises(AgreementError, match="number"):
        rater_offsets({"x": {"a": "five"}, "y": {"a": 3}})


def test_rater_offsets_of_empty_panel_is_empty():
    assert rater_offsets({}) == {}


def test_offsets_are_finite_floats():
    for entry in rater_offsets(PANEL).values():
        if entry["offset"] is not None:
            assert type(entry["offset"]) is float and math.isfinite(entry["offset"])


# ------------------------------------------------------------------- floats against the exact reference
# The app computes in floats for speed; tests/exact_agreement.py is the same mathematics in exact Fractions.
# On the published examples and on random panels the two agree to 1e-9, and refuse the same inputs.

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import exact_agreement as exact  # noqa: E402

TOLERANCE = 1e-9


def _same_outcome(ours, theirs, *args):
    try:
        expected = theirs(*args)
    except exact.AgreementError:
        with pytest.raises(AgreementError):
            ours(*args)
        return
    got = ours(*args)
    if isinstance(expected, dict):
        assert got.keys() == expected.keys()
        for key in expected:
            assert got[key] == pytest.approx(expected[key], abs=TOLERANCE, rel=0), key
    else:
        assert got == pytest.approx(expected, abs=TOLERANCE, rel=0)


def test_float_icc_equals_the_exact_icc_on_shrout_and_fleiss():
    _same_outcome(icc, exact.icc, SHROUT_FLEISS)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_float_alpha_equals_the_exact_alpha_on_krippendorff_2011(level):
    _same_outcome(krippendorff_alpha, exact.krippendorff_alpha, KRIPPENDORFF_2011, level)


def test_float_offsets_equal_the_exact_offsets_on_the_worked_panel():
    ours, theirs = rater_offsets(PANEL), exact.rater_offsets(PANEL)
    assert {r: e["n"] for r, e in ours.items()} == {r: e["n"] for r, e in theirs.items()}
    for rater, entry in theirs.items():
        if entry["offset"] is None:
            assert ours[rater]["offset"] is None
        else:
            assert ours[rater]["offset"] == pytest.approx(entry["offset"], abs=TOLERANCE, rel=0)


_rating = st.integers(min_value=1, max_value=5)


@st.composite
def _complete_panels(draw):
    targets = draw(st.integers(min_value=2, max_value=40))
    raters = draw(st.integers(min_value=2, max_value=7))
    return [[draw(_rating) for _ in range(raters)] for _ in range(targets)]


@st.composite
def _panels_with_gaps(draw):
    raters = draw(st.integers(min_value=2, max_value=7))
    units = draw(st.integers(min_value=1, max_value=60))
    cell = st.one_of(st.none(), _rating)
    return [[draw(cell) for _ in range(units)] for _ in range(raters)]


@settings(max_examples=150, deadline=None)
@given(_complete_panels())
def test_float_icc_equals_the_exact_icc_on_random_panels(table):
    _same_outcome(icc, exact.icc, table)


@settings(max_examples=150, deadline=None)
@given(_panels_with_gaps(), st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_float_alpha_equals_the_exact_alpha_on_random_panels_with_gaps(data, level):
    _same_outcome(krippendorff_alpha, exact.krippendorff_alpha, data, level)


@settings(max_examples=100, deadline=None)
@given(_panels_with_gaps())
def test_float_offsets_equal_the_exact_offsets_on_random_panels(data):
    by_rater = {f"r{i}": {u: v for u, v in enumerate(row)} for i, row in enumerate(data)}
    ours, theirs = rater_offsets(by_rater), exact.rater_offsets(by_rater)
    for rater, entry in theirs.items():
        assert ours[rater]["n"] == entry["n"]
        if entry["offset"] is None:
            assert ours[rater]["offset"] is None
        else:
            assert ours[rater]["offset"] == pytest.approx(entry["offset"], abs=TOLERANCE, rel=0)
