"""The call styles of PHP: CRest's ``call`` and ``callBatch``, the b24phpsdk core, its
services and batches, generic ``->call`` clients and ``http_build_query``; each call's arguments
bound as PHP binds them and mapped to the REST method's params."""

from __future__ import annotations

import re
from typing import Any, Final, NamedTuple

from tree_sitter import Node

from bicon_lint import php
from bicon_lint.extract import build
from bicon_lint.extract.build import Builder, Call, Unknown
from bicon_lint.extract.php.arrays import _below
from bicon_lint.extract.php.file import _File
from bicon_lint.extract.php.literals import _NOPE
from bicon_lint.extract.php.nodes import (
    _MAX_DEPTH,
    _MEMBER_ACCESS,
    _MEMBER_CALLS,
    _argument_value,
    _arguments,
)
from bicon_lint.extract.php.scope import _name_is
from bicon_lint.extract.php.sdk import (
    _BATCH_PARAMETERS,
    _SERVICE_METHODS,
    _SERVICES,
    _UPDATE_FIELDS,
    _Param,
)
from bicon_lint.extract.php.urls import _Urls
from bicon_lint.loaders.document import OffsetSpan

_BICONNECTOR: Final = re.compile(r"biconnector\.", re.IGNORECASE)


class _Bound(NamedTuple):
    """A call's arguments bound to parameter names (their expressions)."""

    values: dict[str, Node]
    broken: bool  # an argument list tree-sitter could not parse: later arguments are unknown


def _bind(file: _File, call: Node, names: tuple[str, ...]) -> _Bound | None:
    """Bind ``call``'s arguments to ``names`` as PHP does (positional, then named); ``None`` when
    PHP would refuse the call or the file cannot tell (a spread ``...$args``)."""
    arguments = call.child_by_field_name("arguments")
    if arguments is None:
        return None
    broken = any(child.is_error or child.is_missing for child in arguments.children)
    bound: dict[str, Node] = {}
    named = False
    for position, argument in enumerate(_arguments(arguments)):
        if any(child.type == "variadic_unpacking" for child in argument.named_children):
            return None
        label = argument.child_by_field_name("name")
        if label is not None:
            name = file.name(label)
            if name not in names or name in bound:
                return None
            bound[name] = _argument_value(argument)
            named = True
        elif named:
            return None  # a positional argument after a named one: a compile error
        elif position < len(names):
            bound[names[position]] = _argument_value(argument)
        if broken:
            break  # the first argument may still be read; the rest is unknown
    return _Bound(bound, broken)


class _Calls:
    """Finds the calls of one file, in the order they are written."""

    def __init__(self, file: _File) -> None:
        self.file = file
        self.found: list[Call] = []

    def run(self) -> list[Call]:
        for node in self.file.calls:
            self._call(node)
        return self.found

    def _call(self, node: Node) -> None:
        kind = node.type
        file = self.file
        if kind == "scoped_call_expression":
            name = file.name(node.child_by_field_name("name")).lower()
            scope = node.child_by_field_name("scope")
            crest = scope is not None and file.is_crest(scope, node)
            if crest and name == "callbatch":
                self._crest_batch(node)
            elif name == "call":
                style = "CRest::call" if crest else "::call"
                self._method_call(node, ("method", "params"), style, "form" if crest else "json")
        elif kind in _MEMBER_CALLS:
            self._member_call(node)
        elif _name_is(node, "http_build_query", file):
            self._http(node)

    def _member_call(self, node: Node) -> None:
        file = self.file
        name = file.name(node.child_by_field_name("name")).lower()
        target = node.child_by_field_name("object")
        if target is None:
            return
        if name in ("call", "callmethod"):
            core = (
                target.type in _MEMBER_ACCESS
                and file.name(target.child_by_field_name("name")) == "core"
            )
            if core and name == "call":
                self._method_call(
                    node, ("apiMethod", "parameters"), "b24phpsdk core->call", "json", lower=True
                )
            else:
                self._method_call(
                    node,
                    ("method", "params"),
                    f"->{file.name(node.child_by_field_name('name'))}",
                    "json",
                )
            return
        service = file.service(target)
        if service in _SERVICES:
            assert service is not None
            self._service_call(node, service, name)
        elif service is not None and service.startswith("batch:"):
            self._batch_call(node, service.partition(":")[2], name)

    # -- a method name and its params

    def _method_name(self, node: Node) -> tuple[str, OffsetSpan] | None:
        """A method name argument: a known ``biconnector.*`` string and where it is written."""
        name = self.file.scalar(node, 0)
        if not isinstance(name, str) or _BICONNECTOR.match(name) is None:
            return None
        written = node
        for _ in range(_MAX_DEPTH):  # the literal a followed variable or constant holds
            target = self.file.target(written)
            if target is None:
                break
            written = target
        return name, self.file.span(written)

    def _method_call(
        self, node: Node, names: tuple[str, str], style: str, encoding: str, *, lower: bool = False
    ) -> None:
        bound = _bind(self.file, node, names)
        if bound is None or names[0] not in bound.values:
            return
        named = self._method_name(bound.values[names[0]])
        if named is None:
            return
        method, method_span = named
        arguments = node.child_by_field_name("arguments")
        assert arguments is not None
        if bound.broken:
            record = Builder()
            params: Any = self.file.unknown(arguments, record)
        elif names[1] in bound.values:
            params, record = self.file.value(bound.values[names[1]])
        else:
            params, record = [], Builder()
            record.value((), self.file.span(arguments))
        self._add(
            record, method.lower() if lower else method, params, node, method_span, encoding, style
        )

    def _add(
        self,
        record: Builder,
        method: str,
        params: Any,
        node: Node | OffsetSpan,
        method_span: OffsetSpan,
        encoding: str,
        style: str,
    ) -> None:
        span = node if isinstance(node, tuple) else self.file.span(node)
        self.found.append(
            record.call(
                method, params, span=span, method_span=method_span, encoding=encoding, style=style
            )
        )

    # -- CRest::callBatch

    def _crest_batch(self, node: Node) -> None:
        bound = _bind(self.file, node, ("arData", "halt"))
        if bound is None or bound.broken or "arData" not in bound.values:
            return
        commands, record = self.file.value(bound.values["arData"])
        if not isinstance(commands, (dict, list)):
            return
        items = commands.items() if isinstance(commands, dict) else enumerate(commands)
        counted = 0
        for key, command in items:
            if counted >= 50:  # CRest::BATCH_COUNT: later commands are never sent
                break
            inner, _ = _below(record, key)
            method = command.get("method") if isinstance(command, dict) else None
            if not isinstance(command, dict) or () in inner.partial:
                counted += 1  # it may name a method: it counts (``!empty($data['method'])``)
            elif isinstance(method, Unknown) or not php.empty(method):
                counted += 1
            if isinstance(method, Unknown) or not isinstance(method, str):
                continue
            if _BICONNECTOR.match(method) is not None:
                assert isinstance(command, dict)
                self._crest_command(inner, command, method)

    def _crest_command(self, inner: Builder, command: dict[Any, Any], method: str) -> None:
        span = inner.index.values[()]
        method_span = inner.index.values.get(("method",), span)
        params_record, params = _below(inner, "params")[0], command.get("params", [])
        if "params" not in command:
            params_record = Builder()
            if () in inner.partial:  # a run-time spread may bring them
                params = params_record.runtime((), self.file.text[span[0] : span[1]], span)
            else:
                params_record.value((), span)
        self._add(params_record, method, params, span, method_span, "batch", "CRest::callBatch")

    # -- b24phpsdk services

    def _service_call(self, node: Node, service: str, name: str) -> None:
        parameters: tuple[_Param, ...]
        if name == "updatefields" and service == "dataset":
            rest, parameters = "fields.update", _UPDATE_FIELDS
        elif name in _SERVICE_METHODS:
            rest, parameters = _SERVICE_METHODS[name]
            if name == "list" and service == "connector":
                parameters = (*parameters, _Param("page", "int", 1))
        else:
            return
        bound = _bind(self.file, node, tuple(parameter.name for parameter in parameters))
        if bound is None or bound.broken:
            return
        name_node = node.child_by_field_name("name")
        arguments = node.child_by_field_name("arguments")
        assert name_node is not None and arguments is not None
        method_span = self.file.span(name_node)
        record = Builder()
        record.value((), self.file.span(arguments))
        params: dict[str, Any] = {}
        for parameter in parameters:
            argument = bound.values.get(parameter.name)
            if argument is None:
                if parameter.default is _NOPE:
                    return  # ArgumentCountError: nothing is sent
                if rest == "fields.update" and parameter.name != "id":
                    continue  # updateFields leaves out what is []
                params[parameter.name] = parameter.default
                record.value((parameter.name,), method_span)
                record.key((parameter.name,), method_span)
                continue
            value, inner = self._typed(argument, parameter.kind)
            if value is _NOPE:
                return  # a TypeError: nothing is sent
            if rest == "fields.update" and parameter.name != "id" and value == []:
                continue
            params[parameter.name] = value
            build.prefixed(record, (parameter.name,), inner)
            record.key((parameter.name,), self.file.span(argument))
        style = f"b24phpsdk {service}()->{self.file.name(name_node)}"
        sent: Any = params if parameters else []  # fields(): core->call() with its default []
        self._add(record, f"biconnector.{service}.{rest}", sent, node, method_span, "json", style)

    def _typed(self, argument: Node, kind: str) -> tuple[Any, Builder]:
        """An argument of an ``int`` or ``array`` parameter: its value, unknown when PHP would
        convert it, ``_NOPE`` when PHP refuses it (a known non-array for ``array``)."""
        value, record = self.file.value(argument)
        if isinstance(value, Unknown):
            return value, record
        if kind == "array":
            return (value, record) if isinstance(value, (dict, list)) else (_NOPE, record)
        if isinstance(value, int) and not isinstance(value, bool):
            return value, record
        record = Builder()
        return self.file.unknown(argument, record), record

    def _batch_call(self, node: Node, service: str, name: str) -> None:
        if name not in _BATCH_PARAMETERS:
            return
        parameter = _BATCH_PARAMETERS[name][service]
        bound = _bind(self.file, node, (parameter,))
        if bound is None or bound.broken or parameter not in bound.values:
            return
        items, record = self.file.value(bound.values[parameter])
        if not isinstance(items, (dict, list)):
            return
        pairs = list(items.items() if isinstance(items, dict) else enumerate(items))
        commands = [self._batch_command(name, key, item, record) for key, item in pairs]
        if any(command is None for command in commands):
            return  # the SDK throws before sending anything
        style = f"b24phpsdk {service}()->batch->{self.file.name(node.child_by_field_name('name'))}"
        method = f"biconnector.{service}.{name}"
        name_node = node.child_by_field_name("name")
        assert name_node is not None
        for command in commands:
            assert command is not None
            params, inner, span = command
            self._add(inner, method, params, span, self.file.span(name_node), "batch", style)

    def _batch_command(
        self, name: str, key: str | int, item: Any, record: Builder
    ) -> tuple[Any, Builder, OffsetSpan] | None:
        """One batch item's command params, their record and the item's span."""
        inner, key_span = _below(record, key)
        span = inner.index.values[()]
        command = Builder()
        command.value((), span)
        if name == "add":
            build.prefixed(command, ("fields",), inner)
            command.key(("fields",), span)
            return {"fields": item}, command, span
        if name == "delete":
            if isinstance(item, Unknown) or (isinstance(item, int) and not isinstance(item, bool)):
                build.prefixed(command, ("id",), inner)
                command.key(("id",), span)
                return {"id": item}, command, span
            return None  # deleteEntityItems: "id must be integer type"
        if not isinstance(key, int):
            return None  # updateEntityItems: "entity id must be integer type"
        id_span = key_span or span
        command.value(("id",), id_span)
        command.key(("id",), id_span)
        whole = (min(id_span[0], span[0]), max(id_span[1], span[1]))
        if isinstance(item, Unknown):
            build.prefixed(command, ("fields",), inner)
            command.key(("fields",), span)
            return {"id": key, "fields": item}, command, whole
        if not isinstance(item, dict) or ("fields" not in item and () not in inner.partial):
            return None  # "array key «fields» not found in entity item"
        params: dict[str, Any] = {"id": key}
        for part in ("fields", "params"):
            if part in item:
                below, part_key = _below(inner, part)
                params[part] = item[part]
                build.prefixed(command, (part,), below)
                command.key((part,), part_key or span)
            elif part == "fields":
                params[part] = command.runtime((part,), self.file.text[span[0] : span[1]], span)
        return params, command, whole

    # -- http_build_query

    def _http(self, node: Node) -> None:
        bound = _bind(self.file, node, ("data", "numeric_prefix", "arg_separator", "encoding_type"))
        if bound is None or bound.broken or "data" not in bound.values:
            return
        found = _Urls(self.file, node).find()
        if found is None:
            return
        method, method_span = found
        params, record = self.file.value(bound.values["data"])
        self._add(record, method, params, node, method_span, "form", "http_build_query")
