"""The near-duplicate search finds exactly the pairs an all-pairs comparison finds, without comparing all pairs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_kit.banks import near_duplicate
from interview_kit.banks.duplicates import NEAR_DUPLICATE_RATIO, ratio_at_least, similar_pairs
from interview_kit.banks.text import words_of

# A small vocabulary so that random texts often come close to each other: the hard case for a filter.
WORDS = ["tell", "me", "about", "a", "time", "the", "lab", "interface", "ward", "downtime", "you", "order",
         "set", "nurses", "pharmacy", "go-live", "failed", "and"]


def all_pairs(texts):
    return {(j, i) for i in range(len(texts)) for j in range(i)
            if ratio_at_least(texts[j], texts[i], NEAR_DUPLICATE_RATIO) is not None}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), min_size=2, max_size=30))
def test_the_prefix_filter_finds_the_same_pairs_as_comparing_every_pair(texts):
    assert {(j, i) for j, i, _ in similar_pairs(texts)} == all_pairs(texts)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), min_size=2, max_size=20),
       st.data())
def test_with_wanted_only_pairs_touching_a_wanted_text_are_found(texts, data):
    wanted = data.draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
    found = {(j, i) for j, i, _ in similar_pairs(texts, wanted=wanted)}
    assert found == {(j, i) for j, i in all_pairs(texts) if wanted[i] or wanted[j]}


def test_a_copy_with_one_word_changed_is_found_among_unrelated_questions():
    texts = [words_of(t) for t in (
        "Tell me about a time the lab interface stopped during a night shift on the renal unit.",
        "Describe how you trained pharmacy staff on a new dispensing screen.",
        "Walk me through the last downtime you ran for the emergency department.",
        "Describe a time the lab interface stopped during a night shift on the renal unit.",
    )]
    assert [(j, i) for j, i, _ in similar_pairs(texts)] == [(0, 3)]


def test_near_duplicate_compares_words_not_letters():
    assert near_duplicate("How do you manage a page of usage notes?", "How do you manage a page of usage notes")
    assert not near_duplicate("How do you manage change?", "How do you page the manager?")
