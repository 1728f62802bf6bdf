"""The store's shared SQL: ``HOT_QUERIES``, every lookup the app makes while someone waits, and the score
upsert that is both the autosave path and the packet merge's bulk write.

A statement that only one method runs stays next to that method, in the module of its concept.
"""

from __future__ import annotations

# The hot path: one prepared statement per score edit (sqlite3 caches the compiled statement by its text).
_UPSERT_SCORE = (
    "INSERT INTO scores (candidate_id, panelist_id, question_id, rating, note, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (candidate_id, panelist_id, question_id) DO UPDATE SET "
    "rating = excluded.rating, note = excluded.note, updated_at = excluded.updated_at"
)


#: Every lookup the app makes while someone waits (a rating, the panel view, a report, start-up, search), in one
#: place. tests/test_store.py runs EXPLAIN QUERY PLAN on each and fails if one scans scores, candidates or audit:
#: a plan that reads the whole table is what made large workspaces slow. The methods below use these strings.
_SCORE_COLUMNS = "s.candidate_id, s.panelist_id, s.question_id, s.rating, s.note, s.updated_at"  # Score's fields, in order
#: Verdict's fields, in order: a round's verdicts are read as plain tuples (see ``round_score_rows``).
_VERDICT_COLUMNS = ("v.candidate_id, v.panelist_id, v.recommendation, v.summary, v.submitted_at, v.updated_at, "
                    "v.amended_at, v.amend_reason")

HOT_QUERIES: dict[str, str] = {
    "upsert_score": _UPSERT_SCORE,
    "score": "SELECT * FROM scores WHERE candidate_id = ? AND panelist_id = ? AND question_id = ?",
    "scorecard_state": "SELECT submitted_at, amended_at FROM verdicts WHERE candidate_id = ? AND panelist_id = ?",
    "verdict": "SELECT * FROM verdicts WHERE candidate_id = ? AND panelist_id = ?",
    "scores_of_candidate_by_panelist": (
        f"SELECT {_SCORE_COLUMNS} FROM scores s WHERE s.candidate_id = ? AND s.panelist_id = ? ORDER BY s.question_id"),
    "scores_of_candidate": (
        f"SELECT {_SCORE_COLUMNS} FROM scores s WHERE s.candidate_id = ? ORDER BY s.panelist_id, s.question_id"),
    "scores_of_round": (
        f"SELECT {_SCORE_COLUMNS} FROM candidates c JOIN scores s ON s.candidate_id = c.id WHERE c.round_id = ? "
        "ORDER BY c.position, s.panelist_id, s.question_id"),
    "verdicts_of_round": (
        f"SELECT {_VERDICT_COLUMNS} FROM candidates c JOIN verdicts v ON v.candidate_id = c.id WHERE c.round_id = ? "
        "ORDER BY c.position, v.panelist_id"),
    "verdicts_of_candidate": "SELECT v.* FROM verdicts v WHERE v.candidate_id = ? ORDER BY v.panelist_id",
    "decisions_of_round": (
        "SELECT d.* FROM candidates c JOIN decisions d ON d.candidate_id = c.id WHERE c.round_id = ?"),
    "candidates_of_round": "SELECT * FROM candidates WHERE round_id = ? ORDER BY position",
    "candidate": "SELECT * FROM candidates WHERE id = ?",
    "candidates_by_name": (
        "SELECT c.*, r.title AS round_title FROM candidates c JOIN rounds r ON r.id = c.round_id WHERE c.name = ?"),
    "candidates_by_name_in_round": (
        "SELECT c.*, r.title AS round_title FROM candidates c JOIN rounds r ON r.id = c.round_id "
        "WHERE c.name = ? AND c.round_id = ?"),
    # The rounds list: each round with its skills (in order) and its active candidates, in one query.
    "rounds_overview": (
        "SELECT r.*, "
        "(SELECT count(*) FROM candidates c WHERE c.round_id = r.id AND c.withdrawn = 0) AS candidate_count, "
        "(SELECT json_group_array(json_array(k.position, k.skill, k.name, k.weight)) FROM round_skills k "
        "WHERE k.round_id = r.id) AS skills_json "
        "FROM rounds r ORDER BY r.created_at, r.title"),
    "audit_by_entity_prefix": "SELECT * FROM audit WHERE entity >= ? AND entity < ? ORDER BY id",
    "panel": (
        "SELECT p.* FROM round_panelists rp JOIN panelists p ON p.id = rp.panelist_id WHERE rp.round_id = ? "
        "ORDER BY p.name, p.id"),
    "search_candidates": (
        "SELECT c.id AS candidate_id, c.round_id, c.name AS candidate_name, r.title AS round_title, "
        "snippet(candidates_fts, 0, '', '', '…', 16) AS snippet "
        "FROM candidates_fts JOIN candidates c ON c.rowid = candidates_fts.rowid JOIN rounds r ON r.id = c.round_id "
        "WHERE candidates_fts MATCH ? LIMIT ?"),
    "search_questions": (
        "SELECT g.round_id, g.id AS question_id, g.position, r.title AS round_title, "
        "snippet(guide_questions_fts, 0, '', '', '…', 16) AS snippet "
        "FROM guide_questions_fts JOIN guide_questions g ON g.rowid = guide_questions_fts.rowid "
        "JOIN rounds r ON r.id = g.round_id WHERE guide_questions_fts MATCH ? LIMIT ?"),
    # A note is found by its author, by anyone who has submitted their own scorecard for that candidate, and by
    # someone not on that round's panel (a lead who did not interview): independence.visible_scores' rule, in SQL so
    # that it holds before the LIMIT. A viewer with no name counts as a panelist who has submitted nothing.
    "search_notes": (
        "SELECT s.candidate_id, s.panelist_id, s.question_id, c.round_id, c.name AS candidate_name, "
        "r.title AS round_title, snippet(scores_fts, 0, '', '', '…', 16) AS snippet "
        "FROM scores_fts JOIN scores s ON s.rowid = scores_fts.rowid JOIN candidates c ON c.id = s.candidate_id "
        "JOIN rounds r ON r.id = c.round_id "
        "WHERE scores_fts MATCH ?1 AND ?2 IS NOT NULL AND (s.panelist_id = ?2 "
        "OR NOT EXISTS (SELECT 1 FROM round_panelists rp WHERE rp.round_id = c.round_id AND rp.panelist_id = ?2) "
        "OR EXISTS (SELECT 1 FROM verdicts v WHERE v.candidate_id = s.candidate_id AND v.panelist_id = ?2 "
        "AND v.submitted_at IS NOT NULL)) LIMIT ?3"),
}
