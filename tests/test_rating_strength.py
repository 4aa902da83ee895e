"""Argument strength from the class's ratings (issue 11): mean rating → base score, then DF-QuAD, by hand."""

from __future__ import annotations

import pytest

from argmap.maps import graph


@pytest.mark.parametrize(("mean", "base"), [(1, 0.0), (2, 0.25), (3, 0.5), (4, 0.75), (5, 1.0), (4.5, 0.875)])
def test_a_mean_rating_maps_to_a_base_score_between_0_and_1(mean, base):
    assert graph.base_score_from_rating(mean, fallback=0.5) == base


def test_a_statement_nobody_rated_keeps_its_curation_base_score():
    assert graph.base_score_from_rating(None, fallback=0.75) == 0.75
    assert graph.rated_base_scores({"M": 0.5, "C": 0.25}, {"C": 5}) == {"M": 0.5, "C": 1.0}


def test_ratings_replace_curation_as_base_scores_and_dfquad_does_the_rest():
    # M is a measure (never rated, curation base 0.5). C supports it, rated 4 and 5 (mean 4.5); E opposes it,
    # disputed (curation 0.25), rated 2 once.
    supports, attacks = [("C", "M")], [("E", "M")]
    curation = {"M": 0.5, "C": 0.5, "E": 0.25}
    # From curation: σ(C) = 0.5, σ(E) = 0.25; support 0.5 > attack 0.25, so σ(M) = 0.5 + 0.5·(0.5 − 0.25) = 0.625.
    assert graph.df_quad_strengths(curation, supports, attacks)["M"] == pytest.approx(0.625)
    # From ratings: base(C) = (4.5 − 1)/4 = 0.875, base(E) = (2 − 1)/4 = 0.25, M keeps 0.5;
    # σ(M) = 0.5 + (1 − 0.5)·(0.875 − 0.25) = 0.5 + 0.3125 = 0.8125.
    rated = graph.rated_base_scores(curation, {"C": 4.5, "E": 2})
    assert graph.df_quad_strengths(rated, supports, attacks) == pytest.approx({"M": 0.8125, "C": 0.875, "E": 0.25})


def test_an_unrated_supporter_counts_at_its_curation_score_under_a_rated_claim():
    # F is verified evidence nobody rated (base 0.75) supporting C, which the class rated 1 (base 0); G, rated 3
    # (base 0.5), also supports M, and H (unrated, 0.5) attacks G.
    curation = {"M": 0.5, "C": 0.5, "F": 0.75, "G": 0.5, "H": 0.5}
    supports, attacks = [("F", "C"), ("C", "M"), ("G", "M")], [("H", "G")]
    strengths = graph.df_quad_strengths(graph.rated_base_scores(curation, {"C": 1, "G": 3}), supports, attacks)
    # σ(F) = 0.75. σ(C) = 0 + (1 − 0)·0.75 = 0.75.
    # σ(H) = 0.5. σ(G): attack 0.5 ≥ support 0, so 0.5 − 0.5·0.5 = 0.25.
    # M: support F(0.75, 0.25) = 1 − 0.25·0.75 = 0.8125; σ(M) = 0.5 + 0.5·0.8125 = 0.90625.
    assert strengths == pytest.approx({"F": 0.75, "C": 0.75, "H": 0.5, "G": 0.25, "M": 0.90625})
