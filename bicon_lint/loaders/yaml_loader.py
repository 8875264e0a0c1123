"""YAML payloads, read as the sender's ``yaml.safe_load`` reads them, then sent as JSON.

A YAML payload never reaches the server as YAML: the sender loads it and sends the value as JSON
(``application/json``), so the document is linted as the JSON value it becomes.
Scalars are resolved with PyYAML's YAML 1.1 safe resolver, as ``yaml.safe_load`` does:

======================  ==============================================================
YAML                    JSON value (and what PHP's ``json_decode`` makes of it)
======================  ==============================================================
mapping                 object; scalar keys become strings: ``1`` → ``"1"``, ``true`` →
                        ``"true"``, ``null`` → ``"null"`` (what JSON encoders write)
sequence                array
``null``, ``~``, empty  null
``true``, ``yes``, ``on``  boolean (YAML 1.1: ``yes``/``no``/``on``/``off`` too, see BL013)
``12``, ``0x1A``, ``012``  integer (``0x1A`` is 26, ``012`` is octal 10); beyond 64 bits a
                        float, as ``json_decode`` reads a big integer
``1.5``, ``.5``         float; ``.inf`` and ``.nan`` have no JSON form (BL012)
``2025-01-01``          the string as written: JSON has no dates, encoders disagree on
                        their format, and YAML 1.2 has no timestamp type at all
``!!binary``            no JSON form (BL012); linted as the base64 text
``!!set``, ``!!omap``   their structure: a mapping with null values, a list of mappings
other tags              refused, as ``safe_load`` refuses them (BL001)
======================  ==============================================================

Bounded work: the events are read iteratively (no recursion, any depth), an alias is not copied
(the value is shared) and counts the nodes it stands for; beyond :data:`MAX_ALIAS_NODES` the
document is refused (BL011, at the alias), so a "billion laughs" file costs a few microseconds.
A file holds one document (BL010 otherwise): ``safe_load`` refuses a stream of several.
Positions: every key and value span, in code points, from the parser's marks.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Final

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from bicon_lint.json_body import decoded_int
from bicon_lint.loaders.document import Document, OffsetSpan, PositionIndex, Problem
from bicon_lint.loaders.duplicates import duplicate_problems
from bicon_lint.loaders.yaml12 import difference, shown
from bicon_lint.model import Loc

try:  # libyaml's parser: 15x faster, the same marks (code point offsets) as the Python one
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_ALIAS_NODES: Final = 100_000
"""Nodes that aliases may add to a document, all aliases together (an alias of a 10-node list
adds 10). Real payloads reuse a settings item or a URL; beyond this it is an alias bomb."""

PHP_MAX_DEPTH: Final = 512  # json_decode($body, true, 512) on the JSON sent: main/lib/web/json.php
MAX_NESTING: Final = 1_000
"""Nesting levels read at all. Beyond 512 PHP ignores the body (BL006, positions no longer kept);
beyond this the file is not read further (the YAML parser itself slows down quadratically)."""

_TOO_DEEP: Final = (
    f"nesting deeper than {MAX_NESTING:,} levels: PHP's json_decode rejects the body "
    "(more than 512 levels) and bicon-lint does not read further."
)

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS: Final = {_TAG + name for name in ("null", "bool", "int", "float", "str")}
_COLLECTION_TAGS: Final = {_TAG + name for name in ("seq", "map", "omap", "pairs", "set")}
_RESOLVER: Final = yaml.resolver.Resolver()
_CONSTRUCTOR: Final = yaml.constructor.SafeConstructor()
_PROPERTIES: Final = re.compile(r"(?:[&!]\S*\s+)*")  # an anchor and a tag before a node


class _Refused(Exception):
    """The document cannot be read as ``safe_load`` reads it, or is too large to expand."""

    def __init__(self, code: str, message: str, span: OffsetSpan) -> None:
        super().__init__(message)
        self.code, self.message, self.span = code, message, span


@dataclass(slots=True)
class _Node:
    """A finished node: its value, its span, and what an alias of it would cost."""

    value: Any
    span: OffsetSpan
    size: int = 1  # nodes in the expanded value
    height: int = 0  # nesting levels of arrays and objects in the expanded value
    merge: bool = False  # the merge key ``<<``


@dataclass(slots=True)
class _Frame:
    """A mapping or sequence being read."""

    loc: Loc | None  # None: no place in the value (a mapping used as a key, or merged)
    is_map: bool
    flow: bool
    start: int
    anchor: str | None
    depth: int
    items: list[Any] = field(default_factory=list)  # sequence items
    pairs: list[tuple[str, Any, OffsetSpan, OffsetSpan]] = field(default_factory=list)
    merged: list[tuple[str, Any, OffsetSpan, OffsetSpan]] = field(default_factory=list)
    key: tuple[str | None, OffsetSpan, bool] | None = None  # (JSON key, key span, is "<<")
    size: int = 1
    height: int = 1
    end: int = 0


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.index = PositionIndex()
        self.notes: list[tuple[str, str, OffsetSpan, Loc]] = []  # code, message, span, loc
        self.repeated: dict[Loc, list[OffsetSpan]] = {}
        self.anchors: dict[str, _Node] = {}
        self.open: set[str] = set()
        self.expanded = 0
        self.too_deep: int | None = None

    # -- spans -------------------------------------------------------------------------------

    def span(self, start: int, end: int) -> OffsetSpan:
        """The node's own text: after its anchor and tag, without trailing blanks."""
        text = self.text
        match = _PROPERTIES.match(text, start, end) if text[start : start + 1] in "&!" else None
        if match is not None and match.end() < end:
            start = match.end()
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        return start, end

    # -- reading -----------------------------------------------------------------------------

    def read(self, parser: Any) -> Any:
        parser.get_event()  # StreamStart
        if parser.check_event(StreamEndEvent):
            raise _Refused("BL004", "the file holds no YAML document: there is no payload.", (0, 0))
        parser.get_event()  # DocumentStart
        stack: list[_Frame] = []
        root: _Node | None = None
        while root is None:
            event: Event = parser.get_event()
            node: _Node | None = None
            if isinstance(event, CollectionStartEvent):
                stack.append(self.open_collection(event, stack))
                continue
            if isinstance(event, ScalarEvent):
                node = self.scalar(event, stack)
            elif isinstance(event, AliasEvent):
                node = self.alias(event, stack)
            else:  # SequenceEnd / MappingEnd
                node = self.close_collection(stack.pop(), event)
            if stack:
                self.accept(stack[-1], node)
            else:
                root = node
        self.index.values[()] = root.span
        parser.get_event()  # DocumentEnd
        try:
            start = (
                None
                if parser.check_event(StreamEndEvent)
                else _index(parser.peek_event().start_mark)
            )
        except yaml.MarkedYAMLError as error:  # the second document is not even valid YAML
            start = error.problem_mark.index if error.problem_mark else len(self.text)
        if start is not None:
            marker = 3 if self.text.startswith("---", start) else 1
            message = (
                "a second YAML document: a payload file holds one request, and yaml.safe_load "
                "refuses a stream of several documents. Only the first one is checked."
            )
            self.notes.append(("BL010", message, (start, start + marker), ()))
        return root.value

    def location(self, stack: list[_Frame]) -> Loc | None:
        """Where the next node goes; ``None`` for a mapping key or a merge (no place of its own)."""
        if not stack:
            return ()
        frame = stack[-1]
        if frame.loc is None:
            return None
        if not frame.is_map:
            return (*frame.loc, len(frame.items))
        if frame.key is None:
            return None
        name, _, merge = frame.key
        return None if merge or name is None else (*frame.loc, name)

    def define(self, anchor: str | None, start: int) -> None:
        if anchor is None:
            return
        if anchor in self.anchors or anchor in self.open:
            message = f"found duplicate anchor {anchor!r}: yaml.safe_load refuses to redefine one."
            raise _Refused("BL001", message, (start, start + 1 + len(anchor)))

    def open_collection(self, event: CollectionStartEvent, stack: list[_Frame]) -> _Frame:
        start = _index(event.start_mark)
        self.define(event.anchor, start)
        tag = event.tag
        if tag not in (None, "!") and tag not in _COLLECTION_TAGS:
            found = "a mapping" if isinstance(event, MappingStartEvent) else "a sequence"
            reason = f"the tag {tag!r} does not apply to {found}"
            if tag not in _SCALAR_TAGS and tag != _TAG + "binary":
                reason = f"could not determine a constructor for the tag {tag!r}"
            raise _Refused("BL001", f"invalid YAML: {reason}.", (start, _index(event.end_mark)))
        if event.anchor is not None:
            self.open.add(event.anchor)
        depth = len(stack) + 1
        if depth > MAX_NESTING:
            raise _Refused("BL006", _TOO_DEEP, (start, start + 1))
        loc = self.location(stack) if depth <= PHP_MAX_DEPTH else None
        if depth > PHP_MAX_DEPTH and self.too_deep is None:
            self.too_deep = self.span(start, _index(event.end_mark))[0]
        return _Frame(
            loc=loc,
            is_map=isinstance(event, MappingStartEvent),
            flow=bool(event.flow_style),
            start=start,
            anchor=event.anchor,
            depth=depth,
            end=_index(event.end_mark),
        )

    def close_collection(self, frame: _Frame, event: Event) -> _Node:
        end = _index(event.end_mark) if frame.flow else frame.end
        span = self.span(frame.start, end)
        value: Any
        if frame.is_map:
            value = {}
            for name, item, _, _ in frame.merged:
                value[name] = item
            for name, item, _, _ in frame.pairs:
                value[name] = item
            explicit = {name for name, _, _, _ in frame.pairs}
            for name, _, key_span, value_span in frame.merged:
                if name not in explicit and frame.loc is not None:
                    # a merged key points at its "<<" and at the merged value
                    merged: Loc = (*frame.loc, name)
                    self.index.keys[merged] = key_span
                    self.index.values[merged] = value_span
        else:
            value = frame.items
        node = _Node(value, span, frame.size, frame.height)
        if frame.anchor is not None:
            self.open.discard(frame.anchor)
            self.anchors[frame.anchor] = node
        return node

    def alias(self, event: AliasEvent, stack: list[_Frame]) -> _Node:
        span = (_index(event.start_mark), _index(event.end_mark))
        name = event.anchor or ""
        if name in self.open:
            message = (
                f"the alias *{name} is inside the node it names: the value is infinite and has "
                "no JSON form."
            )
            raise _Refused("BL011", message, span)
        target = self.anchors.get(name)
        if target is None:
            raise _Refused("BL001", f"invalid YAML: found undefined alias {name!r}.", span)
        self.expanded += target.size
        if self.expanded > MAX_ALIAS_NODES:
            message = (
                f"aliases expand this document beyond {MAX_ALIAS_NODES:,} nodes (an alias bomb?): "
                "it is not read."
            )
            raise _Refused("BL011", message, span)
        if len(stack) + target.height > PHP_MAX_DEPTH and self.too_deep is None:
            self.too_deep = span[0]
        return _Node(target.value, span, target.size, target.height, target.merge)

    def scalar(self, event: ScalarEvent, stack: list[_Frame]) -> _Node:
        start, end = _index(event.start_mark), _index(event.end_mark)
        self.define(event.anchor, start)
        span = self.span(start, end)
        tag = event.tag
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        frame = stack[-1] if stack else None
        as_key = frame is not None and frame.is_map and frame.key is None
        loc = self.location(stack)
        if as_key and tag == _TAG + "merge":
            node = _Node("<<", span, merge=True)
        else:
            if as_key and tag == _TAG + "value":
                tag = _TAG + "str"  # flatten_mapping reads a "=" key as a string
            whole = (start, span[1])  # with the tag, for the errors about the tag
            value = self.construct(event, tag, span, whole, loc)
            if as_key and frame is not None and frame.loc is not None:
                loc = (*frame.loc, _json_key(value) or "")
            if not event.style and event.tag is None and event.implicit[0]:
                self.compare_with_yaml12(event.value, value, span, loc)
            if isinstance(value, int) and not isinstance(value, bool):
                value = decoded_int(value)  # as json_decode: beyond 64 bits a float
            node = _Node(value, span)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return node

    def construct(
        self, event: ScalarEvent, tag: str, span: OffsetSpan, whole: OffsetSpan, loc: Loc | None
    ) -> Any:
        if tag == _TAG + "timestamp":
            return event.value  # as written (see the module's table)
        if tag == _TAG + "binary":
            message = "!!binary data has no JSON form: the sender's JSON encoder cannot send it."
            self.notes.append(("BL012", message, span, loc or ()))
            return event.value
        if tag not in _SCALAR_TAGS:
            reason = f"could not determine a constructor for the tag {tag!r}"
            if tag in _COLLECTION_TAGS:
                reason = f"the tag {tag!r} does not apply to a scalar"
            raise _Refused("BL001", f"invalid YAML: {reason}.", whole)
        node = ScalarNode(tag, event.value, None, None, event.style)
        try:  # the constructor function itself: construct_object would cache every node
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, IndexError, yaml.YAMLError) as error:  # ``!!int ''`` is an IndexError
            reason = str(error) or f"{event.value!r} is not a valid {tag.rsplit(':', 1)[-1]}"
            raise _Refused("BL001", f"invalid YAML: {reason}.", whole) from None
        if isinstance(value, float) and not math.isfinite(value):
            message = (
                f"{event.value} has no JSON form: the sender's encoder writes NaN or Infinity, "
                "which PHP's json_decode rejects (the server then ignores the whole body), or null."
            )
            self.notes.append(("BL012", message, span, loc or ()))
        return value

    def compare_with_yaml12(self, text: str, value: Any, span: OffsetSpan, loc: Loc | None) -> None:
        modern = difference(text, value)
        if modern is None:
            return
        message = (
            f"the plain scalar {text} is {shown(value)} in YAML 1.1 (yaml.safe_load, which "
            f"bicon-lint follows) but {modern} in YAML 1.2: what is sent depends on the "
            "sender's YAML library. Quote it, or write it so that both agree."
        )
        self.notes.append(("BL013", message, span, loc or ()))

    def accept(self, frame: _Frame, node: _Node) -> None:
        """Add a finished node to its parent: an item, a key, or a key's value."""
        frame.size += node.size
        frame.height = max(frame.height, node.height + 1)
        frame.end = max(frame.end, node.span[1])
        if not frame.is_map:
            if frame.loc is not None:
                item: Loc = (*frame.loc, len(frame.items))
                self.index.values[item] = node.span
            frame.items.append(node.value)
            return
        if frame.key is None:
            frame.key = self.key_of(frame, node)
            return
        name, key_span, merge = frame.key
        frame.key = None
        if merge:
            self.merge(frame, node, key_span)
        elif name is not None:
            if frame.loc is not None:
                loc = (*frame.loc, name)
                self.repeated.setdefault(loc, []).append(key_span)
                self.index.keys[loc] = key_span
                self.index.values[loc] = node.span
            frame.pairs.append((name, node.value, key_span, node.span))

    def key_of(self, frame: _Frame, node: _Node) -> tuple[str | None, OffsetSpan, bool]:
        if node.merge:
            return None, node.span, True
        name = _json_key(node.value)
        if name is None:
            message = "a mapping or sequence as a key has no JSON form: the pair cannot be sent."
            self.notes.append(("BL012", message, node.span, frame.loc or ()))
        return name, node.span, False

    def merge(self, frame: _Frame, node: _Node, key_span: OffsetSpan) -> None:
        """``<<: *base`` or ``<<: [*a, *b]``, as PyYAML's ``flatten_mapping`` merges: keys of the
        mapping itself win, then the first mapping of a list."""
        sources = node.value if isinstance(node.value, list) else [node.value]
        if not all(isinstance(source, dict) for source in sources):
            message = "invalid YAML: expected a mapping or list of mappings for merging."
            raise _Refused("BL001", message, node.span)
        for source in reversed(sources):
            for name, item in source.items():
                frame.merged.append((name, item, key_span, node.span))


def _index(mark: Any) -> int:
    """A mark's offset in code points (the parsers always give one; the stubs allow ``None``)."""
    return int(mark.index) if mark is not None else 0


def _json_key(value: Any) -> str | None:
    """The object key a JSON encoder writes for a YAML scalar key; ``None`` for a collection."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return None
    return json.dumps(value) if isinstance(value, bool) or value is None else str(value)


def load_yaml(text: str, path: str) -> Document:
    """Read ``text`` as one YAML document; every problem becomes a :class:`Problem`."""
    document = Document(path=path, text=text)
    reader = _Reader(text)
    try:
        document.value = reader.read(_Parser(text))
    except _Refused as refused:
        document.lintable = False
        document.problems.append(
            Problem(refused.code, refused.message, document.span_of(*refused.span))
        )
        return document
    except yaml.MarkedYAMLError as error:
        document.lintable = False
        mark = error.problem_mark or error.context_mark
        offset = min(mark.index, len(text)) if mark is not None else 0
        reason = error.problem or error.context or "syntax error"
        code, message = "BL001", f"invalid YAML: {reason}."
        if "nesting depth" in reason:  # libyaml's own limit (PyYAML 6.0.4): as deep as ours
            code, message = "BL006", _TOO_DEEP
        document.problems.append(Problem(code, message, document.span_of(offset, offset + 1)))
        return document
    except yaml.YAMLError as error:  # a reader error: a character YAML does not allow
        document.lintable = False
        offset = min(getattr(error, "position", 0) or 0, len(text))
        document.problems.append(
            Problem("BL001", f"invalid YAML: {error}", document.span_of(offset, offset + 1))
        )
        return document
    document._index = reader.index
    _report_repeated(document, reader.repeated)
    for code, message, span, loc in reader.notes:
        document.problems.append(Problem(code, message, document.span_of(*span), loc))
    if reader.too_deep is not None:
        document.server_undecodable = "nesting deeper than 512 levels"
        message = (
            "nesting deeper than 512 levels: PHP's json_decode rejects the body and the server "
            "sees no parameters."
        )
        at = reader.too_deep
        document.problems.append(Problem("BL006", message, document.span_of(at, at + 1)))
    return document


def _report_repeated(document: Document, repeated: dict[Loc, list[OffsetSpan]]) -> None:
    """BL003 at every place of a repeated key, as for JSON: the last value wins."""
    for loc, spans in repeated.items():
        if len(spans) > 1:
            document.problems.extend(duplicate_problems(document, loc, spans))
