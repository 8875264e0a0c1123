"""The header's entries are distinct column codes, written as strings.

Source: ``Rest::getFirstNData()`` (``biconnector/lib/ExternalSource/Source/Rest.php``, line 301),
PHP 8.2: ``array_combine`` (https://www.php.net/manual/en/function.array-combine.php) makes an array
key of each header entry, cast as PHP casts array keys
(https://www.php.net/manual/en/language.types.array.php): an integer stays one, anything else
becomes a string (``1.5`` → ``"1.5"``, ``true`` → ``"1"``, ``null`` → ``""``, an array → ``"Array"``
with a PHP warning), and a decimal string becomes an integer again (``"5"`` and ``5`` are one key).
The preview then reads each description column as ``$row[CODE]``
(``biconnector/lib/ExternalSource/Viewer/Provider/Rest.php``, lines 58-68). A header entry that is
not a string or an integer names no code a description can have (warning). Two entries with one key
collapse: the later column's values win and the earlier column is lost (warning). All targets.

Pass: ``[["ID", "TITLE", "5"], [1, "First", 2]]``
Fail: ``[["ID", null, "ID"], [1, "x", 2]]``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import answer_links, data_answer, php
from bicon_lint.answer_links import URLDATA
from bicon_lint.model import Code, Finding, Request, RuleSpec, Severity, Stage

_W = Severity.WARNING
SPEC = RuleSpec(
    name="answer-data-header-keys",
    codes={
        "BL744": Code(
            "header entry {index} is {value}, not a string: the dataset preview keys its column "
            '"{key}"',
            False,
            _W,
        ),
        "BL745": Code(
            'the header names column "{key}" again (entry {first} names it too): the dataset '
            "preview keeps only this column's values under it and loses the other's",
            False,
            _W,
        ),
    },
    methods=frozenset({URLDATA}),
    stage=Stage.ADVISORY,
    summary="urlData: header entries are distinct column codes, as strings",
)


def check(request: Request) -> Iterator[Finding]:
    scan = data_answer.scan(request)
    if scan is None or scan.header_key is None or not php.is_array(scan.header):
        return
    seen: dict[str | int, str | int] = {}
    for index, (position, value) in enumerate(php.items(scan.header)):
        key = answer_links.key_of(value)
        loc = (scan.header_key, position)
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            args = {"index": index, "value": data_answer.shown(value), "key": key}
            yield Finding(loc, "BL744", args)
        if key in seen:
            yield Finding(loc, "BL745", {"key": key, "first": seen[key]})
        seen[key] = index
