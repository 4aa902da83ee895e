"""AIF, the Argument Interchange Format of AIFdb and OVA: a map out as AIFdb JSON, and AIFdb or OVA3 files in.

In AIF a statement is an I-node; an RA node (an inference) leads from its premises to a conclusion, a CA node (a
conflict) from an attacker to what it attacks. Those are all argmap keeps. The rest of a file is said in the
import report and not imported: the dialogue (L-nodes, the locutions, and the YA and TA nodes anchoring them),
rephrases (MA), preferences (PA), and a link that leads to or from an inference rather than a statement.
Nothing is invented: a link the map needs but the file did not state (several conclusions gathered under one
question) is structural, and the export leaves it out again, so AIF → argmap → AIF keeps the I-nodes, RA and CA.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from argmap.interchange.argmap_json import DocumentError, MapDocument, NodeRecord
from argmap.interchange.build import Imported, Link, Statement, document_from_links, places, shorten

SCHEME = {"supports": ("RA", "Default Inference"), "opposes": ("CA", "Default Conflict")}
RELATION = {"RA": "supports", "CA": "opposes"}
# How a statement curators added (not in the essay) is marked in formats with no field for it.
ADDED_MARK = "Added: not in the essay"
# How a statement a class does not see is marked, when a teacher's download includes it.
STATUS_MARKS = {"hidden": "hidden", "pending": "waiting for approval"}
# Nodes of a dialogue (who said what, and how the saying anchors the argument), not of the argument.
DIALOGUE = ("L", "YA", "TA")
NOT_AIF = (
    "This JSON is neither an AIF file (an object with lists of “nodes” and “edges”, as AIFdb saves it) nor an"
    " OVA3 save (the same inside {“AIF”: …})."
)


def to_aif(document: MapDocument) -> dict[str, Any]:
    """AIFdb JSON: statements are I-nodes; each link becomes an RA (support) or CA (conflict) node between them.

    Left out: a context link (an aim, a motive, background: AIF has no scheme for it, and no tool may read it as
    support; the statement itself stays), a structural link (added on import, never stated), and a question
    reached only by structural links (one an import made up to gather several conclusions). A statement curators
    added says so in its text, and so does a hidden or waiting one (a teacher's download has them), AIF having
    no field for either.
    """
    invented = _gathering_question(document)
    nodes = [
        {"nodeID": node.id, "text": marked_text(node), "type": "I", "timestamp": ""}
        for node in document.nodes
        if node.id != invented
    ]
    edges = []
    links = [edge for edge in document.edges if edge.relation in SCHEME and not edge.structural]
    for index, edge in enumerate(links, start=1):
        kind, text = SCHEME[edge.relation]
        scheme_id = f"s{index}"
        nodes.append({"nodeID": scheme_id, "text": text, "type": kind, "timestamp": ""})
        edges.append({"edgeID": f"e{2 * index - 1}", "fromID": edge.source, "toID": scheme_id})
        edges.append({"edgeID": f"e{2 * index}", "fromID": scheme_id, "toID": edge.target})
    return {"nodes": nodes, "edges": edges, "locutions": []}


def marked_text(node: NodeRecord) -> str:
    """The statement's text, with “(Added: not in the essay)”, “(hidden)” or “(waiting for approval)” after it."""
    marks = ([ADDED_MARK] if node.added_by_curator else []) + (
        [STATUS_MARKS[node.status]] if node.status in STATUS_MARKS else []
    )
    return f"{node.text} ({'; '.join(marks)})" if marks else node.text


def _gathering_question(document: MapDocument) -> str | None:
    """The question's id when every link into it is structural (an import gathered conclusions under it)."""
    question = next((node.id for node in document.nodes if node.kind == "question"), None)
    into = [edge for edge in document.edges if edge.target == question]
    return question if into and all(edge.structural for edge in into) else None


def aif_graph(data: Any) -> tuple[dict[str, Any], list[str]]:
    """The AIF graph in a file, AIFdb's (the graph itself) or OVA3's (the graph under “AIF”, with the layout under
    “OVA” and the analysed text), and a note saying which; DocumentError when the JSON is neither."""
    if isinstance(data, dict) and "AIF" in data:
        graph = data["AIF"]
        if not _has_lists(graph):
            raise DocumentError(["The OVA3 save's “AIF” part has no lists of “nodes” and “edges”."])
        extra = sorted(key for key in data if key != "AIF")
        kept_out = f" ({', '.join(f'“{key}”' for key in extra)}: layout and text, not imported)" if extra else ""
        return graph, [f"An OVA3 save: its argument, the “AIF” part, is read{kept_out}."]
    if _has_lists(data):
        return data, []
    raise DocumentError([NOT_AIF])


def _has_lists(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("nodes"), list) and isinstance(data.get("edges"), list)


def from_aif(data: Any, *, title: str = "", keep_rebuttals: bool = False) -> Imported:
    """A map from AIFdb JSON or an OVA3 save. I-nodes are the statements; each RA premise supports its conclusion
    and each CA attacker opposes what it attacks. The conclusion nothing else concludes from becomes the question,
    what speaks to it directly the measures, the rest claims; several conclusions are gathered under one question
    by structural links. The report's notes list what the file holds that the map does not keep.
    """
    graph, notes = aif_graph(data)
    kinds: dict[str, str] = {}
    texts: dict[str, str] = {}
    twice: list[str] = []
    for node in graph["nodes"]:
        if not isinstance(node, dict) or node.get("nodeID") is None:
            continue
        node_id = str(node["nodeID"])
        if node_id in kinds:
            twice.append(node_id)
            continue
        kinds[node_id] = str(node.get("type") or "")
        texts[node_id] = str(node.get("text") or "").strip()
    if twice:
        notes.append(f"Node ids used twice; the first node of each is read ({len(twice)}): {places(twice)}.")
    into: dict[str, list[str]] = defaultdict(list)
    out_of: dict[str, list[str]] = defaultdict(list)
    edges = [edge for edge in graph["edges"] if isinstance(edge, dict)]
    dangling: list[str] = []
    for index, edge in enumerate(edges, start=1):
        source, target = str(edge.get("fromID")), str(edge.get("toID"))
        if source not in kinds or target not in kinds:
            dangling.append(f"edge {edge.get('edgeID', f'number {index}')}")
            continue
        into[target].append(source)
        out_of[source].append(target)
    if dangling:
        notes.append(
            f"Edges to or from a node the file does not have are left out ({len(dangling)}): {places(dangling)}."
        )

    statements = [
        Statement(node_id, texts[node_id], where=f"I-node {node_id}")
        for node_id, kind in kinds.items()
        if kind == "I" and texts[node_id]
    ]
    if not statements:
        raise DocumentError(["The AIF file has no statements (I-nodes with text)."])
    empty = [f"I-node {node_id}" for node_id, kind in kinds.items() if kind == "I" and not texts[node_id]]
    if empty:
        notes.append(f"I-nodes with no text are left out ({len(empty)}): {places(empty)}.")

    links: list[Link] = []
    linked_premises: list[str] = []
    for node_id, kind in kinds.items():
        if kind not in RELATION:
            continue
        where = f"{kind} node {node_id}"
        premises = [source for source in into[node_id] if kinds.get(source) == "I" and texts[source]]
        conclusions = [target for target in out_of[node_id] if kinds.get(target) == "I" and texts[target]]
        schemes = [target for target in out_of[node_id] if kinds.get(target) in RELATION]
        if schemes:
            notes.append(
                f"{where} speaks to {', '.join(f'{kinds[other]} node {other}' for other in schemes)}, an inference"
                " or conflict rather than a statement; argmap links statements only, so that link is left out."
            )
        if not premises or not conclusions:
            if not schemes:
                notes.append(f"{where} does not lead from one statement to another; it is left out.")
            continue
        if kind == "RA" and len(premises) > 1:
            linked_premises.append(where)
        links += [
            Link(premise, conclusion, RELATION[kind], where=where) for premise in premises for conclusion in conclusions
        ]
    if linked_premises:
        notes.append(
            f"Inferences whose premises argue together ({len(linked_premises)}): each premise becomes a separate"
            f" support: {places(linked_premises)}."
        )

    def quoted(node_id: str) -> str:
        return f"“{shorten(texts[node_id])}” (I-node {node_id})"

    for node_id, kind in kinds.items():
        if kind == "MA":
            ends = [end for end in into[node_id] + out_of[node_id] if kinds.get(end) == "I" and texts[end]]
            said = " and ".join(quoted(end) for end in ends) or "no statement"
            notes.append(
                f"MA node {node_id} says {said} rephrase each other; a rephrase is not kept, the statements are."
            )
    notes += _not_kept(kinds, edges)
    return document_from_links(statements, links, title=title, notes=notes, keep_rebuttals=keep_rebuttals)


def _not_kept(kinds: dict[str, str], edges: list[dict[str, Any]]) -> list[str]:
    """The report's lines for the dialogue and any other node argmap does not keep, with their counts."""
    count = Counter(kinds.values())
    notes = []
    if any(count[kind] for kind in DIALOGUE):
        dialogue = {node_id for node_id, kind in kinds.items() if kind in DIALOGUE}
        linked = sum(str(edge.get("fromID")) in dialogue or str(edge.get("toID")) in dialogue for edge in edges)
        notes.append(
            f"{_counted(count['L'], 'locution')} (L-nodes), {count['YA']:,} YA and {count['TA']:,} TA nodes, and"
            f" their {_counted(linked, 'link')}, are the dialogue, not the argument: not imported."
        )
    if count["PA"]:
        notes.append(f"{_counted(count['PA'], 'preference (PA node)', 'preferences (PA nodes)')}: not imported.")
    others = sorted(kind for kind in count if kind not in ("I", "RA", "CA", "MA", "PA", *DIALOGUE))
    if others:
        shown = ", ".join(f"{count[kind]} “{kind or 'untyped'}”" for kind in others)
        notes.append(f"Nodes of types argmap does not read ({shown}): not imported.")
    return notes


def _counted(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else many or one + 's'}"
