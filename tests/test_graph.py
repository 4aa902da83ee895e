"""The pure graph algorithms, without a database."""

from __future__ import annotations

import pytest

from argmap.maps import graph


def test_find_path_returns_the_shortest_route_or_none():
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")]
    assert graph.find_path(edges, "a", "d") == ["a", "c", "d"]
    assert graph.find_path(edges, "d", "a") is None


def test_an_edge_that_closes_a_loop_is_reported_with_the_whole_loop():
    edges = [("b", "a"), ("c", "b")]
    # a → c would close a → c → b → a.
    assert graph.cycle_if_added(edges, "a", "c") == ["a", "c", "b", "a"]
    assert graph.cycle_if_added(edges, "c", "a") is None
    assert graph.cycle_if_added(edges, "a", "a") == ["a", "a"]


def test_unreachable_lists_nodes_with_no_path_to_the_root():
    edges = [("m", "q"), ("c", "m"), ("x", "y")]
    assert graph.unreachable(edges, ["q", "m", "c", "x", "y"], "q") == {"x", "y"}


def test_topological_order_puts_every_source_before_its_target_and_refuses_cycles():
    order = graph.topological_order(["q", "m", "c"], [("c", "m"), ("m", "q")])
    assert order.index("c") < order.index("m") < order.index("q")
    with pytest.raises(ValueError, match="cycle"):
        graph.topological_order(["a", "b"], [("a", "b"), ("b", "a")])


def test_combine_is_zero_for_no_arguments_and_grows_with_each():
    assert graph.combine([]) == 0
    assert graph.combine([0.5, 0.5]) == pytest.approx(0.75)


def test_df_quad_matches_the_published_example():
    """Rago, Toni, Aurisicchio, Baroni (KR 2016): all base scores 0.5."""
    nodes = "ABCDEFGH"
    supports = [("B", "A"), ("C", "A")]
    attacks = [("D", "A"), ("E", "B"), ("F", "D"), ("G", "F"), ("H", "F")]
    strength = graph.df_quad_strengths(dict.fromkeys(nodes, 0.5), supports, attacks)
    assert strength["F"] == pytest.approx(0.125)
    assert strength["B"] == pytest.approx(0.25)
    assert strength["D"] == pytest.approx(0.4375)
    assert strength["A"] == pytest.approx(0.59375)


@pytest.mark.parametrize(("status", "score"), [("verified", 0.75), ("unverified", 0.5), ("disputed", 0.25), ("", 0.5)])
def test_curation_sets_the_base_score(status, score):
    assert graph.base_score(status) == score


def test_verified_support_makes_a_claim_stronger_than_disputed_support():
    def strength_with(status: str) -> float:
        bases = {"claim": 0.5, "evidence": graph.base_score(status)}
        return graph.df_quad_strengths(bases, [("evidence", "claim")], [])["claim"]

    assert strength_with("verified") > strength_with("unverified") > strength_with("disputed") > 0.5
