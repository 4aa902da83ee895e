"""The map page's changing parts, rendered once each, and a live update that sends only what changed.

The page and its live updates are built from the same parts (templates/maps/map_detail.html#live-parts): the
map's counts, and each measure's counts, strength, vote summary and arguments. What each part looked like is
remembered for the person, the map's live token and the order of the arguments; a poll names, in its If-None-Match,
the token its page was drawn at, so the update carries only what differs from that token's parts, plus the poller
with the new ETag. An argument tree is compared statement by statement (Tree): a new statement is sent alone and
inserted after its sibling, a statement whose card changed (a tag, a rating) sends that card; anything else (a
statement gone or moved, a new order) sends the measure's whole tree. One new statement or one vote is a few KB.
When the earlier parts are not known (forgotten, another order), every part goes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.http import parse_etags
from django.utils.safestring import SafeString, mark_safe

from argmap.maps import live_tokens
from argmap.maps.models import Map

PARTS_TEMPLATE = "maps/map_detail.html#live-parts"
REMEMBERED_SECONDS = 30 * 60
_PART = re.compile(r"<!--part:([\w-]+)-->")
# A form's CSRF token is masked afresh on every render; it is not part of what the page shows.
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
_FIRST_TAG = re.compile(r"^(\s*<[a-zA-Z][a-zA-Z0-9]*)")


_MARKER = re.compile(r"<!--(?:li:([\w-]+):([\w-]+)|(/li)|(card)|(/card))-->")


def strip_markers(html: str) -> str:
    return _MARKER.sub("", html)


@dataclass
class Statement:
    """One statement's place in a rendered argument tree: its list, the statement before it, its card."""

    list_id: str
    after: str | None
    card: str = ""
    html: str = ""


@dataclass
class Tree:
    """An argument tree as rendered with markers (templates/maps/_argument_tree.html, live_markers on)."""

    statements: dict[str, Statement] = field(default_factory=dict)

    @classmethod
    def parse(cls, marked: str) -> Tree:
        tree = cls()
        open_items: list[tuple[str, int]] = []
        last_in_list: dict[str, str] = {}
        card_start = 0
        for match in _MARKER.finditer(marked):
            item_id, list_id, item_end, card, card_end = match.groups()
            if item_id:
                tree.statements[item_id] = Statement(list_id=list_id, after=last_in_list.get(list_id))
                last_in_list[list_id] = item_id
                open_items.append((item_id, match.end()))
            elif card:
                card_start = match.end()
            elif card_end:
                tree.statements[open_items[-1][0]].card = strip_markers(marked[card_start : match.start()])
            elif item_end:
                item_id, start = open_items.pop()
                tree.statements[item_id].html = strip_markers(marked[start : match.start()]).strip()
        return tree

    def shape(self) -> dict[str, list[str | None]]:
        """What is remembered of it: each statement's list, the one before it and its card's digest."""
        return {key: [s.list_id, s.after, digest(s.card)] for key, s in self.statements.items()}


def tree_changes(before: dict[str, list[str | None]], after: Tree) -> list[str] | None:
    """Out-of-band swaps that turn the tree before into the tree after, or None when only the whole tree will do."""
    if before.keys() - after.statements.keys():
        return None  # a statement left the tree (hidden, moved, merged away)
    new = after.statements.keys() - before.keys()
    lists_before = {list_id for list_id, _, _ in before.values()}
    swaps = []
    sent_whole: set[str] = set()
    for key, statement in after.statements.items():
        if key in new:
            if statement.list_id in new or any(key.startswith(p) for p in sent_whole):
                continue  # inside a new statement sent whole
            if key.startswith("r") or (statement.after or "").startswith("r"):
                return None  # a repeated statement has no id to place it by
            if statement.list_id not in lists_before:
                parent = statement.list_id.replace("tree-", "node-", 1)
                if parent not in after.statements:
                    return None
                swaps.append(with_oob(after.statements[parent].html))
                sent_whole.add(parent)
                continue
            where = f"afterend:#{statement.after}" if statement.after else f"afterbegin:#{statement.list_id}"
            # htmx drops the wrapper of an insertion and puts what is inside it in place.
            swaps.append(f'<ul hx-swap-oob="{where}">{statement.html}</ul>')
            continue
        list_id, previous, card_digest = before[key]
        if list_id != statement.list_id or (previous != statement.after and statement.after not in new):
            return None  # moved, or the order changed
        if card_digest != digest(statement.card) and key not in sent_whole:
            if key.startswith("r"):
                return None
            swaps.append(with_oob(statement.card))
    return swaps


def render_parts(request: HttpRequest, context: dict[str, object]) -> dict[str, SafeString]:
    """Every part, by its element's id, rendered in one pass; the items in context get theirs as item["parts"].

    The argument trees come with markers (see Tree); context["trees"] keeps them parsed, the parts go without.
    """
    rendered = render_to_string(PARTS_TEMPLATE, {**context, "live_markers": True}, request=request)
    pieces = _PART.split(rendered)
    marked = dict(zip(pieces[1::2], pieces[2::2], strict=True))
    context["trees"] = {name: Tree.parse(html) for name, html in marked.items() if "<!--li:" in html}
    parts = {name: mark_safe(strip_markers(html).strip()) for name, html in marked.items()}
    for item in context["measure_items"]:  # type: ignore[attr-defined]
        pk = item["node"].pk
        item["parts"] = {kind: parts.get(f"{kind}-{pk}", "") for kind in ("counts", "strength", "summary", "arguments")}
    context["live_parts"] = parts
    return parts


def digest(html: str) -> str:
    return hashlib.blake2b(_CSRF.sub("", html).encode(), digest_size=8).hexdigest()


def _key(map: Map, token: str, viewer_id: int | None, sort: str) -> str:
    return f"live:parts:{map.pk}:{token}:{viewer_id or 0}:{sort}"


def remember(map: Map, viewer_id: int | None, sort: str, parts: dict[str, SafeString], trees: dict[str, Tree]) -> dict:
    """What each part looks like now for this person: its digest, and for an argument tree its shape."""
    seen = {name: digest(html) for name, html in parts.items()}
    seen["trees"] = {name: tree.shape() for name, tree in trees.items()}
    cache.set(_key(map, live_tokens.token(map), viewer_id, sort), seen, REMEMBERED_SECONDS)
    return seen


def _token_in(etag_header: str, map: Map) -> str | None:
    """The live token of the page that polls, from the ETag it sent ("map<pk>-<token>-u<viewer>")."""
    for etag in parse_etags(etag_header):
        match = re.fullmatch(rf'"map{map.pk}-(\w+)-u\d+"', etag)
        if match:
            return match.group(1)
    return None


def with_oob(html: str) -> str:
    """The part as an out-of-band swap: htmx puts it in place of the element with the same id."""
    return _FIRST_TAG.sub(r'\1 hx-swap-oob="true"', html, count=1)


def changed_parts(
    request: HttpRequest, map: Map, viewer_id: int | None, sort: str, parts: dict[str, SafeString], trees: dict
) -> SafeString:
    """What differs from the page that polls, ready to swap in; every part when its earlier parts are unknown."""
    current = remember(map, viewer_id, sort, parts, trees)
    token = _token_in(request.META.get("HTTP_IF_NONE_MATCH", ""), map)
    before = (cache.get(_key(map, token, viewer_id, sort)) if token else None) or {"trees": {}}
    changed = []
    for name, html in parts.items():
        if before.get(name) == current[name]:
            continue
        tree_before = before["trees"].get(name)
        swaps = tree_changes(tree_before, trees[name]) if tree_before is not None and name in trees else None
        changed += [with_oob(html)] if swaps is None else swaps
    return mark_safe("\n".join(changed))  # each part is a rendered template


def opened(request: HttpRequest, map: Map, viewer_id: int | None, node_id: int, marked: str) -> str:
    """A measure's arguments fetched when the person opens it on the map page: remembered as part of the page
    they were drawn for (same token), so the next live update sends only what changes in them; the HTML without
    the markers."""
    html = strip_markers(marked)
    key = _key(map, live_tokens.token(map), viewer_id, request.GET.get("sort", ""))
    seen = cache.get(key)
    if seen is not None:
        name = f"arguments-{node_id}"
        seen[name] = digest(html.strip())
        seen["trees"][name] = Tree.parse(marked).shape()
        cache.set(key, seen, REMEMBERED_SECONDS)
    return html
