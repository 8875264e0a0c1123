"""The benchmark corpus: seeded, so every run on every machine lints the same bytes.

* ``one/connector.json``: one typical ``biconnector.connector.update`` envelope (clean).
* ``many/NNNNN.json``: 10,000 envelopes; about 30% carry exactly one documented mistake (the
  ``MISTAKES`` table: what bicon-lint reports, and what the JSON Schema says).
* ``huge/connector.json``: one 30 MiB envelope whose ``settings`` hold as many items as fit (about
  500,000), the last-but-1000th with a wrong ``type``: the worst case, a decoded tree of small
  objects.
* ``answers/data.json``: a ``urlData`` answer of a million rows (about 200 MB), one row a line
  (``write_data_answer``), checked with ``--endpoint urlData``.
* ``huge/description.json``: one 30 MiB envelope whose size is one long ``description``, with a
  wrong ``sort`` after it.
* ``huge/<shape>.json`` (``write_shape``, ``SHAPES``): payloads of 21 to 32 MB off the fast
  paths: settings items with numeric names, with an unknown key each (a warning per item), with a
  lower-case type each (an error per item), a table of 300,000 columns, and a source list
  filtering on 3.5 million ids (valid; and with 3,000 codes among them, an error each).
* ``sources/``: a web app's source tree of 5,000 files (``write_source_tree``), 1% of them with
  ``biconnector.*`` calls, some with one of the ``MISTAKES``; 40% in ``vendor/`` and
  ``node_modules/``.
"""

from __future__ import annotations

import base64
import json
import random
import re
from collections.abc import Callable, Iterator
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
    item = settings[rng.randrange(len(settings))]
    item.pop("code" if "code" in item else "Code", None)


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


DATA_ROWS = 1_000_000
DATA_COLUMNS = ("ID", "TITLE", "AMOUNT", "DAY", "CREATED", "STAGE", "NOTE")


def write_data_answer(root: Path, rows: int = DATA_ROWS) -> Path:
    """A ``urlData`` answer of ``rows`` rows after the header (about 200 bytes each: 200 MB for a
    million), one row a line, with int, string, double, date and datetime columns; the row
    before the last has a value too few (one BL747 warning). Checked as a bare answer
    (``--endpoint urlData``)."""
    rng = random.Random(SEED + 5)
    path = root / "answers" / "data.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    stages = ("NEW", "PREPARATION", "EXECUTING", "FINAL_INVOICE", "WON", "LOSE")
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("[" + json.dumps(list(DATA_COLUMNS)))
        for index in range(rows):
            words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 12)))
            row: list[Any] = [
                100_000 + index,
                f"Deal {index}: {words}",
                round(rng.uniform(0, 100_000), 2),
                f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
                f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
                rng.choice(stages),
                "" if rng.random() < 0.2 else f"{words} ({rng.choice(_WORDS)}, {index % 97})",
            ]
            if index == rows - 2:
                row.pop()
            out.write(",\n" + json.dumps(row, ensure_ascii=False))
        out.write("]\n")
    return path


# --- A source tree: a web app's repository, with a few dozen biconnector.* calls ---------------
#
# A Laravel/Symfony-like PHP app with a JavaScript/TypeScript front end, Python scripts and
# Markdown docs, plus the ``vendor/`` and ``node_modules/`` folders a directory search skips. About
# 1% of the files hold ``biconnector.connector.update`` calls, in the call styles bicon-lint reads
# (README, "Calls in programs and docs"); about a third of those carry one of the ``MISTAKES``. A
# few more files mention ``biconnector`` without calling it (a scope list, a config key). Every
# other file is filler in its language's usual shape, of realistic sizes: a few hundred bytes to
# about 20 KB, and a handful of about 200 KB (a lock file, bundles, generated helpers).

SOURCE_FILES = 5_000
SKIPPED_SHARE = 0.40  # of the files: in vendor/ and node_modules/
CALL_SHARE = 0.01  # of the files: one call or two each
MENTION_SHARE = 0.002  # of the files: "biconnector" without a call
BIG_FILE = 200 * 1024
SKIPPED_FOLDERS = ("vendor", "node_modules")

_NOUNS = (
    "Invoice",
    "Order",
    "Customer",
    "Shipment",
    "Payment",
    "Product",
    "Supplier",
    "Report",
    "Contract",
    "Employee",
    "Ticket",
    "Lead",
    "Deal",
    "Account",
    "Budget",
    "Campaign",
    "Category",
    "Discount",
    "Refund",
    "Subscription",
    "Voucher",
    "Region",
    "Store",
    "Team",
    "Task",
    "Project",
    "Asset",
    "Carrier",
    "Coupon",
    "Delivery",
    "Forecast",
    "Quote",
)
_VERBS = (
    "load",
    "export",
    "import",
    "sync",
    "build",
    "find",
    "resolve",
    "archive",
    "refresh",
    "collect",
    "merge",
    "publish",
    "validate",
    "normalize",
)
_FIELDS = (
    "status",
    "external_id",
    "title",
    "amount",
    "currency",
    "region_code",
    "created_by",
    "due_date",
    "paid_at",
    "vat_rate",
    "manager_id",
    "priority",
    "source",
    "comment",
    "quantity",
    "unit_price",
    "warehouse_id",
    "closed_at",
)
_PROSE = (
    "the",
    "export",
    "runs",
    "after",
    "each",
    "import",
    "and",
    "keeps",
    "rows",
    "that",
    "changed",
    "since",
    "last",
    "night",
    "a",
    "report",
    "reads",
    "them",
    "from",
    "queue",
    "when",
    "totals",
    "differ",
    "we",
    "retry",
    "once",
    "per",
    "hour",
    "with",
    "manager",
    "approval",
    "before",
    "sync",
)

_PHP_HEAD = """<?php

declare(strict_types=1);

namespace {namespace};

use App\\Models\\{Noun};
use Illuminate\\Http\\JsonResponse;
use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Validator;
use Psr\\Log\\LoggerInterface;

{kind} {Name}
{{
    private const PER_PAGE = {n};

    public function __construct(
        private readonly {Noun}Repository $repository,
        private readonly LoggerInterface $logger,
    ) {{
    }}
"""
_PHP_METHODS = (
    """
    /**
     * The {noun}s of the given {other}, newest first.
     */
    public function {verb}{Noun}s(Request $request, int ${other}Id): JsonResponse
    {{
        $items = {Noun}::query()
            ->where('{other}_id', ${other}Id)
            ->where('{field}', $request->input('{field}', '{status}'))
            ->orderByDesc('created_at')
            ->paginate(self::PER_PAGE);

        return response()->json([
            'data' => $items->items(),
            'total' => $items->total(),
        ]);
    }}
""",
    """
    public function {verb}{Noun}(array $attributes): {Noun}
    {{
        $validated = Validator::make($attributes, [
            '{field}' => ['required', 'string', 'max:{n}'],
            '{field2}' => ['nullable', 'integer', 'min:0'],
            '{field3}' => ['array'],
        ])->validate();

        return DB::transaction(function () use ($validated): {Noun} {{
            ${noun} = new {Noun}($validated);
            ${noun}->save();
            event(new {Noun}Saved(${noun}));

            return ${noun};
        }});
    }}
""",
    """
    private function {verb}{Noun}Totals(iterable $rows): array
    {{
        $result = [];
        foreach ($rows as $row) {{
            if (empty($row['{field}'])) {{
                continue;
            }}
            $key = sprintf('%s_%d', $row['{field}'], (int) $row['{field2}']);
            $result[$key] = ($result[$key] ?? 0) + (float) ($row['{field3}'] ?? 0);
        }}
        arsort($result);

        return array_slice($result, 0, {n}, true);
    }}
""",
    """
    protected function {verb}{Noun}By{Other}(string $reference): ?{Noun}
    {{
        try {{
            return $this->repository->findOneBy(['{field}' => $reference]);
        }} catch (\\Throwable $exception) {{
            $this->logger->warning('Cannot {verb} {noun} {{reference}}: {{message}}', [
                'reference' => $reference,
                'message' => $exception->getMessage(),
            ]);

            return null;
        }}
    }}
""",
)
_BLADE_HEAD = """@extends('layouts.app')

@section('title', __('{Title} {noun}s'))

@section('content')
<div class="container">
"""
_BLADE_PARTS = (
    """    <div class="card mb-3">
        <div class="card-header">{{{{ __('{Title} {noun}s') }}}}</div>
        <div class="card-body">
            @foreach (${noun}s as ${noun})
                <a href="{{{{ route('{noun}s.show', ${noun}) }}}}">{{{{ ${noun}->{field} }}}}</a>
            @endforeach
        </div>
    </div>
""",
    """    <form method="POST" action="{{{{ route('{noun}s.{verb}') }}}}">
        @csrf
        <label for="{field}">{{{{ __('{Title}') }}}}</label>
        <input id="{field}" name="{field}" value="{{{{ old('{field}') }}}}" class="form-control">
        @error('{field}')<div class="invalid-feedback">{{{{ $message }}}}</div>@enderror
        <button type="submit" class="btn btn-primary">{{{{ __('Save') }}}}</button>
    </form>
""",
)
_JS_HEAD = """import axios from 'axios';
import {{ computed, ref }} from 'vue';
import {{ format{Noun} }} from '../utils/{noun}';

const API_URL = '/api/v1/{noun}s';
"""
_JS_PARTS = (
    """
export async function {verb}{Noun}s(params = {{}}) {{
  const {{ data }} = await axios.get(`${{API_URL}}/{other}`, {{ params }});
  return data.data.map((item) => ({{
    ...item,
    {field}: format{Noun}(item.{field}),
    createdAt: new Date(item.created_at),
  }}));
}}
""",
    """
export function use{Noun}Filter(items) {{
  const query = ref('');
  const filtered = computed(() =>
    items.value.filter((item) => String(item.{field}).toLowerCase().includes(query.value)),
  );
  return {{ query, filtered }};
}}
""",
    """
function {verb}{Noun}Totals(rows) {{
  const totals = new Map();
  for (const row of rows) {{
    const key = `${{row.{field}}}:${{row.{field2}}}`;
    totals.set(key, (totals.get(key) ?? 0) + Number(row.{field3} || 0));
  }}
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, {n});
}}
""",
)
_TS_HEAD = """import type {{ HttpClient }} from '../http/client';
import {{ logger }} from '../logger';

export type {Noun}Status = 'draft' | 'active' | '{status}';
"""
_TS_PARTS = (
    """
export interface {Noun}{Other}Dto {{
  id: number;
  {field}: string;
  {field2}?: number | null;
  status: {Noun}Status;
  createdAt: string;
}}
""",
    """
export async function {verb}{Noun}(client: HttpClient, id: number): Promise<{Noun}{Other}Dto | null> {{
  try {{
    const response = await client.get<{Noun}{Other}Dto>(`/api/{noun}s/${{id}}`);
    return response.data;
  }} catch (error: unknown) {{
    logger.warn('Cannot {verb} {noun}', {{ id, error }});
    return null;
  }}
}}
""",
    """
export function {verb}{Noun}Rows(rows: ReadonlyArray<Record<string, unknown>>): number {{
  return rows
    .filter((row) => row['{field}'] !== undefined && row['{field}'] !== null)
    .reduce((sum, row) => sum + Number(row['{field2}'] ?? 0), 0);
}}
""",
)
_TSX_HEAD = """import {{ useState }} from 'react';
import type {{ {Noun}{Other}Dto }} from '../../api/{noun}';

interface {Noun}ListProps {{
  items: {Noun}{Other}Dto[];
  onSelect: (item: {Noun}{Other}Dto) => void;
}}
"""
_TSX_PARTS = (
    """
export function use{Noun}{Other}(items: {Noun}{Other}Dto[]): {Noun}{Other}Dto[] {{
  const [query, setQuery] = useState('');
  return items.filter((item) => String(item.{field}).includes(query) || query === '');
}}
""",
    """
export function {Noun}{Other}List({{ items, onSelect }}: {Noun}ListProps): JSX.Element {{
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <ul className="{noun}-list">
      {{items.map((item) => (
        <li
          key={{item.id}}
          className={{item.id === selected ? 'active' : ''}}
          onClick={{() => {{
            setSelected(item.id);
            onSelect(item);
          }}}}
        >
          {{item.{field}}}
        </li>
      ))}}
    </ul>
  );
}}
""",
)
_PY_HEAD = '''"""{Title} {noun} helpers for the {other} reports."""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from datetime import date

log = logging.getLogger(__name__)
'''
_PY_PARTS = (
    """

@dataclass(frozen=True)
class {Noun}{Other}:
    id: int
    {field}: str
    {field2}: float = 0.0
    {field3}: date | None = None
""",
    """

def {verb}_{noun}s(rows: list[dict[str, str]], limit: int = {n}) -> list[tuple[str, float]]:
    totals: dict[str, float] = {{}}
    for row in rows:
        key = row.get("{field}") or "unknown"
        totals[key] = totals.get(key, 0.0) + float(row.get("{field2}") or 0)
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    log.debug("ranked %d {noun}s", len(ranked))
    return ranked[:limit]
""",
    """

def {verb}_{noun}_file(path: str) -> int:
    count = 0
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row.get("{field}"):
                continue
            count += 1
    log.info("%s: %d {noun}s", path, count)
    return count
""",
)
_MD_HEAD = """# {Title} {noun}s

{sentence}
"""
_MD_PARTS = (
    """
## {Title} {other}

{sentence} {sentence}

- `{field}`: {sentence}
- `{field2}`: {sentence}
- `{field3}`: {sentence}
""",
    """
### Running it locally

```bash
php artisan {noun}:{verb} --since=2024-01-01 --chunk={n}
```

{sentence} {sentence} {sentence}
""",
)

# The language of each kind of file: its head, its parts, and what closes it.
_FILLERS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "php": (_PHP_HEAD, _PHP_METHODS, "}\n"),
    "blade": (_BLADE_HEAD, _BLADE_PARTS, "</div>\n@endsection\n"),
    "js": (_JS_HEAD, _JS_PARTS, ""),
    "ts": (_TS_HEAD, _TS_PARTS, ""),
    "tsx": (_TSX_HEAD, _TSX_PARTS, ""),
    "py": (_PY_HEAD, _PY_PARTS, ""),
    "md": (_MD_HEAD, _MD_PARTS, ""),
}

# Where each kind of file lives ({Area}/{area}: a part of the business), its name, and a share.
_PLACES: tuple[tuple[str, str, str, int], ...] = (
    ("php", "app/Http/Controllers/{Area}", "{Noun}{Other}Controller.php", 9),
    ("php", "app/Http/Controllers/Api/V1/{Area}", "{Noun}Controller.php", 5),
    ("php", "app/Http/Requests/{Area}", "{Verb}{Noun}Request.php", 4),
    ("php", "app/Models", "{Noun}{Other}.php", 3),
    ("php", "app/Services/{Area}", "{Noun}{Other}Service.php", 6),
    ("php", "app/Jobs/{Area}", "{Verb}{Noun}s.php", 3),
    ("php", "app/Listeners/{Area}", "{Verb}{Noun}On{Other}.php", 2),
    ("php", "src/Domain/{Area}/Entity", "{Noun}{Other}.php", 3),
    ("php", "src/Domain/{Area}/Repository", "{Noun}Repository.php", 2),
    ("php", "src/Application/{Area}/Command", "{Verb}{Noun}Handler.php", 3),
    ("php", "src/Infrastructure/Persistence/{Area}", "Doctrine{Noun}Repository.php", 2),
    (
        "php",
        "database/migrations",
        "2024_0{digit}_1{digit}_00000{digit}_create_{noun}_table.php",
        2,
    ),
    ("php", "tests/Feature/{Area}", "{Noun}{Other}Test.php", 4),
    ("php", "tests/Unit/{Area}", "{Verb}{Noun}Test.php", 3),
    ("blade", "resources/views/{area}", "{noun}-{other}.blade.php", 4),
    ("js", "resources/js/components/{area}", "{noun}{Other}.js", 6),
    ("js", "resources/js/stores", "{noun}{Other}Store.js", 2),
    ("js", "resources/js/utils", "{noun}{Other}.js", 2),
    ("ts", "resources/ts/api/{area}", "{noun}{Other}.ts", 5),
    ("ts", "resources/ts/services/{area}", "{noun}{Other}Service.ts", 4),
    ("tsx", "resources/ts/components/{Area}", "{Noun}{Other}List.tsx", 5),
    ("py", "scripts/{area}", "{verb}_{noun}s.py", 5),
    ("py", "scripts/etl/{area}", "{noun}_{other}.py", 4),
    ("md", "docs/{area}", "{noun}-{other}.md", 3),
    ("md", "docs/adr", "00{digit}{digit}-{verb}-{noun}s.md", 1),
)
_SKIPPED_PLACES: tuple[tuple[str, str, str, int], ...] = (
    ("php", "vendor/laravel/framework/src/Illuminate/{Area}", "{Noun}{Other}.php", 8),
    ("php", "vendor/symfony/{area}/{Other}", "{Noun}{Other}.php", 5),
    ("php", "vendor/guzzlehttp/guzzle/src/{Other}", "{Noun}Middleware.php", 1),
    ("php", "vendor/doctrine/orm/src/{Other}", "{Noun}Persister.php", 2),
    ("md", "vendor/{area}/{noun}/", "README.md", 1),
    ("js", "node_modules/{area}-{noun}/dist", "{noun}.js", 3),
    ("js", "node_modules/{area}-{noun}/lib", "{noun}{Other}.js", 2),
    ("ts", "node_modules/@types/{area}-{noun}", "index.d.ts", 1),
)

# A value only the running program knows, as each language writes it.
_DYNAMIC_URL = {
    "php": "$this->baseUrl . '/{path}'",
    "js": "`${{baseUrl}}/{path}`",
    "py": 'f"{{base_url}}/{path}"',
}
_URL_PATHS = {
    "urlCheck": "check",
    "urlTableList": "table_list",
    "urlTableDescription": "table_description",
    "urlData": "data",
}
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
_DEFINED = re.compile(r"\b(?:function|def|class|interface) (\w+)")


class Code(str):
    """Source text written as it is in a rendered literal (a value computed at run time)."""


@dataclass(frozen=True)
class SourceTree:
    path: Path
    files: int  # written
    size: int  # bytes written
    searched: int  # outside vendor/ and node_modules/: the files both tools read
    with_calls: int  # files holding biconnector.* calls
    calls: int
    mistakes: int  # calls that carry one of the MISTAKES
    mentioning: int  # searched files that mention "biconnector": what grep lists


def _literal(value: Any, language: str, depth: int) -> str:
    """``value`` as a PHP array (``php``), a JavaScript object (``js``) or a Python dict literal
    (``py``), its members on lines of their own, indented ``depth`` levels."""
    unit = "  " if language == "js" else "    "
    inner, outer = unit * (depth + 1), unit * depth
    if isinstance(value, Code):
        return str(value)
    if isinstance(value, (dict, list)):
        if isinstance(value, dict):
            members = [
                f"{inner}{_key(key, language)}{_literal(item, language, depth + 1)},\n"
                for key, item in value.items()
            ]
            opening, closing = ("[", "]") if language == "php" else ("{", "}")
        else:
            members = [f"{inner}{_literal(item, language, depth + 1)},\n" for item in value]
            opening, closing = "[", "]"
        return f"{opening}\n{''.join(members)}{outer}{closing}" if members else opening + closing
    if isinstance(value, bool):
        return repr(value) if language == "py" else str(value).lower()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if language == "py":
        return json.dumps(text, ensure_ascii=False)
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _key(key: str, language: str) -> str:
    if language == "php":
        return f"{_literal(key, language, 0)} => "
    if language == "js" and _IDENTIFIER.match(key):
        return f"{key}: "
    return f"{_literal(key, language, 0)}: "


def _names(rng: random.Random) -> dict[str, Any]:
    """The words a template is filled with."""
    noun, other = rng.sample(_NOUNS, 2)
    area = rng.choice(_WORDS)
    verb = rng.choice(_VERBS)
    fields = rng.sample(_FIELDS, 3)
    return {
        "Noun": noun,
        "noun": noun.lower(),
        "Other": other,
        "other": other.lower(),
        "Area": area.title(),
        "area": area,
        "verb": verb,
        "Verb": verb.title(),
        "Title": area.title(),
        "field": fields[0],
        "field2": fields[1],
        "field3": fields[2],
        "status": rng.choice(("open", "closed", "pending", "archived")),
        "n": rng.randrange(10, 500),
        "digit": rng.randrange(10),
        "sentence": _sentence(rng),
    }


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_PROSE) for _ in range(rng.randrange(6, 18))]
    return " ".join(words).capitalize() + "."


def _filler(rng: random.Random, kind: str, size: int, names: dict[str, Any]) -> str:
    """A file of language ``kind`` of about ``size`` bytes (at least its head and one part)."""
    head, _, tail = _FILLERS[kind]
    head = head.format(
        namespace=f"App\\{names['Area']}\\{names['Other']}",
        kind=rng.choice(("class", "final class")),
        Name=names["Noun"] + names["Other"],
        **names,
    )
    return head + _parts(rng, kind, size - len(head) - len(tail), names["Noun"]) + tail


def _parts(rng: random.Random, kind: str, size: int, noun: str) -> str:
    """Functions, methods or sections of language ``kind``: at least one, about ``size`` bytes;
    a name drawn again is numbered (PHP and JavaScript refuse a function declared twice)."""
    parts = _FILLERS[kind][1]
    pieces: list[str] = []
    defined: dict[str, int] = {}
    used = 0
    while used < size or not pieces:
        part = rng.choice(parts).format(**_names(rng) | {"Noun": noun, "noun": noun.lower()})
        name = _DEFINED.search(part)
        if name is not None:
            seen = defined[name[1]] = defined.get(name[1], 0) + 1
            if seen > 1:
                part = f"{part[: name.end()]}{seen}{part[name.end() :]}"
        pieces.append(part)
        used += len(part)
    return "".join(pieces)


def _size(rng: random.Random) -> int:
    """A source file's size: most a few KB, some up to 20 KB."""
    low, high = rng.choice(
        ((300, 1500), (300, 1500), (1500, 4000), (1500, 4000), (4000, 10_000), (10_000, 20_000))
    )
    return rng.randrange(low, high)


class _Writer:
    """Writes files below a folder (each path once), and counts them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.paths: set[str] = set()
        self.folders: set[str] = set()
        self.size = 0

    def write(self, folder: str, name: str, text: str) -> str:
        folder = folder.strip("/")
        path = f"{folder}/{name}".lstrip("/")
        stem, dot, suffix = name.partition(".")
        number = 2
        while path in self.paths:  # a name drawn twice: the next free number
            path = f"{folder}/{stem}{number}{dot}{suffix}".lstrip("/")
            number += 1
        self.paths.add(path)
        parent = path.rpartition("/")[0]
        if parent not in self.folders:
            (self.root / parent).mkdir(parents=True, exist_ok=True)
            self.folders.add(parent)
        data = text.encode("utf-8")
        (self.root / path).write_bytes(data)  # bytes: the same line ends on every system
        self.size += len(data)
        return path


def _place(
    rng: random.Random, places: tuple[tuple[str, str, str, int], ...]
) -> tuple[str, str, str, dict[str, Any]]:
    kind, folder, name, _ = rng.choices(places, weights=[place[3] for place in places])[0]
    names = _names(rng)
    return kind, folder.format(**names), name.format(**names), names


def _call_params(rng: random.Random, language: str) -> tuple[Params, bool]:
    """A connector update's params, some URLs computed at run time; a third with a mistake."""
    params = typical_params(rng)
    fields = params["fields"]
    if language in _DYNAMIC_URL and rng.random() < 0.5:
        for name, path in _URL_PATHS.items():
            if name in fields:
                fields[name] = Code(_DYNAMIC_URL[language].format(path=path))
    mistaken = rng.random() < 1 / 3
    if mistaken:
        rng.choice(MISTAKES).apply(params, rng)
    return params, mistaken


# A file with calls: its text, how many calls it holds, how many of them carry a mistake.
_Made = tuple[str, int, int]


def _php_call(rng: random.Random, names: dict[str, Any]) -> _Made:
    """A service class that sends an update with CRest or the PHP SDK's core."""
    calls = rng.choice((1, 1, 2))
    mistakes = 0
    methods: list[str] = []
    for number in range(calls):
        params, mistaken = _call_params(rng, "php")
        mistakes += mistaken
        caller = rng.choice(("CRest::call", "CRest::call", "$this->serviceBuilder->core->call"))
        methods.append(
            f"""
    public function pushConnector{number or ""}(): array
    {{
        $result = {caller}('{METHOD}', {_literal(params, "php", 2)});
        if (isset($result['error'])) {{
            $this->logger->error('Connector update failed', ['error' => $result['error']]);
        }}

        return $result;
    }}
"""
        )
    head = f"""<?php

declare(strict_types=1);

namespace App\\Services\\{names["Area"]};

use CRest;
use Psr\\Log\\LoggerInterface;

final class {names["Noun"]}ConnectorSync
{{
    public function __construct(
        private readonly string $baseUrl,
        private readonly LoggerInterface $logger,
        private readonly object $serviceBuilder,
    ) {{
    }}
"""
    body = _parts(rng, "php", _size(rng) - len(head), names["Noun"])
    return head + "".join(methods) + body + "}\n", calls, mistakes


def _js_call(rng: random.Random, names: dict[str, Any]) -> _Made:
    """A module that sends an update with BX24.callMethod."""
    params, mistaken = _call_params(rng, "js")
    call = f"""
const baseUrl = `${{window.location.origin}}/bi/{names["noun"]}`;

export function update{names["Noun"]}Connector() {{
  return new Promise((resolve, reject) => {{
    BX24.callMethod(
      '{METHOD}',
      {_literal(params, "js", 3)},
      (result) => {{
        if (result.error()) {{
          reject(result.error());
          return;
        }}
        resolve(result.data());
      }},
    );
  }});
}}
"""
    return _filler(rng, "js", _size(rng), names) + call, 1, int(mistaken)


def _ts_call(rng: random.Random, names: dict[str, Any]) -> _Made:
    """A TypeScript module that sends an update through a generic REST client."""
    params, mistaken = _call_params(rng, "js")
    call = f"""
const baseUrl = import.meta.env.VITE_BI_BASE_URL as string;

export async function sync{names["Noun"]}Connector(client: HttpClient): Promise<void> {{
  await client.call('{METHOD}', {_literal(params, "js", 1)});
}}
"""
    return _filler(rng, "ts", _size(rng), names) + call, 1, int(mistaken)


def _py_call(rng: random.Random, names: dict[str, Any]) -> _Made:
    """A script that sends an update with b24pysdk (``bitrix_id`` is sent as ``id``)."""
    params, mistaken = _call_params(rng, "py")
    call = f"""

base_url = os.environ.get("BI_BASE_URL", "https://bi.example.com")


def update_connector(client: Client) -> dict:
    response = client.biconnector.connector.update(
        bitrix_id={_literal(params["id"], "py", 2)},
        fields={_literal(params["fields"], "py", 2)},
    ).response
    return response.result
"""
    text = _filler(rng, "py", _size(rng), names)
    text = text.replace("import logging\n", "import logging\nimport os\n", 1)
    text = text.replace("date\n", "date\n\nfrom b24pysdk import Client\n", 1)
    return text + call, 1, int(mistaken)


def _md_call(rng: random.Random, names: dict[str, Any]) -> _Made:
    """A doc whose example is a cURL command in a bash block."""
    params, mistaken = _call_params(rng, "md")
    body = json.dumps(params, indent=2, ensure_ascii=False)
    example = f"""
## Updating the BI connector

{_sentence(rng)}

```bash
curl -X POST \\
  -H "Content-Type: application/json" \\
  -H "Accept: application/json" \\
  -d '{body}' \\
  https://**put_your_bitrix24_address**/rest/**put_your_user_id_here**/**put_your_webhook_here**/{METHOD}
```

{_sentence(rng)}
"""
    return _filler(rng, "md", _size(rng), names) + example, 1, int(mistaken)


# Where files with calls live, in what style, and a share.
_CALL_PLACES: tuple[tuple[Callable[[random.Random, dict[str, Any]], _Made], str, str, int], ...] = (
    (_php_call, "app/Services/{Area}", "{Noun}ConnectorSync.php", 45),
    (_js_call, "resources/js/bitrix24/{area}", "{noun}Connector.js", 20),
    (_ts_call, "resources/ts/api/{area}", "{noun}Connector.ts", 15),
    (_py_call, "scripts/bitrix24", "{noun}_connector.py", 10),
    (_md_call, "docs/{area}", "{noun}-bi-connector.md", 10),
)

# A line that mentions biconnector without calling it, in each language.
_MENTIONS = {
    "php": "// The BI tab needs the biconnector scope (config/bitrix24.php).\n\n",
    "blade": "    {{-- The BI tab needs the biconnector scope. --}}\n",
    "js": "export const SCOPES = ['crm', 'biconnector', 'user'];\n",
    "ts": "export const SCOPES: readonly string[] = ['crm', 'biconnector', 'user'];\n",
    "tsx": "export const SCOPES = ['crm', 'biconnector'] as const;\n",
    "py": 'SCOPES = ("crm", "biconnector", "user")\n',
    "md": "\nThe app asks for the `crm` and `biconnector` scopes.\n",
}


def _with_mention(text: str, kind: str) -> str:
    """``text`` with a mention of biconnector after its head."""
    at = text.find("\n\n", text.find("\n\n") + 2) + 1 or len(text)
    return text[:at] + _MENTIONS[kind] + text[at:]


def _big_files(rng: random.Random) -> list[tuple[str, str, str]]:
    """The handful of about 200 KB: a lock file, bundles, generated helpers."""
    packages = {
        f"node_modules/{rng.choice(_WORDS)}-{noun.lower()}": {
            "version": f"{rng.randrange(1, 9)}.{rng.randrange(20)}.{rng.randrange(20)}",
            "resolved": f"https://registry.npmjs.org/{noun.lower()}/-/{noun.lower()}.tgz",
            "integrity": "sha512-" + base64.b64encode(rng.randbytes(64)).decode(),
            "dev": rng.random() < 0.5,
        }
        for noun in (rng.choice(_NOUNS) + str(number) for number in range(BIG_FILE // 260))
    }
    lock = {"name": "app", "lockfileVersion": 3, "requires": True, "packages": packages}

    def bundle() -> str:  # minified: long lines
        text = _filler(rng, "js", BIG_FILE, _names(rng))
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return "\n".join(" ".join(lines[at : at + 200]) for at in range(0, len(lines), 200)) + "\n"

    classmap = "".join(
        f"    'App\\\\{rng.choice(_WORDS).title()}\\\\{rng.choice(_NOUNS)}{number}' => "
        f"$baseDir . '/app/{rng.choice(_NOUNS)}{number}.php',\n"
        for number in range(BIG_FILE // 68)
    )
    return [
        ("", "package-lock.json", json.dumps(lock, indent=2) + "\n"),
        ("", "_ide_helper.php", _filler(rng, "php", BIG_FILE, _names(rng))),
        ("public/js", "app.js", bundle()),
        ("public/js", "vendor.js", bundle()),
        (
            "vendor/composer",
            "autoload_classmap.php",
            f"<?php\n\n$baseDir = dirname(__DIR__, 2);\n\nreturn [\n{classmap}];\n",
        ),
        ("node_modules/vue/dist", "vue.esm-bundler.js", bundle()),
    ]


_ROOT_FILES = (
    ("", "composer.json", '{\n  "name": "acme/app",\n  "require": {"php": "^8.2"}\n}\n'),
    ("", "package.json", '{\n  "name": "app",\n  "private": true,\n  "type": "module"\n}\n'),
    ("", "tsconfig.json", '{\n  "compilerOptions": {"strict": true, "jsx": "react-jsx"}\n}\n'),
    ("", "docker-compose.yml", "services:\n  app:\n    build: .\n    ports: ['8080:80']\n"),
)

# The SDKs in the skipped folders mention biconnector (both tools skip them).
_SKIPPED_MENTIONS = (
    (
        "vendor/bitrix24/b24phpsdk/src/Services/BIConnector/Connector/Service",
        "Connector.php",
        "php",
    ),
    ("vendor/bitrix24/b24phpsdk/src/Services/BIConnector/Source/Service", "Source.php", "php"),
    ("vendor/bitrix24/b24phpsdk/src/Services/BIConnector/Dataset/Service", "Dataset.php", "php"),
    ("node_modules/@bitrix24/b24jssdk/dist/esm/types", "biconnector.d.ts", "ts"),
    ("node_modules/@bitrix24/b24jssdk/dist/esm", "index.js", "js"),
)


def write_source_tree(root: Path, files: int = SOURCE_FILES) -> SourceTree:
    """About ``files`` files below ``root / "sources"``, the same bytes on every machine."""
    rng = random.Random(SEED + 5)
    writer = _Writer(root / "sources")
    skipped = round(files * SKIPPED_SHARE)
    with_calls = max(1, round(files * CALL_SHARE))
    mentions = max(1, round(files * MENTION_SHARE))
    calls = mistakes = 0
    fixed = [*_big_files(rng), *_ROOT_FILES]
    for folder, name, text in fixed:
        writer.write(folder, name, text)
    big_skipped = sum(folder.startswith(SKIPPED_FOLDERS) for folder, _, _ in fixed)
    for folder, name, kind in _SKIPPED_MENTIONS:
        text = _with_mention(_filler(rng, kind, _size(rng), _names(rng)), kind)
        writer.write(folder, name, text)
    for _ in range(skipped - big_skipped - len(_SKIPPED_MENTIONS)):
        kind, folder, name, names = _place(rng, _SKIPPED_PLACES)
        writer.write(folder, name, _filler(rng, kind, _size(rng), names))
    for _ in range(with_calls):
        make, folder, name, _ = rng.choices(
            _CALL_PLACES, weights=[place[3] for place in _CALL_PLACES]
        )[0]
        names = _names(rng)
        text, count, mistaken = make(rng, names)
        writer.write(folder.format(**names), name.format(**names), text)
        calls += count
        mistakes += mistaken
    for number in range(files - len(writer.paths)):
        kind, folder, name, names = _place(rng, _PLACES)
        text = _filler(rng, kind, _size(rng), names)
        if number < mentions:  # the first few mention biconnector without a call
            text = _with_mention(text, kind)
        writer.write(folder, name, text)
    searched = sum(not path.startswith(SKIPPED_FOLDERS) for path in writer.paths)
    return SourceTree(
        path=writer.root,
        files=len(writer.paths),
        size=writer.size,
        searched=searched,
        with_calls=with_calls,
        calls=calls,
        mistakes=mistakes,
        mentioning=with_calls + mentions,
    )


# --- Shapes off the fast paths: ~30 MB payloads whose items are not plain, and floods -----------
#
# Each is a generator of compact JSON text, written in pieces so that writing one costs no more
# memory than a piece: ``write_shape`` writes one to ``huge/<name>.json``. ``SHAPES`` names them
# with their item counts: settings items with numeric names (valid), with one unknown key each (a
# warning per item), with a lower-case type each (an error per item), and a table's columns.

SHAPE_CHUNK = 10_000  # items per piece written


def _settings_shape(items: int, item: Callable[[int], str]) -> Iterator[str]:
    """A ``connector.update`` envelope whose ``settings`` are ``items`` items made by ``item``."""
    head = json.dumps(
        envelope({"id": 7, "fields": {"title": "Warehouse", "settings": []}}),
        separators=(",", ":"),
    )
    cut = head.rindex("[]") + 1
    yield head[:cut]
    for start in range(0, items, SHAPE_CHUNK):
        pieces = (item(index) for index in range(start, min(start + SHAPE_CHUNK, items)))
        yield ("," if start else "") + ",".join(pieces)
    yield head[cut:]


def numeric_names(items: int = 500_000) -> Iterator[str]:
    """Settings items named with JSON numbers (``"name": 1234``): valid to the server, which
    casts them, but not plain (``access.is_plain`` wants strings). About 27 MB."""
    kinds = ("STRING", "INT")
    return _settings_shape(
        items,
        lambda i: f'{{"name":{100000 + i},"type":"{kinds[i % 2]}","code":"field_{i:06d}"}}',
    )


def unknown_keys(items: int = 400_000) -> Iterator[str]:
    """Settings items each with one key the server ignores (``hint``): a BL401 warning per item.
    About 31 MB."""
    return _settings_shape(
        items,
        lambda i: (
            f'{{"name":"Column {i}","type":"STRING","code":"column_{i:06d}","hint":"{i:07d}"}}'
        ),
    )


def lower_types(items: int = 500_000) -> Iterator[str]:
    """Settings items whose type is the lower-case ``"string"``: an error per item (the server
    answers the first). About 30 MB."""
    return _settings_shape(
        items, lambda i: f'{{"name":"Column {i}","type":"string","code":"column_{i:06d}"}}'
    )


def table_columns(items: int = 300_000) -> Iterator[str]:
    """A ``biconnector.table.add`` with ``items`` valid columns (kept as text by the loader:
    ``bicon_lint.compact_lists``). About 21 MB."""
    return _columns_shape(
        items,
        lambda i, kind: (
            f'{{"name":"COLUMN_{i:06d}","externalCode":"column_{i:06d}","type":"{kind}"}}'
        ),
    )


def spelled_columns(items: int = 300_000) -> Iterator[str]:
    """The same columns with their keys spelled ``Name`` and ``external_code``: valid (the
    server's key conversion makes them ``NAME`` and ``EXTERNAL_CODE``), kept as text as the
    ``columns`` shape is (``compact_lists.SPELLINGS``). About 21 MB."""
    return _columns_shape(
        items,
        lambda i, kind: (
            f'{{"Name":"COLUMN_{i:06d}","external_code":"column_{i:06d}","type":"{kind}"}}'
        ),
    )


def lower_column_names(items: int = 300_000) -> Iterator[str]:
    """The ``columns`` shape with every column's ``name`` in lower case (``column_000001``): an
    error per column (a column name is upper-case letters, digits and ``_``). About 21 MB."""
    return _columns_shape(
        items,
        lambda i, kind: (
            f'{{"name":"column_{i:06d}","externalCode":"column_{i:06d}","type":"{kind}"}}'
        ),
    )


def _columns_shape(items: int, column: Callable[[int, str], str]) -> Iterator[str]:
    """A ``biconnector.table.add`` whose columns are ``items`` made by ``column``."""
    kinds = ("int", "string", "double", "date", "datetime", "money")
    head = json.dumps(
        {
            "method": "biconnector.table.add",
            "params": {
                "fields": {
                    "name": "warehouse_stock",
                    "externalName": "stock",
                    "externalCode": "stock",
                    "sourceId": 3,
                    "fields": [],
                }
            },
        },
        separators=(",", ":"),
    )
    cut = head.rindex("[]") + 1
    yield head[:cut]
    for start in range(0, items, SHAPE_CHUNK):
        pieces = (column(i, kinds[i % 6]) for i in range(start, min(start + SHAPE_CHUNK, items)))
        yield ("," if start else "") + ",".join(pieces)
    yield head[cut:]


def _id_lists(items: int, item: Callable[[int], str]) -> Iterator[str]:
    """A ``biconnector.source.list`` whose ``filter`` holds an ``@id`` list of ``items`` ids made
    by ``item``, and a ``!@id`` list of a sixth as many (ids from 1,000,000 on)."""
    head = json.dumps(
        {
            "method": "biconnector.source.list",
            "params": {
                "select": ["id", "title", "connectorId"],
                "filter": {"@id": [], "!@id": [], "active": "Y"},
                "order": {"id": "ASC"},
            },
        },
        separators=(",", ":"),
    )
    middle = head.index("[]") + 1
    second = head.index("[]", middle) + 1
    yield head[:middle]
    for start in range(0, items, SHAPE_CHUNK):
        pieces = (item(1_000_000 + i) for i in range(start, min(start + SHAPE_CHUNK, items)))
        yield ("," if start else "") + ",".join(pieces)
    yield head[middle:second]
    yield ",".join(str(2_000_000 + 7 * i) for i in range(items // 6))
    yield head[second:]


def filter_ids(items: int = 3_000_000) -> Iterator[str]:
    """A ``source.list`` filtering on 3 million ids (``"@id": [...]``), every tenth sent as a
    string of digits (valid: ``validateFilter`` passes a numeric value under a numeric key), and
    half a million excluded (``"!@id"``). About 30 MB."""
    return _id_lists(items, lambda i: f'"{i}"' if i % 10 == 3 else str(i))


def filter_bad_ids(items: int = 3_000_000) -> Iterator[str]:
    """``filter_ids`` with every thousandth id a code (``"id-1000123"``): not numeric, so the
    server answers ``VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER`` for its index (3,000 errors).
    About 30 MB."""
    return _id_lists(
        items, lambda i: f'"id-{i}"' if i % 1000 == 123 else f'"{i}"' if i % 10 == 3 else str(i)
    )


SHAPES: dict[str, Callable[[], Iterator[str]]] = {
    "numeric-names": numeric_names,
    "unknown-keys": unknown_keys,
    "lower-types": lower_types,
    "columns": table_columns,
    "spelled-columns": spelled_columns,
    "lower-column-names": lower_column_names,
    "filter-ids": filter_ids,
    "filter-bad-ids": filter_bad_ids,
}


def write_shape(root: Path, name: str) -> Path:
    """``SHAPES[name]`` written to ``root/huge/<name>.json``."""
    path = root / "huge" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for piece in SHAPES[name]():
            out.write(piece)
    return path


# --- Varied payloads: every method, for lint_payload and the bare-params files -----------------
#
# ``varied_payload`` draws a method by a weight (connector add/update, source add/update, table
# add/update/fields.update, the list calls, get/delete/fields) and params of the shape an
# integration sends it, with varied settings: plain items, items whose name is a number (sent as
# an int, or a string of digits), keys in another order or case, codes with a dot or a dash, a
# source's settings of a few codes. About ``MISTAKE_SHARE`` of them carry exactly one mistake of
# their method's list (``VARIED_MISTAKES``). ``params.schema.json`` is the JSON Schema of the
# params of each method drawn, written by hand as ``connector-update.schema.json`` is.

VARIED_SEED = SEED + 6
LIST_COLUMNS = {
    "connector": ("id", "title", "description", "sort", "urlCheck", "urlData", "dateCreate"),
    "source": ("id", "title", "type", "code", "description", "active", "connectorId"),
    "table": ("id", "sourceId", "name", "type", "description", "externalName", "externalCode"),
}
COLUMN_TYPES = ("int", "string", "double", "date", "datetime", "money")


def _varied_item(rng: random.Random, index: int) -> dict[str, Any]:
    """A connector settings item: mostly plain, some with a number for a name, keys in another
    order or case, a code with a dot or a dash."""
    item = _item(rng, index)
    shape = rng.random()
    if shape < 0.15:
        item["name"] = rng.randrange(1, 100_000)  # a number: PHP's is_string fails, (string) works
    elif shape < 0.25:
        item["name"] = str(rng.randrange(1, 100_000))
    elif shape < 0.32:
        item["code"] = f"{item['code']}.{rng.choice(('v1', 'v2'))}-{index}"
    elif shape < 0.38:
        item = {"code": item["code"], "type": item["type"], "name": item["name"]}
    elif shape < 0.42:
        item = {key.title(): value for key, value in item.items()}  # "Name": converted to NAME
    return item


def _varied_settings(rng: random.Random) -> list[dict[str, Any]]:
    return [_varied_item(rng, index) for index in range(rng.randrange(1, 9))]


def _connector_fields(rng: random.Random, add: bool) -> Params:
    fields: dict[str, Any] = typical_params(rng)["fields"]
    if "settings" in fields or add:
        fields["settings"] = _varied_settings(rng)
    if add:
        host = f"https://{rng.choice(_WORDS)}.example.com/api"
        fields.setdefault("logo", _LOGO)
        for name, path in _URL_PATHS_VARIED:
            fields.setdefault(name, f"{host}/{path}")
    if rng.random() < 0.1:
        fields["supportMapping"] = rng.random() < 0.5
    return fields


_URL_PATHS_VARIED = (
    ("urlCheck", "check"),
    ("urlData", "data"),
    ("urlTableList", "table_list"),
    ("urlTableDescription", "table_description"),
)


def _columns(rng: random.Random, count: int) -> list[dict[str, Any]]:
    names = rng.sample(range(1000), count)
    return [
        {
            "name": f"{rng.choice(_WORDS).upper()}_{number}",
            "externalCode": f"{rng.choice(_WORDS)}_{number}",
            "type": rng.choice(COLUMN_TYPES),
        }
        for number in names
    ]


def _list_params(rng: random.Random, entity: str) -> Params:
    columns = LIST_COLUMNS[entity]
    params: Params = {}
    if rng.random() < 0.6:
        params["select"] = rng.sample(columns, rng.randrange(1, 5))
    if rng.random() < 0.6:
        filters: dict[str, Any] = {}
        for column in rng.sample(columns, rng.randrange(1, 3)):
            operator = rng.choice(("", "", "=", "!", ">", "<=", "%", "@"))
            value: Any = rng.randrange(1, 100) if "id" in column.lower() else rng.choice(_WORDS)
            filters[operator + column] = (
                [value, value + 1] if operator == "@" and isinstance(value, int) else value
            )
        if entity == "connector" and len(filters) > 1 and rng.random() < 0.3:
            # source and table lists pass "logic" on to the ORM, which knows no such field
            filters["logic"] = rng.choice(("AND", "OR", "or"))
        params["filter"] = filters
    if rng.random() < 0.5:
        params["order"] = {rng.choice(columns): rng.choice(("ASC", "DESC", "asc"))}
    if rng.random() < 0.3:
        params["page"] = rng.randrange(1, 20)
    return params


def _params_of(rng: random.Random, method: str) -> Params:
    entity, _, action = method.removeprefix("biconnector.").partition(".")
    ident = rng.randrange(1, 10_000)
    if entity == "connector" and action in ("add", "update"):
        fields = _connector_fields(rng, action == "add")
        return {"fields": fields} if action == "add" else {"id": ident, "fields": fields}
    if entity == "source" and action in ("add", "update"):
        settings = {
            rng.choice(_WORDS) + f"_{n}": rng.choice(("secret", "x1", str(n))) for n in range(3)
        }
        fields = {"title": f"{rng.choice(_WORDS).title()} source", "settings": settings}
        if action == "add":
            fields["connectorId"] = rng.randrange(1, 500)
        if rng.random() < 0.3:
            fields["description"] = " ".join(rng.choice(_WORDS) for _ in range(4))
        if rng.random() < 0.2:
            fields["active"] = rng.random() < 0.5
        return {"fields": fields} if action == "add" else {"id": ident, "fields": fields}
    if entity == "table" and action == "add":
        word = rng.choice(_WORDS)
        table = {
            "sourceId": rng.randrange(1, 500),
            "name": f"{word}_{rng.randrange(100)}",
            "externalName": word.title(),
            "externalCode": word,
            "fields": _columns(rng, rng.randrange(1, 12)),
        }
        if rng.random() < 0.3:
            table["description"] = f"the {word} table"
        return {"fields": table}
    if entity == "table" and action == "update":
        return {"id": ident, "fields": {"description": f"the {rng.choice(_WORDS)} table"}}
    if action == "fields.update":
        params: Params = {"id": ident}
        if rng.random() < 0.7:
            params["add"] = _columns(rng, rng.randrange(1, 4))
        if rng.random() < 0.4:
            params["update"] = [{"id": rng.randrange(1, 99), "visible": rng.choice(("Y", "N"))}]
        if rng.random() < 0.3 or len(params) == 1:
            params["delete"] = [rng.randrange(1, 99)]
        return params
    if action == "list":
        return _list_params(rng, entity)
    if action == "fields":
        return {}
    return {"id": rng.choice((ident, ident, str(ident)))}


# (method, weight): what an integration calls most (a connector update or add, then reads).
VARIED_METHODS: tuple[tuple[str, int], ...] = (
    ("biconnector.connector.update", 22),
    ("biconnector.connector.add", 12),
    ("biconnector.connector.list", 8),
    ("biconnector.connector.get", 5),
    ("biconnector.connector.delete", 2),
    ("biconnector.connector.fields", 1),
    ("biconnector.source.add", 8),
    ("biconnector.source.update", 5),
    ("biconnector.source.list", 5),
    ("biconnector.source.get", 3),
    ("biconnector.table.add", 10),
    ("biconnector.table.update", 3),
    ("biconnector.table.fields.update", 6),
    ("biconnector.table.list", 5),
    ("biconnector.table.get", 3),
    ("biconnector.table.delete", 2),
)


def _fields_of(params: Params, rng: random.Random) -> dict[str, Any]:
    fields = params.get("fields")
    if not isinstance(fields, dict):
        fields = params["fields"] = {"title": rng.choice(_WORDS)}
    return fields


def _put(key: str, value: Any) -> Callable[[Params, random.Random], None]:
    def apply(params: Params, rng: random.Random) -> None:
        _fields_of(params, rng)[key] = value

    return apply


def _top(key: str, value: Any) -> Callable[[Params, random.Random], None]:
    def apply(params: Params, _rng: random.Random) -> None:
        params[key] = value

    return apply


def _drop(key: str) -> Callable[[Params, random.Random], None]:
    def apply(params: Params, rng: random.Random) -> None:
        _fields_of(params, rng).pop(key, None)

    return apply


def _column(key: str, value: Any) -> Callable[[Params, random.Random], None]:
    def apply(params: Params, rng: random.Random) -> None:
        columns = params["add"] if "add" in params else _fields_of(params, rng).get("fields")
        if not isinstance(columns, list) or not columns:
            columns = _columns(rng, 1)
            params["add"] = columns
        columns[rng.randrange(len(columns))][key] = value

    return apply


_UNKNOWN = Mistake("unknown field", "VALIDATION_UNKNOWN_PARAMETERS", _put("colour", "red"))
_BAD_ID = Mistake("id is not a number", "VALIDATION_INVALID_ID_FORMAT", _top("id", "four"))
_LIST_MISTAKES = (
    Mistake("select is a string", "VALIDATION_SELECT_TYPE", _top("select", "*")),
    Mistake("select of an upper-case column", "BL", _top("select", ["ID", "TITLE"])),
    Mistake("filter of an unknown column", "BL", _top("filter", {"colour": "red"})),
    Mistake("order of a wrong direction", "ERROR_ARGUMENT", _top("order", {"id": "up"})),
)
VARIED_MISTAKES: dict[str, tuple[Mistake, ...]] = {
    "add": (
        *MISTAKES[:10],
        Mistake("title missing", "VALIDATION_REQUIRED_FIELD_MISSING", _drop("title")),
    ),
    "update": MISTAKES,
    "source.add": (
        _UNKNOWN,
        Mistake("connectorId missing", "VALIDATION_REQUIRED_FIELD_MISSING", _drop("connectorId")),
        Mistake("active is Y", "VALIDATION_INVALID_FIELD_TYPE", _put("active", "Y")),
        Mistake("type sent", "VALIDATION_READ_ONLY_FIELD", _put("type", "rest")),
    ),
    "source.update": (
        _UNKNOWN,
        _BAD_ID,
        Mistake("connectorId sent", "VALIDATION_IMMUTABLE_FIELD", _put("connectorId", 5)),
        Mistake("title missing", "0", _drop("title")),
    ),
    "table.add": (
        _UNKNOWN,
        Mistake("name in capitals", "VALIDATION_DATASET_NAME_INVALID", _put("name", "Sales")),
        Mistake("column type in capitals", "VALIDATION_FIELD_INVALID_TYPE", _column("type", "INT")),
        Mistake("column name in lower case", "BL", _column("name", "id")),
        Mistake("no columns", "FIELDS_EMPTY", _put("fields", [])),
    ),
    "table.update": (
        _BAD_ID,
        Mistake("name sent", "VALIDATION_IMMUTABLE_FIELD", _put("name", "sales")),
        Mistake("columns sent", "INVALID_METHOD", _put("fields", [])),
    ),
    "fields.update": (
        _BAD_ID,
        Mistake("column without type", "BL", _column("type", None)),
        Mistake("delete id 0", "VALIDATION_FIELD_DELETE_INVALID_ID", _top("delete", [0])),
    ),
    "list": _LIST_MISTAKES,
    "id": (
        _BAD_ID,
        Mistake("id missing", "VALIDATION_ID_REQUIRED", _top("id", None)),
        Mistake("id is zero", "VALIDATION_INVALID_ID_FORMAT", _top("id", 0)),
    ),
    "fields": (),  # the method reads no params: nothing it is sent is a mistake it answers
}


def mistakes_of(method: str) -> tuple[Mistake, ...]:
    entity, _, action = method.removeprefix("biconnector.").partition(".")
    if action in ("get", "delete"):
        return VARIED_MISTAKES["id"]
    if action in ("list", "fields", "fields.update"):
        return VARIED_MISTAKES[action]
    if entity == "connector":
        return VARIED_MISTAKES[action]
    return VARIED_MISTAKES[f"{entity}.{action}"]


def varied_payload(rng: random.Random, method: str | None = None) -> tuple[str, Params, str | None]:
    """A method (drawn by ``VARIED_METHODS``' weights unless given), its params, and the name of
    the one mistake they carry (``None`` for most)."""
    if method is None:
        names, weights = zip(*VARIED_METHODS, strict=True)
        method = rng.choices(names, weights)[0]
    params = _params_of(rng, method)
    mistake = None
    possible = mistakes_of(method)
    if possible and rng.random() < MISTAKE_SHARE:
        chosen = rng.choice(possible)
        chosen.apply(params, rng)
        mistake = chosen.name
    return method, params, mistake


def varied_payloads(count: int, seed: int = VARIED_SEED) -> list[tuple[str, Params, str | None]]:
    rng = random.Random(seed)
    return [varied_payload(rng) for _ in range(count)]


def write_bare(
    root: Path, count: int = MANY, method: str = METHOD
) -> tuple[list[Path], dict[str, int]]:
    """``count`` files of bare params of ``method`` (checked with ``--method``), varied settings,
    about ``MISTAKE_SHARE`` with one mistake; their paths and how many carry each mistake."""
    rng = random.Random(VARIED_SEED + 1)
    folder = root / "bare"
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    tally: dict[str, int] = {}
    for number in range(count):
        _, params, mistake = varied_payload(rng, method)
        if mistake is not None:
            tally[mistake] = tally.get(mistake, 0) + 1
        path = folder / f"{number:05d}.json"
        path.write_text(dump(params, rng), encoding="utf-8")
        paths.append(path)
    return paths, tally
