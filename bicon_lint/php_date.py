"""PHP's ``DateTime::createFromFormat`` for the dataset date formats a REST dataset can have.

The dataset preview reads every ``date`` and ``datetime`` value of an urlData answer with
``DateTime::createFromFormat($format, $value)`` and shows it blank when that fails or leaves a
warning (``TypeConverter::convertToDate``/``convertToDateTime``,
``biconnector/lib/ExternalSource/TypeConverter.php:100-161``;
https://www.php.net/manual/en/datetime.createfromformat.php). ``$format`` is the dataset's setting,
one of the twelve
``Const/Date.php`` / ``Const/DateTime.php`` formats (default ``Y-m-d`` and ``Y-m-d H:i:s``,
``controller/externalsource/dataset.php:839-855``). Only the format characters those use are
modelled, as timelib's ``timelib_parse_from_format`` reads them [PHP 8.2]:

* ``Y``: an ASCII digit must come first, then up to 4 digits (``24`` is the year 24; ``12024``
  leaves a digit where the separator should be);
* ``m``, ``d``, ``H``: a digit first, then 1 or 2 digits;
* ``i``, ``s``: exactly 2 digits;
* ``.``, ``-``, ``/``, ``:``: that character;
* a space: any run of spaces, tabs, U+00A0 and U+202F, also none (``2024-01-0510:00:00`` is read);
* anything left over is "Trailing data"; a value that ends early is "Not enough data";
* then the date must exist (``2023-02-29``, month 13, day 0: "The parsed date was invalid") and the
  time must be 00:00:00 to 23:59:59 ("The parsed time was invalid"): warnings, so blank too.

So ISO 8601 (``T``, fractional seconds, ``Z``, an offset), a date for a datetime column and a
datetime for a date column are never read.
"""

from __future__ import annotations

from typing import Final

DATE_FORMATS: Final = (  # ExternalSource/Const/Date.php:7-18, in the enum's order
    "Y.m.d", "Y.d.m", "d.m.Y", "m.d.Y", "Y-m-d", "Y-d-m",
    "d-m-Y", "m-d-Y", "Y/m/d", "Y/d/m", "d/m/Y", "m/d/Y",
)  # fmt: skip
DATETIME_FORMATS: Final = tuple(f"{date} H:i:s" for date in DATE_FORMATS)  # Const/DateTime.php
DEFAULT_DATE: Final = "Y-m-d"  # Const\Date::Ymd_dash, dataset.php:839-855, 1046-1054
DEFAULT_DATETIME: Final = "Y-m-d H:i:s"  # Const\DateTime::Ymd_dash_His_colon

_SPACES: Final = frozenset(" \t\u00a0\u202f")  # timelib_eat_spaces
_DIGITS: Final = frozenset("0123456789")
_WIDTH: Final = {"Y": (1, 4), "m": (1, 2), "d": (1, 2), "H": (1, 2), "i": (2, 2), "s": (2, 2)}


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def reads(value: str, format: str) -> bool:
    """Does ``createFromFormat(format, value)`` succeed without an error or a warning?

    >>> reads("2024-01-05", "Y-m-d"), reads("2024-1-5", "Y-m-d"), reads("2024-02-30", "Y-m-d")
    (True, True, False)
    >>> reads("2024-01-05T10:00:00", "Y-m-d H:i:s"), reads("2024-01-0510:00:00", "Y-m-d H:i:s")
    (False, True)
    >>> reads("2024-01-05 10:00:00.5", "Y-m-d H:i:s"), reads("2024-01-05 24:00:00", "Y-m-d H:i:s")
    (False, False)
    """
    parts: dict[str, int] = {}
    at, end = 0, len(value)
    for char in format:
        if at >= end:
            return False  # "Not enough data available to satisfy format"
        if char == " ":
            while at < end and value[at] in _SPACES:
                at += 1
            continue
        width = _WIDTH.get(char)
        if width is None:  # a separator: that very character
            if value[at] != char:
                return False
            at += 1
            continue
        least, most = width
        start = at
        while at < end and at - start < most and value[at] in _DIGITS:
            at += 1
        if at - start < least:
            return False
        parts[char] = int(value[start:at])
    if at != end:
        return False  # "Trailing data"
    if "m" in parts:
        year, month, day = parts["Y"], parts["m"], parts["d"]
        if not (1 <= month <= 12 and 1 <= day <= _days_in_month(year, month)):
            return False  # "The parsed date was invalid"
    return not ("H" in parts and (parts["H"] > 23 or parts["i"] > 59 or parts["s"] > 59))


def formats_reading(value: str, formats: tuple[str, ...]) -> list[str]:
    """The formats of ``formats`` that read ``value``, in order.

    >>> formats_reading("05.01.2024", DATE_FORMATS)
    ['d.m.Y', 'm.d.Y']
    """
    return [format for format in formats if reads(value, format)]
