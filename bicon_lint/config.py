"""``[tool.bicon-lint]`` in ``pyproject.toml``: found per checked file, validated, merged with the
command line into one :class:`FileSettings` per file.

Discovery is ruff's: for each file, the closest ``pyproject.toml`` above it that has a
``[tool.bicon-lint]`` table wins (a ``pyproject.toml`` without one is passed over); input read from
``-`` looks from the folder of ``--stdin-filename``, or from the current directory. ``--config PATH``
uses one file for everything and ``--isolated`` uses none. Globs are relative to the folder of the
file that declares them.

pydantic is imported only when a configuration file is actually read, so a run without one starts
as fast as before. Every problem in a file is a :class:`ConfigError` whose message is one line
naming the file and the key (the CLI prints it and exits 2).
"""

import functools
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, NamedTuple

from bicon_lint.answers import check_endpoint
from bicon_lint.api import Report
from bicon_lint.identify import envelope_method
from bicon_lint.loaders import READABLE_SUFFIXES
from bicon_lint.methods import check_method
from bicon_lint.model import Severity
from bicon_lint.selection import ALL, Layer, Selection, apply_to_report
from bicon_lint.targets import DEFAULT_TARGET, Target

if TYPE_CHECKING:
    from pydantic import BaseModel

CONFIG_NAME = "pyproject.toml"
TABLE = "[tool.bicon-lint]"
KEYS: tuple[str, ...] = (
    "target",
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "severity",
    "include",
    "exclude",
    "force-exclude",
    "methods",
    "endpoints",
    "connectors",
)


class ConfigError(Exception):
    """A configuration file that cannot be used: its one-line message names the file and key."""


# ------------------------------------------------------------------------------------------------
# Selectors and globs
# ------------------------------------------------------------------------------------------------


@functools.cache
def _known() -> tuple[frozenset[str], tuple[str, ...]]:
    from bicon_lint.docs import ALL_RULES  # the registry, imported when a selector is checked

    names = frozenset(rule.spec.name for rule in ALL_RULES)
    codes = tuple(sorted({code.upper() for rule in ALL_RULES for code in rule.spec.codes}))
    return names, codes


def selector_problem(selector: str) -> str | None:
    """Why ``selector`` names no rule (``None`` when it is fine): ``ALL``, a rule name, a code or
    a prefix of one.

    >>> selector_problem("BL2"), selector_problem("settings-type-enum"), selector_problem("ALL")
    (None, None, None)
    >>> selector_problem("BL999")
    "unknown rule selector 'BL999': not a rule name, a code or the start of one (see 'bicon-lint rules')"
    """
    wanted = selector.strip()
    names, codes = _known()
    if wanted.upper() == ALL or wanted.lower() in names:
        return None
    if wanted and any(code.startswith(wanted.upper()) for code in codes):
        return None
    return (
        f"unknown rule selector {selector!r}: not a rule name, a code or the start of one "
        "(see 'bicon-lint rules')"
    )


def _check_selector(selector: str) -> str:
    problem = selector_problem(selector)
    if problem is not None:
        raise ValueError(problem)
    return selector.strip()


def _check_target(label: str) -> str:
    Target.parse(label)  # ValueError names the known targets
    return label


def _check_glob(pattern: str) -> str:
    if not pattern.strip():
        raise ValueError("an empty glob matches nothing")
    return pattern


class Glob(NamedTuple):
    """A path pattern: ``*`` (within a folder), ``**`` (any folders), ``?``, ``[abc]``.

    Without a ``/`` it matches a file's (or folder's) name wherever it is; with one, the path
    relative to the configuration file's folder.

    >>> Glob.compile("payloads/**/*.json").matches("payloads/a/b/c.json", "c.json")
    True
    >>> Glob.compile("payloads/*.json").matches("payloads/a/c.json", "c.json")
    False
    >>> Glob.compile("*.params.json").matches("deep/x.params.json", "x.params.json")
    True
    """

    pattern: str
    anchored: bool
    regex: re.Pattern[str]

    @classmethod
    def compile(cls, pattern: str) -> "Glob":
        text = pattern.strip().replace("\\", "/")
        while text.startswith("./"):
            text = text[2:]
        anchored = "/" in text.rstrip("/")
        text = text.strip("/") if anchored else text.rstrip("/")
        return cls(pattern, anchored, re.compile(_translate(text)))

    def matches(self, relative: str | None, name: str) -> bool:
        if self.anchored:
            return relative is not None and self.regex.fullmatch(relative) is not None
        return self.regex.fullmatch(name) is not None


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if pattern.startswith("**", i) and (i == 0 or pattern[i - 1] == "/"):
            end = i + 2
            if end < n and pattern[end] == "/":
                out.append("(?:[^/]*/)*")  # "**/": no folder, or any number of them
                i = end + 1
                continue
            if end == n:
                out.append(".*")  # a trailing "**": everything below
                i = end
                continue
        if char == "*":
            out.append("[^/]*")
            while i < n and pattern[i] == "*":
                i += 1
            continue
        if char == "?":
            out.append("[^/]")
        elif char == "[" and (close := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : close].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = close + 1
            continue
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


# ------------------------------------------------------------------------------------------------
# The schema (pydantic, imported lazily)
# ------------------------------------------------------------------------------------------------

SeverityName = Literal["error", "warning", "info"]


@functools.cache
def schema() -> "type[BaseModel]":
    """The pydantic model of ``[tool.bicon-lint]``: unknown keys and wrong types are errors."""
    from pydantic import AfterValidator, BaseModel, ConfigDict

    selector = Annotated[str, AfterValidator(_check_selector)]
    glob = Annotated[str, AfterValidator(_check_glob)]

    class ToolBiconLint(BaseModel):
        model_config = ConfigDict(
            extra="forbid",
            strict=True,
            frozen=True,
            alias_generator=lambda name: name.replace("_", "-"),
            populate_by_name=False,
        )

        target: Annotated[str, AfterValidator(_check_target)] | None = None
        select: list[selector] | None = None
        extend_select: list[selector] = []
        ignore: list[selector] = []
        per_file_ignores: dict[glob, list[selector]] = {}
        severity: dict[selector, SeverityName] = {}
        include: list[glob] | None = None
        exclude: list[glob] = []
        force_exclude: bool = False
        methods: dict[glob, Annotated[str, AfterValidator(check_method)]] = {}
        endpoints: dict[glob, Annotated[str, AfterValidator(check_endpoint)]] = {}
        connectors: list[glob] = []

    return ToolBiconLint


_EXPECTED = {
    "list_type": "expected an array of strings",
    "string_type": "expected a string",
    "bool_type": "expected true or false",
    "dict_type": "expected a table",
    "int_type": "expected an integer",
}
_TOML_TYPES = {
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    str: "a string",
    list: "an array",
    dict: "a table",
}


def _toml_type(value: object) -> str:
    for kind, name in _TOML_TYPES.items():
        if type(value) is kind:
            return name
    return "a date or time" if value is not None else "nothing"


def _key(loc: Iterable[int | str]) -> str:
    text = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            text += f"[{part}]"
        elif not text:
            text = part
        else:
            text += "." + (part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else f'"{part}"')
    return text


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _explain(error: Mapping[str, Any]) -> str:
    loc = tuple(error["loc"])
    kind = str(error["type"])
    if kind == "extra_forbidden":
        name = str(loc[-1])
        import difflib  # only to suggest a key

        close = difflib.get_close_matches(name.replace("_", "-"), KEYS, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(KEYS)
        return f"unknown key {name!r} ({hint})"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        message = message.replace("Input should be", "expected")
    message = _EXPECTED.get(kind, message)
    if kind.endswith("_type") or kind == "literal_error":
        value = error.get("input")
        message += f", got {_toml_type(value)} ({_short(value)})"
    return f"{_key(loc)}: {message}"


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is below it, else as it is."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


shown_path = _shown


# ------------------------------------------------------------------------------------------------
# One configuration file
# ------------------------------------------------------------------------------------------------


class Config(NamedTuple):
    """One ``[tool.bicon-lint]`` table, validated; ``path`` is ``None`` for the defaults."""

    root: Path  # the folder globs are relative to
    path: Path | None = None
    target: Target | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[Glob, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    include: tuple[Glob, ...] | None = None  # None: the file types bicon-lint reads
    exclude: tuple[Glob, ...] = ()
    force_exclude: bool = False
    methods: tuple[tuple[Glob, str], ...] = ()
    endpoints: tuple[tuple[Glob, str], ...] = ()  # glob -> endpoint name: bare answer files
    # globs of connector payload files read (not reported on) for the run's source.* payloads
    connectors: tuple[str, ...] = ()

    @property
    def layer(self) -> Layer:
        return Layer(self.select, self.extend_select, self.ignore)

    def relative(self, path: Path) -> str | None:
        """``path`` (absolute) relative to the root, in ``/`` form; ``None`` outside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return None

    def excluded(self, path: Path, *, ancestors: bool) -> bool:
        """``path`` (absolute) matches ``exclude``; with ``ancestors``, or a folder above it
        does, up to the configuration's folder."""
        if not self.exclude:
            return False
        relative = self.relative(path)
        places: list[tuple[str | None, str]] = [(relative, path.name)]
        if ancestors and relative is not None:
            parts = relative.split("/")[:-1]
            places += [("/".join(parts[: i + 1]), parts[i]) for i in range(len(parts))]
        return any(glob.matches(rel, name) for rel, name in places for glob in self.exclude)

    def connector_files(self) -> list[Path]:
        """The files the ``connectors`` globs match, as paths from the root (``*``, ``?``,
        ``[abc]``; ``**``: any folders), sorted within each glob, each once; folders are passed
        over, and a glob that matches nothing adds nothing."""
        import glob as globbing  # only where a configuration names connector files

        found: dict[str, Path] = {}
        for pattern in self.connectors:
            names = globbing.glob(pattern.strip(), root_dir=self.root, recursive=True)
            for name in sorted(names):
                path = Path(os.path.normpath(os.path.join(self.root, name)))
                if path.is_file():
                    found.setdefault(os.path.normcase(path), path)
        return list(found.values())

    def included(self, path: Path, default: bool) -> bool:
        """Whether a directory walk checks this file (``default``: bicon-lint reads its type)."""
        if self.include is None:
            return default
        relative = self.relative(path)
        return any(glob.matches(relative, path.name) for glob in self.include)


def load_config(path: Path, *, required: bool = False) -> Config | None:
    """The ``[tool.bicon-lint]`` table of a ``pyproject.toml`` (``None`` if it has none); of any
    other TOML file given with ``--config``, that table too when it has one, else its top level
    (:func:`_table_of`)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    path = Path(os.path.abspath(path))
    shown = _shown(path)
    try:
        with open(path, "rb") as stream:
            document = tomllib.load(stream)
    except OSError as error:
        raise ConfigError(f"{shown}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown}: not valid TOML: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{shown}: not valid TOML: not UTF-8 ({error.reason})") from None
    if path.name == CONFIG_NAME:
        tool = document.get("tool")
        table = tool.get("bicon-lint") if isinstance(tool, dict) else None
        if table is None:
            if required:
                raise ConfigError(f"{shown}: has no {TABLE} table")
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{shown}: {TABLE} must be a table, got {_toml_type(table)}")
        return parse_config(table, path)
    table, where = _table_of(document, shown)
    return parse_config(table, path, where=where)


TOP_LEVEL = "(top level)"


def _table_of(document: Mapping[str, Any], shown: str) -> tuple[Mapping[str, Any], str]:
    """The settings of a TOML file given with ``--config`` that is not named ``pyproject.toml``,
    and how its messages name where they stand: a ``[tool.bicon-lint]`` table, read as in a
    ``pyproject.toml`` (the rest of the file is not ours), or else the keys at its top level.
    Both at once, or a ``[tool]`` table without ours, is a one-line :class:`ConfigError`."""
    tool = document.get("tool")
    if not isinstance(tool, dict) or "bicon-lint" not in tool:
        if "tool" in document:
            raise ConfigError(
                f"{shown}: has no {TABLE} table; write the settings under {TABLE}, or the keys "
                "themselves at the top level of the file (without a [tool] table)"
            )
        return document, TOP_LEVEL
    table = tool["bicon-lint"]
    if not isinstance(table, dict):
        raise ConfigError(f"{shown}: {TABLE} must be a table, got {_toml_type(table)}")
    both = [key for key in document if key in KEYS]
    if both:
        raise ConfigError(
            f"{shown}: has both a {TABLE} table and top-level keys ({', '.join(both)}): write "
            "the settings in one of the two places"
        )
    return table, TABLE


def parse_config(table: Mapping[str, Any], path: Path, *, where: str = TABLE) -> Config:
    """Validate one table (``path`` is the file it came from: its folder roots the globs;
    ``where`` names the table in messages: ``[tool.bicon-lint]``, or ``(top level)``)."""
    from pydantic import ValidationError

    try:
        model = schema().model_validate(dict(table))
    except ValidationError as error:
        problems = "; ".join(_explain(detail) for detail in error.errors())
        raise ConfigError(f"{_shown(path)}: {where} {problems}") from None
    data = model.model_dump()
    return Config(
        root=path.parent,
        path=path,
        target=Target.parse(data["target"]) if data["target"] is not None else None,
        select=tuple(data["select"]) if data["select"] is not None else None,
        extend_select=tuple(data["extend_select"]),
        ignore=tuple(data["ignore"]),
        per_file_ignores=tuple(
            (Glob.compile(pattern), tuple(codes))
            for pattern, codes in data["per_file_ignores"].items()
        ),
        severity=tuple((key, Severity(value)) for key, value in data["severity"].items()),
        include=(
            tuple(Glob.compile(pattern) for pattern in data["include"])
            if data["include"] is not None
            else None
        ),
        exclude=tuple(Glob.compile(pattern) for pattern in data["exclude"]),
        force_exclude=data["force_exclude"],
        methods=tuple((Glob.compile(pattern), name) for pattern, name in data["methods"].items()),
        endpoints=tuple(
            (Glob.compile(pattern), name) for pattern, name in data["endpoints"].items()
        ),
        connectors=tuple(data["connectors"]),
    )


# ------------------------------------------------------------------------------------------------
# Per file: the configuration that applies, merged with the command line
# ------------------------------------------------------------------------------------------------


class Overrides(NamedTuple):
    """What the command line says; ``None`` (or empty) leaves the configuration's value."""

    target: Target | None = None
    method: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    force_exclude: bool | None = None
    endpoint: str | None = None  # --endpoint

    @property
    def layer(self) -> Layer:
        return Layer(self.select, self.extend_select, self.ignore)


class FileSettings(NamedTuple):
    """Everything that decides how one file is checked and what it reports."""

    config: Config
    target: Target
    target_from: str  # --target | the configuration file | default
    method: str | None = None  # --method
    mapped: str | None = None  # [tool.bicon-lint.methods]
    mapped_by: str | None = None  # the glob that mapped it
    per_file_ignores: tuple[str, ...] = ()
    selection: Selection = Selection()
    excluded: bool = False
    force_exclude: bool = False
    endpoint: str | None = None  # --endpoint
    endpoint_mapped: str | None = None  # [tool.bicon-lint.endpoints]
    endpoint_by: str | None = None  # the glob that mapped it

    @property
    def answer_endpoint(self) -> str | None:
        """The endpoint whose answer the file is, byte for byte: ``--endpoint`` >
        ``--method`` (then none) > ``[tool.bicon-lint.endpoints]`` (an answer envelope in the
        file still comes first: ``bicon_lint.answers``)."""
        if self.endpoint is not None or self.method is not None:
            return self.endpoint
        return self.endpoint_mapped

    @property
    def force_excluded(self) -> bool:
        """Skip this file although it was named explicitly (``force-exclude``)."""
        return self.force_exclude and self.excluded

    def method_for(self, value: Any) -> str | None:
        """``--method`` > the file's own envelope > ``[tool.bicon-lint.methods]`` > inference
        (``None`` lets :func:`bicon_lint.identify.identify` read the envelope or infer)."""
        if self.method is not None:
            return self.method
        if self.mapped is not None and envelope_method(value) is None:
            return self.mapped
        return None

    def select(self, report: Report) -> Report:
        return apply_to_report(report, self.selection)


def _first(*targets: Target | None) -> Target:
    return next(target for target in targets if target is not None)


_SLASH_ONLY: Final = os.sep == "/" and os.altsep is None


def _split(named: str) -> tuple[str, str]:
    """``os.path.split(named)``, sooner where "/" is the only separator (a run asks it of every
    path): the folder keeps any slashes before the name (``a//b`` gives ``a//``), which only
    makes it a key of its own for the same folder.

    >>> _split("a/b.json") if _SLASH_ONLY else ("a/", "b.json")
    ('a/', 'b.json')
    """
    if _SLASH_ONLY:
        cut = named.rfind("/") + 1
        return named[:cut], named[cut:]
    return os.path.split(named)


class Resolver:
    """Finds and caches the configuration of every folder, and resolves each file's settings."""

    def __init__(
        self,
        overrides: Overrides | None = None,
        *,
        config_file: str | os.PathLike[str] | None = None,
        isolated: bool = False,
        cwd: Path | None = None,
    ) -> None:
        self.overrides = overrides or Overrides()
        self.cwd = Path(os.path.abspath(cwd or Path.cwd()))
        self.isolated = isolated
        self._fixed: Config | None = None
        if isolated:
            self._fixed = Config(root=self.cwd)
        elif config_file is not None:
            self._fixed = load_config(Path(config_file), required=True)
        self._folders: dict[str, Config] = {}  # absolute folder -> its configuration
        self._cwd = os.fspath(self.cwd)
        self._shared: dict[int, tuple[Config, tuple[Target, str, Selection]]] = {}
        self._given_folders: dict[str, Config] = {}  # a folder as given -> its configuration
        # a folder as given -> the settings every file in it shares (no glob or exclude applies)
        self._folder_settings: dict[str, FileSettings] = {}

    def _absolute(self, path: str | os.PathLike[str]) -> str:
        return os.path.normpath(os.path.join(self._cwd, path))

    def config_for(self, folder: str | os.PathLike[str]) -> Config:
        """The configuration of files in ``folder``: the closest ``[tool.bicon-lint]`` above."""
        if self._fixed is not None:
            return self._fixed
        return self._config_at(self._absolute(folder))

    def _config_at(self, place: str) -> Config:
        """``config_for`` of an absolute, normalised folder."""
        known = self._folders.get(place)
        if known is not None:
            return known
        passed: list[str] = []
        found: Config | None = None
        while True:
            if place in self._folders:
                found = self._folders[place]
                break
            passed.append(place)
            candidate = os.path.join(place, CONFIG_NAME)
            if os.path.isfile(candidate):
                found = load_config(Path(candidate))
                if found is not None:
                    break
            parent = os.path.dirname(place)
            if parent == place:
                break
            place = parent
        if found is None:
            found = Config(root=self.cwd)
        for place in passed:
            self._folders[place] = found
        return found

    def settings_for(self, path: str | os.PathLike[str] | None) -> FileSettings:
        """The settings of a file (``None``: standard input without ``--stdin-filename``)."""
        if path is None:
            return self._settings_for(None)
        folder, name = _split(os.fspath(path))
        if name in ("", ".", ".."):  # not a file name: its folder is not the one split off
            return self._settings_for(path)
        shared = self._folder_settings.get(folder)
        if shared is not None:
            return shared
        settings = self._settings_for(path)
        config = settings.config
        if not (config.methods or config.per_file_ignores or config.exclude or config.endpoints):
            self._folder_settings[folder] = settings  # nothing in it depends on the file's name
        return settings

    def _settings_for(self, path: str | os.PathLike[str] | None) -> FileSettings:
        overrides = self.overrides
        absolute = self._absolute(path) if path is not None else None
        config = self._fixed or self._config_at(
            os.path.dirname(absolute) if absolute is not None else self._cwd
        )
        globbed = absolute is not None and (
            config.methods or config.per_file_ignores or config.endpoints
        )
        relative = config.relative(Path(absolute)) if globbed and absolute is not None else None
        name = os.path.basename(absolute) if absolute is not None else ""
        mapped = mapped_by = endpoint = endpoint_by = None
        ignores: list[str] = []
        if globbed:
            for glob, method in config.methods:
                if glob.matches(relative, name):
                    mapped, mapped_by = method, glob.pattern  # the last matching glob wins
            for glob, answered in config.endpoints:
                if glob.matches(relative, name):
                    endpoint, endpoint_by = answered, glob.pattern
            for glob, codes in config.per_file_ignores:
                if glob.matches(relative, name):
                    ignores.extend(codes)
        target, target_from, selection = self._common(config)
        if ignores:
            layers = [config.layer, overrides.layer, Layer(ignore=tuple(ignores))]
            selection = Selection(
                tuple(layer for layer in layers if not layer.empty), config.severity
            )
        return FileSettings(
            config=config,
            target=target,
            target_from=target_from,
            method=overrides.method,
            mapped=mapped,
            mapped_by=mapped_by,
            per_file_ignores=tuple(ignores),
            selection=selection,
            excluded=absolute is not None
            and bool(config.exclude)
            and config.excluded(Path(absolute), ancestors=True),
            force_exclude=(
                overrides.force_exclude
                if overrides.force_exclude is not None
                else config.force_exclude
            ),
            endpoint=overrides.endpoint,
            endpoint_mapped=endpoint,
            endpoint_by=endpoint_by,
        )

    def _common(self, config: Config) -> tuple[Target, str, Selection]:
        """What every file under ``config`` shares: its target (and where it comes from) and its
        selection before per-file ignores; made once per configuration."""
        known = self._shared.get(id(config))
        if known is not None and known[0] is config:
            return known[1]
        overrides = self.overrides
        target_from = (
            "--target"
            if overrides.target is not None
            else ("the configuration file" if config.target is not None else "default")
        )
        layers = [layer for layer in (config.layer, overrides.layer) if not layer.empty]
        common = (
            _first(overrides.target, config.target, DEFAULT_TARGET),
            target_from,
            Selection(tuple(layers), config.severity),
        )
        self._shared[id(config)] = (config, common)
        return common

    def walks_by_type(self, folder: str) -> bool:
        """Whether a walk keeps exactly the files of ``folder`` that bicon-lint reads: no
        ``include`` or ``exclude`` applies there, so ``walk_keeps`` need not be asked per file."""
        config = self._fixed or self._config_at(self._absolute(folder))
        return config.include is None and not config.exclude and not config.endpoints

    def walk_keeps(self, path: Path, *, folder: bool, default: bool = True) -> bool:
        """Whether a directory walk goes into ``folder`` / checks the file ``path``."""
        absolute = self._absolute(path)
        config = self._fixed or self._config_at(os.path.dirname(absolute))
        if config.exclude and config.excluded(Path(absolute), ancestors=False):
            return False
        if folder or config.include is None:
            return True if folder else default or _answers(config, Path(absolute))
        return config.included(Path(absolute), default)

    def force_excluded(self, path: str | os.PathLike[str]) -> bool:
        """A path named on the command line that ``force-exclude`` skips (what
        ``settings_for(path).force_excluded`` says, without the rest of the settings)."""
        forced = self.overrides.force_exclude
        if forced is False:
            return False
        named = os.fspath(path)
        folder = _split(named)[0]  # as given: a command line repeats a few folders
        config = self._given_folders.get(folder)
        if config is None:
            config = self._fixed or self._config_at(self._absolute(os.path.dirname(named)))
            self._given_folders[folder] = config
        if not (config.force_exclude if forced is None else forced) or not config.exclude:
            return False
        return config.excluded(Path(self._absolute(path)), ancestors=True)


def _answers(config: Config, path: Path) -> bool:
    """``[tool.bicon-lint.endpoints]`` maps the file to an endpoint: a walk checks it, whatever
    its name ends with (an answer body is often ``.txt`` or ``.html``)."""
    relative = config.relative(path)
    return any(glob.matches(relative, path.name) for glob, _ in config.endpoints)


# ------------------------------------------------------------------------------------------------
# --show-settings
# ------------------------------------------------------------------------------------------------


def _listed(values: Iterable[str] | None, none: str = "(none)") -> str:
    items = list(values) if values is not None else []
    return ", ".join(items) if items else none


def describe(shown: str, settings: FileSettings, resolver: Resolver) -> str:
    """The resolved settings of one path (``shown``), for ``bicon-lint check --show-settings``."""
    from bicon_lint.docs import ALL_RULES

    config, overrides = settings.config, resolver.overrides
    if config.path is not None:
        source = _shown(config.path)
    else:
        source = "none (--isolated)" if resolver.isolated else "none found (defaults)"
    if settings.method is not None:
        method = f"{settings.method} (--method)"
    elif settings.mapped is not None:
        method = (
            f"{settings.mapped} ([tool.bicon-lint.methods] {settings.mapped_by!r}; "
            "an envelope in the file comes first)"
        )
    else:
        method = "from the file's envelope, or inferred from its shape"
    if settings.answer_endpoint is not None:
        given = (
            "--endpoint"
            if settings.endpoint is not None
            else f"[tool.bicon-lint.endpoints] {settings.endpoint_by!r}"
        )
        method = (
            f"none: the file is a {settings.answer_endpoint} answer ({given}; an answer "
            "envelope in the file comes first)"
        )
    select = overrides.select if overrides.select is not None else config.select
    off: list[str] = []
    graded: list[str] = []
    total = 0
    for rule in ALL_RULES:
        for code, info in rule.spec.codes.items():
            total += 1
            label = code if len(rule.spec.codes) == 1 else f"{code} ({rule.spec.name})"
            if not settings.selection.enabled(code, rule.spec.name):
                off.append(label)
                continue
            severity = settings.selection.severity_of(code, rule.spec.name, info.severity)
            if severity is not info.severity:
                graded.append(f"{label}: {info.severity.value} -> {severity.value}")
    lines = [
        f"Settings for: {shown}",
        f"config file: {source}",
        f"target: {settings.target.label} (from {settings.target_from})",
        f"method: {method}",
        f"select: {_listed(select, ALL)}",
        f"extend-select: {_listed([*config.extend_select, *overrides.extend_select])}",
        f"ignore: {_listed([*config.ignore, *overrides.ignore])}",
        f"per-file-ignores for this file: {_listed(settings.per_file_ignores)}",
        "severity: " + _listed(f"{key} = {value.value}" for key, value in config.severity),
        "include: "
        + (
            _listed(g.pattern for g in config.include)
            if config.include is not None
            else "(the file types bicon-lint reads: "
            + ", ".join(f"*{suffix}" for suffix in READABLE_SUFFIXES)
            + ")"
        ),
        f"exclude: {_listed(g.pattern for g in config.exclude)}",
        "connectors: "
        + (
            f"{_listed(config.connectors)} ({_files(len(config.connector_files()))} read for "
            "the source payloads checked)"
            if config.connectors
            else "(none)"
        ),
        f"force-exclude: {str(settings.force_exclude).lower()}"
        + (" (this path is excluded)" if settings.excluded else ""),
        f"codes reported: {total - len(off)} of {total}",
        f"codes not reported: {_listed(off)}",
        f"severity changed: {_listed(graded)}",
    ]
    return "\n".join(lines)


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def describe_search(shown: str, folder: str, resolver: Resolver) -> str:
    """What a directory search of ``folder`` (``shown`` as given) does, for ``--show-settings``
    of a directory: which files it reads, which folders and files it skips, and that only
    recognisable payloads among them are checked (``runner.walk``, ``runner.candidates``)."""
    from bicon_lint.runner import SKIPPED_DIRECTORIES  # the runner imports this module

    config = resolver.config_for(folder)
    overrides = resolver.overrides
    below = f"a folder below whose {CONFIG_NAME} has a {TABLE} table uses that one for its files"
    if resolver.isolated:
        source = "none (--isolated)"
    elif resolver._fixed is not None:
        source = f"{_shown(config.path or config.root)} (--config: for every file)"
    elif config.path is not None:
        source = f"{_shown(config.path)} ({below})"
    else:
        source = f"none found (defaults; {below})"
    if config.include is not None:
        reads = "the files include matches: " + _listed(g.pattern for g in config.include)
    else:
        reads = "files named " + ", ".join(f"*{suffix}" for suffix in READABLE_SUFFIXES)
        if config.endpoints:
            reads += ", and the files [tool.bicon-lint.endpoints] maps: " + _listed(
                repr(glob.pattern) for glob, _ in config.endpoints
            )
    skipped = ", ".join(sorted(SKIPPED_DIRECTORIES))
    if overrides.endpoint is not None:
        checks = f"every file found, as the body of a {overrides.endpoint} answer (--endpoint)"
    elif overrides.method is not None:
        checks = f"every file found, as {overrides.method} params (--method)"
    else:
        checks = (
            'only recognisable biconnector payloads: envelopes ({"method": ..., "params": '
            "...}), batch calls, form bodies with a method comment, files "
            "[tool.bicon-lint.methods] maps, biconnector.* calls in programs and docs, and "
            "endpoint answers; every other file (package.json, bare params) is skipped silently"
        )
    lines = [
        f"Directory search of: {shown} (every folder below it; files in name order)",
        f"config file of its files: {source}",
        f"reads: {reads}",
        f"skips folders: hidden ones (named .*), {skipped}; links to folders are not followed",
        "skips (exclude): "
        + _listed(g.pattern for g in config.exclude)
        + (" (what it matches, file or folder, is not searched)" if config.exclude else ""),
        f"checks: {checks}",
    ]
    return "\n".join(lines)


__all__ = [
    "CONFIG_NAME",
    "Config",
    "ConfigError",
    "FileSettings",
    "Glob",
    "Overrides",
    "Resolver",
    "describe",
    "describe_search",
    "load_config",
    "parse_config",
    "schema",
    "selector_problem",
    "shown_path",
]
