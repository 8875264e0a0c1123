"""How rules read a request: the parts the server reads, with the server's PHP semantics.

Each accessor returns ``None`` where the server would not reach the part (e.g. ``fields`` that is
not a non-empty array), so rules never report what an earlier, returning check already covers.
"""

from __future__ import annotations

import re
from typing import Any

from bicon_lint import endpoints, php
from bicon_lint.compact import CompactArray, PlainRun
from bicon_lint.contract import SETTING_TEXT_MAX, FieldDef, fields_of, indexed, setting_types
from bicon_lint.engine import shared, transient
from bicon_lint.methods import lookup
from bicon_lint.model import Loc, Request
from bicon_lint.targets import Target

FIELDS: Loc = ("fields",)


@shared
def entity(request: Request) -> str:
    method = lookup(request.method)
    return method.entity if method else ""


@shared
def action(request: Request) -> str:
    """``add``, ``update``, ``fields.update``, ...; ``""`` for an unknown method."""
    method = lookup(request.method)
    return method.action if method else ""


@shared
def field_table(request: Request) -> tuple[FieldDef, ...]:
    return fields_of(entity(request), request.target)


def table_rows(request: Request) -> dict[str | int, tuple[int, FieldDef]]:
    """The rows of the server's field table by title, each with its position in it."""
    return indexed(entity(request), request.target)


def field_index(request: Request, title: str) -> int:
    """Position of ``title`` in the server's field table: the order ``validateFields`` walks."""
    for index, row in enumerate(field_table(request)):
        if row.title == title:
            return index
    return len(field_table(request))


@shared
def fields(request: Request) -> dict[str | int, Any] | None:
    """``$params['fields']`` as validateFields sees it, or ``None`` when the server stops at
    ``VALIDATION_FIELDS_NOT_PROVIDED`` (``empty($fields) || !is_array($fields)``,
    ``Base::validateFields`` in ``biconnector/lib/Rest/Base.php``).

    A JSON list is a PHP array with int keys (``json_decode``,
    https://www.php.net/manual/en/function.json-decode.php).
    """
    value = request.params.get("fields") if isinstance(request.params, dict) else None
    if type(value) is dict:
        return value if value else None  # read-only, like every shared value
    if php.empty(value) or not php.is_array(value):
        return None
    return dict(php.items(value))


def upper_keys(target: Target) -> bool:
    """Settings keys are upper-cased since 25.550.100; 25.300.0 only snake-cased them
    (``Connector::addEntity``/``updateEntity``: ``biconnector/lib/Rest/Connector.php``, and the file
    in ``alex-jazzman/bitrix24_source`` for 25.300.0)."""
    return target >= Target.V2025_07


def converted_setting(item: Any, target: Target) -> Any:
    """A settings item after ``Converter(KEYS|RECURSIVE|TO_SNAKE|TO_UPPER)``
    (``main/lib/engine/response/converter.php``)."""
    return php.convert_keys(item, upper=upper_keys(target))


def setting_key(name: str, target: Target) -> str:
    """The converted name the server looks up: ``NAME`` (or ``name`` on 25.300.0)."""
    return name.upper() if upper_keys(target) else name.lower()


def source_key(item: Any, converted: str, target: Target) -> str | int | None:
    """The key as written in the payload whose conversion produced ``converted`` (the last such key
    wins, as in the server's conversion), for pointing a diagnostic at it."""
    found: str | int | None = None
    for key, _ in php.items(item):
        if php.convert_key(key, upper=upper_keys(target)) == converted:
            found = key
    return found


SETTING_KEYS = ("TYPE", "NAME", "CODE")

# The code of a plain settings item: characters that http_build_query leaves as they are and that
# parse_str reads back verbatim inside connection[...] (no "]", "[", NUL, space or "%").
_PLAIN_CODE = re.compile(r"[A-Za-z0-9_.\-]{1,512}")


def plain_code(code: str) -> bool:
    """Is ``code`` a plain item's code (``is_plain``): 1 to 512 of ``[A-Za-z0-9_.-]``?"""
    return _PLAIN_CODE.fullmatch(code) is not None


def is_plain(raw: Any, target: Target) -> bool:
    """Is ``raw`` the settings item every settings rule accepts without a word?

    Exactly the keys ``name``, ``type`` and ``code``; ``type`` and ``code`` strings, ``type`` a
    known type; ``name`` a string, not blank and at most 512 code points, or an integer of PHP's
    range (a number the server casts: never blank, never long); ``code`` 1 to 512 characters
    from ``[A-Za-z0-9_.-]``. Rules skip plain items (``irregular_setting_items``), which is most
    items of most payloads; tests/test_fast_paths.py checks, over generated items, that no
    settings rule reports anything for an item this calls plain.
    """
    if type(raw) is not dict or len(raw) != 3:
        return False
    kind = raw.get("type")
    return (
        type(kind) is str
        and kind in setting_types(target)
        and _plain_name_code(raw.get("name"), raw.get("code"))
    )


def _plain_name_code(name: Any, code: Any) -> bool:
    """A plain item's name and code (``is_plain``)."""
    if type(name) is int:  # not bool: ``type`` is exact
        if not _PHP_INT_MIN <= name <= _PHP_INT_MAX:
            return False
    elif type(name) is not str or len(name) > SETTING_TEXT_MAX or name.isspace() or name == "":
        return False
    return type(code) is str and _PLAIN_CODE.fullmatch(code) is not None


_PHP_INT_MAX = 2**63 - 1  # PHP_INT_MAX on 64-bit builds: json_decode makes larger numbers floats
_PHP_INT_MIN = -(2**63)

# The kinds of settings item (``SettingItem.kind``, ``near_plain``): a plain item; an item the
# general path judges; a plain item with more keys (``EXTRA_KEYS``: each a lower-case name, which
# the key conversion only upper-cases, so none becomes NAME, TYPE or CODE and no two become one);
# a plain item but for a type the target does not know (``OTHER_TYPE``: a string).
PLAIN, GENERAL, EXTRA_KEYS, OTHER_TYPE = 0, 1, 2, 3
_EXTRA_KEY = re.compile(r"[a-z][a-z0-9_]*")


def near_plain(raw: Any, target: Target) -> int:
    """The kind of an item that is not plain (``is_plain``): ``EXTRA_KEYS`` for a plain item with
    more keys, each ``[a-z][a-z0-9_]*`` (a warning each, ``settings-unknown-keys``, and nothing
    else); ``OTHER_TYPE`` for exactly ``name``, ``type`` and ``code`` with a string type the
    target does not know (an error, ``settings-type-enum``, and nothing else); else ``GENERAL``.
    tests/test_fast_paths.py checks that each kind gets the general path's report."""
    if type(raw) is not dict:
        return GENERAL
    size = len(raw)
    if size < 3 or "name" not in raw or "type" not in raw or "code" not in raw:
        return GENERAL
    kind = raw["type"]
    if type(kind) is not str or not _plain_name_code(raw["name"], raw["code"]):
        return GENERAL
    known = kind in setting_types(target)
    if size == 3:
        return GENERAL if known else OTHER_TYPE  # known: a plain item, not a near one
    if not known:
        return GENERAL
    extra = _EXTRA_KEYS
    for key in raw:
        if key not in THREE and key not in extra:
            if type(key) is not str or _EXTRA_KEY.fullmatch(key) is None:
                return GENERAL
            if len(extra) < _EXTRA_KEYS_MAX:
                extra.add(key)
    return EXTRA_KEYS


# Keys met that match ``_EXTRA_KEY`` (a flood repeats a few): a set lookup instead of a match.
_EXTRA_KEYS: set[str] = set()
_EXTRA_KEYS_MAX = 4096


THREE = frozenset(("name", "type", "code"))


class SettingItem:
    """One connector settings item as ``Connector::checkAndPrepareSettings`` sees it
    (``biconnector/lib/Rest/Connector.php``), its keys converted as ``converted_setting`` says."""

    __slots__ = (
        "_complete",
        "_converted",
        "_upper",
        "kind",
        "loc",
        "near",
        "plain",
        "position",
        "raw",
        "target",
    )

    def __init__(
        self, position: int, loc: Loc, raw: Any, target: Target, plain: bool | None = None
    ) -> None:
        """``plain``: ``is_plain(raw, target)`` when the caller knows it already."""
        self.position = position
        self.loc = loc
        self.raw = raw
        self.target = target
        if plain is None:
            plain = is_plain(raw, target)
        self.plain = plain
        # ``near``: a plain item's keys, exactly "name", "type" and "code" as written, and no other
        # key that converts to one of theirs: a value is read without the conversion
        self.kind = kind = PLAIN if plain else near_plain(raw, target)
        self.near = kind != GENERAL
        self._converted: Any = None
        self._complete: bool | None = True if kind != GENERAL else None
        self._upper = upper_keys(target)

    @property
    def converted(self) -> Any:
        """The item after the server's key conversion (``converted_setting``), made on demand."""
        if self._converted is None:
            self._converted = converted_setting(self.raw, self.target)
        return self._converted

    @property
    def complete(self) -> bool:
        """``isset($s['TYPE'], $s['NAME'], $s['CODE'])``: all present and not ``null``."""
        if self._complete is None:
            keys = (setting_key(k, self.target) for k in SETTING_KEYS)
            self._complete = php.isset(self.converted, *keys)
        return self._complete

    def value(self, name: str) -> Any:
        if self.near:
            return self.raw[name.lower()]
        return self.converted[name.upper() if self._upper else name.lower()]  # setting_key()

    def too_long(self, name: str) -> bool:
        """``mb_strlen($s[NAME|CODE]) > 512`` on a scalar (an array crashes instead:
        https://www.php.net/manual/en/function.mb-strlen.php takes a string)."""
        value = self.value(name)
        return not php.is_array(value) and php.mb_strlen(value) > SETTING_TEXT_MAX

    def type_known(self) -> bool:
        """``SourceSettingType::tryFrom($s['TYPE']) !== null``: exact, case-sensitive
        (``biconnector/lib/ExternalSource/SourceSettingType.php``)."""
        value = self.value("TYPE")
        return isinstance(value, str) and value in setting_types(self.target)

    @property
    def accepted(self) -> bool:
        """Would ``checkAndPrepareSettings`` take this item without an error or a crash?"""
        if self.kind != GENERAL:
            return self.kind != OTHER_TYPE
        if not self.complete or not self.type_known():
            return False
        return all(
            not php.is_array(self.value(key)) and not self.too_long(key) for key in ("NAME", "CODE")
        )

    def code_text(self) -> str | None:
        """The code as the server stores it (a string), or ``None`` when the item is incomplete
        or its code is an array."""
        if self.near:
            return str(self.raw["code"])  # a string already: is_plain says so
        if not self.complete or php.is_array(code := self.value("CODE")):
            return None
        return php.to_string(code)

    def value_loc(self, name: str) -> Loc:
        """Where the payload wrote the key that became ``name`` (the last one, which wins)."""
        if self.near:
            return (*self.loc, name.lower())
        key = source_key(self.raw, setting_key(name, self.target), self.target)
        return self.loc if key is None else (*self.loc, key)


@shared
def _settings(request: Request) -> Any:
    """``$fields['settings']`` when the server checks its items, else ``None``."""
    given = fields(request)
    settings = given.get("settings") if given is not None else None
    return settings if php.is_array(settings) else None


def setting_entries(settings: Any, target: Target) -> list[tuple[str | int, Any]]:
    """``foreach ($fields['SETTINGS'] as $setting)``: each item the server iterates, with its key
    as the payload wrote it. ``settings`` sent as an object has its keys converted too, with the
    rest of ``fields`` (``main/lib/engine/response/converter.php``
    ``formatArray``, lines 54-91: ``$newData[$key] = $item`` for each converted key), so keys
    that become one name are one item: the later item, at the first key's place. A list's keys
    are ints, which the conversion leaves alone.

    >>> setting_entries({"a": 1, "b": 2, "A": 3}, Target.LATEST)
    [('A', 3), ('b', 2)]
    >>> setting_entries({"0": 1, "x": 2}, Target.V2025_04), setting_entries([5], Target.LATEST)
    ([('0', 1), ('x', 2)], [(0, 5)])
    """
    if type(settings) is not dict:
        return list(php.items(settings))
    upper = upper_keys(target)
    kept: dict[str | int, tuple[str | int, Any]] = {}
    for key, item in settings.items():
        name = php.array_key(key) if isinstance(key, str) else key  # "0" is the int key 0
        kept[php.convert_key(name, upper=upper)] = (key, item)
    return list(kept.values()) if len(kept) < len(settings) else list(settings.items())


@transient
def _setting_entries(request: Request) -> list[tuple[str | int, Any]]:
    """``setting_entries`` of the request's settings (none when the server never checks them)."""
    settings = _settings(request)
    return [] if settings is None else setting_entries(settings, request.target)


@transient
def _plain_items(request: Request) -> list[bool]:
    """``is_plain`` of each settings item, in order (of a list or an object: a CompactArray's
    runs are judged whole, ``irregular_setting_items``)."""
    target = request.target
    return [is_plain(raw, target) for _key, raw in _setting_entries(request)]


@transient
def setting_items(request: Request) -> list[SettingItem]:
    """The settings items in iteration order; empty when the server never checks them."""
    target = request.target
    return [
        SettingItem(position, ("fields", "settings", key), item, target)
        for position, (key, item) in enumerate(_setting_entries(request))
    ]


def plain_run(run: PlainRun, target: Target) -> bool:
    """Is every item of a plain run (``compact``) plain on ``target`` (``is_plain``)? The run's
    pattern admits exactly plain items, given a type ``target`` knows. (A function of its own,
    beside ``is_plain``, so that tests can turn both fast paths off.)"""
    return run.plain_for(target)


@transient
def irregular_setting_items(request: Request) -> list[SettingItem]:
    """The settings items that are not plain (``is_plain``): the only ones a per-item rule can
    report, so per-item rules walk these. The plain runs of a :class:`CompactArray` are skipped
    whole, never decoded."""
    settings = _settings(request)
    target = request.target
    if not isinstance(settings, CompactArray):  # a SettingItem only for an item that is not plain
        return [  # a list's key is its position: one int for both
            SettingItem(
                key if type(key) is int and key == position else position,
                ("fields", "settings", key),
                raw,
                target,
                False,
            )
            for position, ((key, raw), plain) in enumerate(
                zip(_setting_entries(request), _plain_items(request), strict=True)
            )
            if not plain
        ]
    found: list[SettingItem] = []
    for first, part in settings.segments():
        if type(part) is not PlainRun:
            run: Any = (part,)
        elif plain_run(part, target):
            continue
        else:
            run = part
        for position, raw in enumerate(run, first):
            item = SettingItem(position, ("fields", "settings", position), raw, target)
            if not item.plain:
                found.append(item)
    return found


@transient
def general_setting_items(request: Request) -> list[SettingItem]:
    """The irregular items of kind ``GENERAL`` (``near_plain``): the only ones a per-item rule
    other than ``settings-unknown-keys`` and ``settings-type-enum`` can report."""
    return [item for item in irregular_setting_items(request) if not item.near]


@shared
def setting_codes_may_repeat(request: Request) -> bool:
    """``not setting_codes_distinct(request)``: what ``settings-duplicate-codes`` requires."""
    return not setting_codes_distinct(request)


@shared
def settings_sent(request: Request) -> bool:
    """Does ``fields.settings`` hold a PHP array (even an empty one) the server checks?"""
    return _settings(request) is not None


@shared
def logo_sent(request: Request) -> bool:
    """Is ``fields.logo`` a non-empty string (what the logo rules analyse)?"""
    value = (fields(request) or {}).get("logo")
    return isinstance(value, str) and value != ""


def setting_codes_distinct(request: Request) -> bool:
    """True when no two settings items share a code (``SettingItem.code_text``), found without a
    ``SettingItem`` per plain-run item; ``False`` also means "not known": check item by item.
    ``code_text`` is a string, and two strings are one PHP array key only when equal. A
    ``CompactArray``'s codes are counted by their hashes (equal strings hash alike, so distinct
    hashes are distinct codes; two codes that merely share a hash answer "not known"): a set of
    half a million strings would weigh about 45 MB more."""
    settings = _settings(request)
    if settings is None:
        return True
    if not isinstance(settings, CompactArray):
        # a plain item's code_text is its code; the others' made once, on the shared items
        sent: list[str] = [
            raw["code"]
            for (_key, raw), plain in zip(
                _setting_entries(request), _plain_items(request), strict=True
            )
            if plain
        ]
        for item in irregular_setting_items(request):
            text = item.code_text()
            if text is not None:
                sent.append(text)
        return len(set(sent)) == len(sent)
    codes: set[int] = set()
    count = 0
    for first, part in settings.segments():
        if type(part) is PlainRun:  # each item's code_text is its code, plain or not
            for chunk in part.codes():
                codes.update(map(hash, chunk))
            count += part.count
            continue
        text = SettingItem(first, (), part, request.target).code_text()
        if text is not None:
            codes.add(hash(text))
            count += 1
    return len(codes) == count


@shared
def endpoint_urls(request: Request) -> list[endpoints.Endpoint]:
    """The endpoint fields sent as non-empty strings, each split as the portal's client would."""
    return endpoints.given(fields(request))
