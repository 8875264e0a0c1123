"""The benchmark corpus: seeded, so every run on every machine lints the same bytes.

* ``one/connector.json``: one typical ``biconnector.connector.update`` envelope (clean).
* ``many/NNNNN.json``: 10,000 envelopes; about 30% carry exactly one documented mistake (the
  ``MISTAKES`` table: what bicon-lint reports, and what the JSON Schema says).
* ``huge/connector.json``: one 30 MiB envelope whose ``settings`` hold as many items as fit (about
  500,000), the last-but-1000th with a wrong ``type``: the worst case, a decoded tree of small
  objects.
* ``huge/description.json``: one 30 MiB envelope whose size is one long ``description``, with a
  wrong ``sort`` after it.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEED = 20260511
MANY = 10_000
MISTAKE_SHARE = 0.30
HUGE_BYTES = 30 * 1024 * 1024
METHOD = "biconnector.connector.update"

Params = dict[str, Any]


@dataclass(frozen=True)
class Mistake:
    name: str
    code: str  # what bicon-lint reports
    apply: Callable[[Params, random.Random], None]


def _set(field: str, value: Any) -> Callable[[Params, random.Random], None]:
    def apply(params: Params, _rng: random.Random) -> None:
        params["fields"][field] = value

    return apply


def _setting(key: str, value: Any) -> Callable[[Params, random.Random], None]:
    def apply(params: Params, rng: random.Random) -> None:
        settings = params["fields"].setdefault("settings", [_item(rng, 0)])
        settings[rng.randrange(len(settings))][key] = value

    return apply


def _drop_code(params: Params, rng: random.Random) -> None:
    settings = params["fields"].setdefault("settings", [_item(rng, 0)])
    del settings[rng.randrange(len(settings))]["code"]


def _bad_id(params: Params, _rng: random.Random) -> None:
    params["id"] = "four"


MISTAKES: tuple[Mistake, ...] = (
    Mistake("sort is a hex string", "VALIDATION_INVALID_FIELD_TYPE", _set("sort", "0x1A")),
    Mistake(
        "supportMapping is a string", "VALIDATION_INVALID_FIELD_TYPE", _set("supportMapping", "Y")
    ),
    Mistake("title of 513 characters", "BX_INVALID_VALUE", _set("title", "T" * 513)),
    Mistake(
        "urlData of 2049 characters",
        "BX_INVALID_VALUE",
        _set("urlData", "https://ex.com/" + "d" * 2034),
    ),
    Mistake("unknown field", "VALIDATION_UNKNOWN_PARAMETERS", _set("colour", "red")),
    Mistake("read-only field", "VALIDATION_READ_ONLY_FIELD", _set("dateCreate", "2026-01-01")),
    Mistake(
        "settings type in lower case",
        "VALIDATION_SETTINGS_INVALID_TYPE",
        _setting("type", "string"),
    ),
    Mistake(
        "settings item without code", "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS", _drop_code
    ),
    Mistake(
        "settings name of 513 characters",
        "VALIDATION_SETTINGS_NAME_TOO_LONG",
        _setting("name", "n" * 513),
    ),
    Mistake("settings name is an array", "BL101", _setting("name", ["Token"])),
    Mistake("id is not a number", "VALIDATION_INVALID_ID_FORMAT", _bad_id),
)

_WORDS = (
    "sales",
    "orders",
    "stock",
    "leads",
    "deals",
    "tasks",
    "invoices",
    "crm",
    "warehouse",
    "payroll",
    "hr",
    "clients",
    "ledger",
    "events",
    "tickets",
    "calls",
    "mail",
    "analytics",
    "marketing",
    "budget",
)


# A real (tiny) SVG image: the logo rules decode and check it.
_LOGO = (
    "data:image/svg+xml;base64,"
    + base64.b64encode(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16"/></svg>'
    ).decode()
)


def _item(rng: random.Random, index: int) -> dict[str, Any]:
    word = rng.choice(_WORDS)
    return {
        "name": f"{word.title()} {index}",
        "type": rng.choice(("STRING", "STRING", "INT")),
        "code": f"{word}_{index}",
    }


def typical_params(rng: random.Random) -> Params:
    host = f"https://{rng.choice(_WORDS)}.example.com/api"
    fields: dict[str, Any] = {
        "title": f"{rng.choice(_WORDS).title()} connector {rng.randrange(1000)}"
    }
    if rng.random() < 0.5:
        fields["description"] = " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(3, 12)))
    if rng.random() < 0.3:
        fields["logo"] = _LOGO
    for name, path in (
        ("urlCheck", "check"),
        ("urlTableList", "table_list"),
        ("urlTableDescription", "table_description"),
        ("urlData", "data"),
    ):
        if rng.random() < 0.6:
            fields[name] = f"{host}/{path}"
    if rng.random() < 0.7:
        fields["settings"] = [_item(rng, index) for index in range(rng.randrange(1, 6))]
    if rng.random() < 0.4:
        fields["sort"] = rng.choice((rng.randrange(1000), str(rng.randrange(1000))))
    return {"id": rng.randrange(1, 10_000), "fields": fields}


def envelope(params: Params) -> dict[str, Any]:
    return {"method": METHOD, "params": params}


def dump(value: Any, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.6:
        return json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    if style < 0.8:
        return json.dumps(value, indent=4, ensure_ascii=False) + "\n"
    return json.dumps(value, ensure_ascii=False) + "\n"


def write_one(root: Path) -> Path:
    rng = random.Random(SEED)
    path = root / "one" / "connector.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(envelope(typical_params(rng)), rng), encoding="utf-8")
    return path


def write_many(root: Path, count: int = MANY) -> tuple[list[Path], dict[str, int]]:
    """``count`` files; returns their paths and how many carry each mistake."""
    rng = random.Random(SEED + 1)
    folder = root / "many"
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    tally: dict[str, int] = {}
    for number in range(count):
        params = typical_params(rng)
        if rng.random() < MISTAKE_SHARE:
            mistake = rng.choice(MISTAKES)
            mistake.apply(params, rng)
            tally[mistake.name] = tally.get(mistake.name, 0) + 1
        path = folder / f"{number:05d}.json"
        path.write_text(dump(envelope(params), rng), encoding="utf-8")
        paths.append(path)
    return paths, tally


def huge_text(size: int = HUGE_BYTES) -> tuple[str, int]:
    """About ``size`` bytes of compact JSON: a connector update with as many settings as fit."""
    rng = random.Random(SEED + 2)
    params = typical_params(rng)
    head = json.dumps(
        envelope({**params, "fields": {**params["fields"], "settings": []}}), separators=(",", ":")
    )
    cut = head.rindex("[]") + 1
    pieces: list[str] = []
    used = len(head)
    index = 0
    while used < size:
        piece = json.dumps(_item(rng, index), separators=(",", ":"))
        pieces.append(piece)
        used += len(piece) + 1
        index += 1
    bad = len(pieces) - 1000
    pieces[bad] = pieces[bad].replace('"STRING"', '"string"').replace('"INT"', '"string"')
    return head[:cut] + ",".join(pieces) + head[cut:], len(pieces)


def write_huge(root: Path, size: int = HUGE_BYTES) -> tuple[Path, int]:
    path = root / "huge" / "connector.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    text, items = huge_text(size)
    path.write_text(text, encoding="utf-8")
    return path, items


def write_huge_text(root: Path, size: int = HUGE_BYTES) -> Path:
    rng = random.Random(SEED + 4)
    params = typical_params(rng)
    fields = params["fields"]
    fields.pop("sort", None)
    head = json.dumps(envelope(params), separators=(",", ":"))
    room = size - len(head) - len(',"description":"","sort":"0x1A"')
    fields["description"] = "d" * room
    fields["sort"] = "0x1A"
    path = root / "huge" / "description.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(envelope(params), separators=(",", ":")), encoding="utf-8")
    return path
