"""Every loader raises only its own clear error and changes no byte on refusal — mutated real inputs, a few
hundred cases per loader (``tools/fuzz_loaders.py`` runs the long version and reports the counts)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loader_fuzz

CASES = 300
# Health checks judge the generator (its speed and size under a busy machine), not the loaders: all off.
FUZZ = settings(max_examples=CASES, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def _check(outcome):
    result, changed = outcome
    assert not (result == "refused" and changed), "a refused input changed the workspace"


@FUZZ
@given(data=st.data())
def test_mutated_packets_are_merged_or_refused_cleanly(fx, data):
    _check(fx.packet(data.draw(loader_fuzz.packet_inputs(fx))))


@FUZZ
@given(data=st.data())
def test_mutated_sealed_packets_are_merged_or_refused_cleanly(fx, data):
    _check(fx.sealed(data.draw(loader_fuzz.sealed_inputs(fx))))


@FUZZ
@given(data=st.data())
def test_mutated_candidate_csvs_are_imported_or_refused_cleanly(fx, data):
    _check(fx.candidates(data.draw(loader_fuzz.csv_inputs(fx.candidates_csv))))


@FUZZ
@given(data=st.data())
def test_mutated_score_csvs_are_imported_or_refused_cleanly(fx, data):
    _check(fx.paper_scores(data.draw(loader_fuzz.csv_inputs(fx.scores_csv))))
