"""The ``bicon-lint`` command. Exit codes: 0 clean, 1 errors found, 2 the tool could not do its job."""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from bicon_lint import __version__
from bicon_lint.reporters import FORMATS
from bicon_lint.reporters._common import printable
from bicon_lint.targets import DEFAULT_TARGET, Target

if TYPE_CHECKING:
    from bicon_lint.api import RunResult
    from bicon_lint.config import Resolver
    from bicon_lint.methods import Method

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
GC_THRESHOLD = 100_000  # allocations between young-generation collections (default: 700)
TARGET_CHOICE = click.Choice([target.label for target in Target])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bicon-lint")
def cli() -> None:
    """Offline linter for Bitrix24 BI Builder (biconnector.*) REST payloads."""


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _selectors(
    _context: click.Context, parameter: click.Parameter, values: Sequence[str]
) -> tuple[str, ...] | None:
    """``--select A,B --select C``: each checked like the configuration's selectors."""
    from bicon_lint.config import selector_problem

    if not values:
        return None
    found = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    for selector in found:
        problem = selector_problem(selector)
        if problem is not None:
            raise click.BadParameter(problem, param=parameter)
    return found


def _method(value: str | None) -> str | None:
    """``--method``, checked like the configuration's ``methods`` (a did-you-mean, exit 2). In
    the command, not in a callback: parsing alone (``options_first``) never fails on it."""
    from bicon_lint.methods import UnknownMethodError, check_method

    if value is None:
        return None
    try:
        return check_method(value)
    except UnknownMethodError as error:
        raise click.BadParameter(str(error), param_hint="'--method' / '-m'") from None


def _endpoint(value: str | None) -> str | None:
    """``--endpoint``, checked like the configuration's ``endpoints`` (a did-you-mean, exit 2)."""
    from bicon_lint.answers import UnknownEndpointError, check_endpoint

    if value is None:
        return None
    try:
        return check_endpoint(value)
    except UnknownEndpointError as error:
        raise click.BadParameter(str(error), param_hint="'--endpoint' / '-e'") from None


def _fail(message: str) -> NoReturn:
    click.echo(f"bicon-lint: error: {printable(message)}", err=True)
    sys.exit(EXIT_FAILURE)


def _require_method_on(method: Method, target: Target) -> None:
    """A method the server version lacks: one line, exit 2, as the portal would refuse it."""
    if not method.exists_on(target):
        _fail(
            f"{method.name} does not exist on {target.label} (it appeared in "
            f"{method.since.label}): the portal answers ERROR_METHOD_NOT_FOUND"
        )


class PathsCommand(click.Command):
    """A command whose arguments are mostly paths: a long command line is handed to click with
    its options first and the paths after ``--``. Click's parser takes each argument off the
    front of a list, which is quadratic (100,000 paths: about half a second); after ``--`` it
    takes the rest at once. The meaning is unchanged: which tokens are option values is read
    from the command's own options (tests/test_cli.py parses both ways)."""

    LONG = 256  # arguments; shorter command lines are parsed exactly as given

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if len(args) > self.LONG:
            args = options_first(self, args)
        return super().parse_args(ctx, args)


def options_first(command: click.Command, args: list[str]) -> list[str]:
    """``args`` with every option (and its value) first, then ``--`` and the positional
    arguments in their order; unchanged if it already has ``--`` (paths may follow it)."""
    if "--" in args:
        return args
    valued = {
        name
        for parameter in command.params
        if isinstance(parameter, click.Option) and not parameter.is_flag
        for name in (*parameter.opts, *parameter.secondary_opts)
    }
    options: list[str] = []
    positional: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if token == "-" or not token.startswith("-"):
            positional.append(token)
            continue
        options.append(token)
        if token.startswith("--"):
            name, attached = token.split("=", 1)[0], "=" in token
        else:
            name, attached = token[:2], len(token) > 2  # -fjson
        if name in valued and not attached:
            value = next(tokens, None)  # the option's value, whatever it looks like, as click
            if value is None:
                return args  # no value: click says so, as it would have
            options.append(value)
    return [*options, "--", *positional]


class PathsArgument(click.Argument):
    """The paths, taken as the parser gives them (strings). Not passed through the type one by
    one, which costs 8 ms for ten thousand paths, nor looked at here (``click.Path`` would stat
    each one): reading a path reports it missing or unreadable with its own diagnostic. The
    type still completes them in a shell."""

    def type_cast_value(self, ctx: click.Context, value: Any) -> Any:
        return () if value is None else tuple(value)


@cli.command(cls=PathsCommand)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str), cls=PathsArgument)
@click.option(
    "--method",
    "-m",
    help="The method the files are for, in full: biconnector.connector.update (overrides an "
    "envelope and [tool.bicon-lint.methods]).",
)
@click.option(
    "--endpoint",
    "-e",
    help="The connector endpoint the files answer: urlCheck, urlTableList, urlTableDescription "
    "or urlData. Each file is the answer's body, byte for byte (an answer envelope in a file "
    "comes first; overrides [tool.bicon-lint.endpoints]).",
)
@click.option(
    "--target",
    "-t",
    type=TARGET_CHOICE,
    help=f"Server version to check against  [default: the configuration's, or {DEFAULT_TARGET.label}]",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(FORMATS),
    help="Output format  [default: github inside GitHub Actions, else text]",
)
@click.option(
    "--select",
    multiple=True,
    callback=_selectors,
    metavar="SELECTORS",
    help="Report only these codes, rule names or code prefixes (comma-separated; replaces the "
    "configuration's select).",
)
@click.option(
    "--extend-select",
    multiple=True,
    callback=_selectors,
    metavar="SELECTORS",
    help="Report these too, on top of select.",
)
@click.option(
    "--ignore",
    multiple=True,
    callback=_selectors,
    metavar="SELECTORS",
    help="Do not report these codes, rule names or code prefixes.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    help="Use this configuration file (a pyproject.toml, or a TOML file holding the table's keys) "
    "instead of searching for one.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "--force-exclude/--no-force-exclude",
    default=None,
    help="Apply the configuration's exclude to files named on the command line too "
    "(overrides force-exclude).",
)
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the settings that apply to each PATH, then exit.",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how often each code was found instead of every diagnostic (text, or json "
    "with --format json), then the summary line.",
)
@click.option(
    "--only-payloads",
    is_flag=True,
    help="Skip files that are not recognisably biconnector payloads (the pre-commit hook's mode).",
)
@click.option(
    "--stdin-filename",
    help="The name to report for input read from '-'; its extension chooses the format.",
)
@click.option(
    "--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
def check(
    paths: Sequence[str],
    method: str | None,
    endpoint: str | None,
    target: str | None,
    output_format: str | None,
    select: tuple[str, ...] | None,
    extend_select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    config_file: str | None,
    isolated: bool,
    force_exclude: bool | None,
    show_settings: bool,
    statistics: bool,
    only_payloads: bool,
    stdin_filename: str | None,
    color: str,
    exit_zero: bool,
) -> None:
    """Check payload files (JSON, YAML, form-encoded, batch) and the biconnector.* calls written in
    PHP, JavaScript/TypeScript, Python, Go and Markdown files, and a connector's endpoint answers
    (answer envelopes, or bare bodies with --endpoint). A directory is searched for such files;
    '-' reads stdin.

    Settings come from [tool.bicon-lint] in the closest pyproject.toml above each file; the
    options here override them.
    """
    from bicon_lint.config import ConfigError, Overrides, Resolver
    from bicon_lint.reporters import Stream, default_format, file_renderer, render, stream
    from bicon_lint.runner import EMPTY_PATH, Options, run_paths

    if config_file is not None and isolated:
        raise click.UsageError("--config and --isolated cannot be used together")
    if statistics:  # counts are text or JSON; not github, even inside GitHub Actions
        output_format = _statistics_format(output_format)
    if "" in paths:
        raise click.BadParameter(EMPTY_PATH, param_hint="'PATHS...'")
    _check_jobs()
    method = _method(method)
    endpoint = _endpoint(endpoint)
    if method is not None and endpoint is not None:
        raise click.UsageError("--method and --endpoint cannot be used together")
    overrides = Overrides(
        target=Target.parse(target) if target is not None else None,
        method=method,
        select=select,
        extend_select=extend_select or (),
        ignore=ignore or (),
        force_exclude=force_exclude,
        endpoint=endpoint,
    )
    try:
        resolver = Resolver(overrides, config_file=config_file, isolated=isolated)
        if show_settings:
            _show_settings(resolver, paths, stdin_filename)
            sys.exit(EXIT_CLEAN)
        output_format = output_format or default_format(os.environ)
        painted = _use_color(color)
        # one file's part written as it is made (text, json): a flood's lines are never all held
        streamed: Stream | None = None
        if not statistics:
            streamed = stream(output_format, painted, lambda piece: _print_report(piece, painted))
        options = Options(
            method=method,
            target=overrides.target or DEFAULT_TARGET,
            only_payloads=only_payloads,
            stdin_filename=stdin_filename,
            resolver=resolver,
            endpoint=endpoint,
            # each file's output made in the worker that lints it (text, json, github): thousands of
            # reports are then neither sent back nor kept (--statistics counts the reports)
            render_file=None if statistics else file_renderer(output_format, painted),
            stream=None if streamed is None else streamed.file,
        )
        result = run_paths(paths, options)
    except ConfigError as error:
        _fail(str(error))
    for failure in result.failures:
        click.echo(f"bicon-lint: error: {printable(failure)}", err=True)
    if only_payloads and output_format == "text" and _nothing_checked(result):
        sys.exit(EXIT_CLEAN)  # a hook's chunk of other files: silence, not "No payload files"
    if statistics:
        _print_report(_statistics(result, output_format, painted), painted)
    elif streamed is not None and streamed.started:
        streamed.finish(result)
    else:
        _print_report(render(output_format, result, color=painted), painted)
    if result.failures:
        sys.exit(EXIT_FAILURE)
    sys.exit(EXIT_FINDINGS if result.errors and not exit_zero else EXIT_CLEAN)


def _check_jobs() -> None:
    """``BICON_LINT_JOBS`` set to anything but a positive whole number: one line, exit 2 (unset
    or empty: one process per core)."""
    from bicon_lint.parallel import JobsError, jobs_requested

    try:
        jobs_requested()
    except JobsError as error:
        _fail(str(error))


def _nothing_checked(result: RunResult) -> bool:
    """No file of the run was checked and none failed to be read: with ``--only-payloads``
    (pre-commit's hook, called once per chunk of the staged files) such a run prints nothing."""
    return not result.failures and not result.counted().checked


def _print_report(text: str, painted: bool) -> None:
    """Write a report. Unpainted, it holds no escape sequence (what a terminal would act on in
    payload text is escaped: ``reporters._common.printable``), so it is written as it is:
    ``click.echo`` would run its ANSI-stripping regex over the whole output."""
    if painted:
        click.echo(text, nl=False, color=True)
        return
    if sys.stdout is not None:  # None without a console (pythonw), where click.echo is silent
        sys.stdout.write(text)
        sys.stdout.flush()


def _show_settings(resolver: Resolver, paths: Sequence[str], stdin_filename: str | None) -> None:
    from bicon_lint.config import describe, describe_search

    blocks = []
    for path in paths:
        named = stdin_filename if path == "-" else path
        shown = "<stdin>" if named is None else named
        block = describe(shown, resolver.settings_for(named), resolver)
        if path != "-" and os.path.isdir(path):  # what searching it does, not only its settings
            block += "\n" + describe_search(path, path, resolver)
        blocks.append(block)
    click.echo("\n\n".join(blocks))


STATISTICS_FORMATS = ("text", "json")


def _statistics_format(output_format: str | None) -> str:
    """The format of ``--statistics``: text (also where ``github`` would be the default), or
    JSON; any other format named is a usage error."""
    if output_format is None:
        return "text"
    if output_format not in STATISTICS_FORMATS:
        raise click.UsageError(f"--statistics prints text or json, not {output_format}")
    return output_format


def _statistics(result: RunResult, output_format: str, color: bool) -> str:
    """``--statistics``: one row per code, most frequent first, and the run's summary line
    (``reporters.text.render_statistics``); with ``--format json``, the rows as JSON (README)."""
    if output_format != "json":
        from bicon_lint.reporters.text import render_statistics

        return render_statistics(result, color)
    from bicon_lint.reporters._common import code_counts

    entries = [
        {"code": row.code, "rule": row.rule, "severity": row.severity.value, "count": row.times}
        for row in code_counts(result)
    ]
    return json.dumps({"version": 1, "statistics": entries}, indent=2) + "\n"


@cli.command()
@click.argument("code_or_name")
def rule(code_or_name: str) -> None:
    """Explain a rule or code: what the server does, its messages, pass and fail examples, and
    the sources that show it."""
    from bicon_lint.docs import explain_text, unknown_rule_message

    text = explain_text(code_or_name)
    if text is None:
        message = unknown_rule_message(code_or_name)
        raise click.BadParameter(message, param_hint="'CODE_OR_NAME'")
    click.echo(text)


@cli.command(name="rules")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option("--markdown", is_flag=True, help="Print docs/rules.md (same as --format markdown).")
def list_rules(output_format: str, markdown: bool) -> None:
    """List every rule: code, name, methods, server versions, severity."""
    from bicon_lint.docs import markdown as rules_markdown
    from bicon_lint.docs import rules_json, rules_table

    if markdown or output_format == "markdown":
        click.echo(rules_markdown(), nl=False)
    elif output_format == "json":
        click.echo(rules_json())
    else:
        click.echo(rules_table())


@cli.command()
@click.argument("entity", type=click.Choice(["connector", "source", "dataset", "table"]))
@click.option("--target", "-t", type=TARGET_CHOICE, default=DEFAULT_TARGET.label, show_default=True)
def fields(entity: str, target: str) -> None:
    """Print what biconnector.ENTITY.fields answers, to diff against a live portal."""
    from bicon_lint.contract import api_fields
    from bicon_lint.methods import METHODS

    chosen = Target.parse(target)
    _require_method_on(METHODS[f"biconnector.{entity}.fields"], chosen)
    click.echo(json.dumps({"fields": api_fields(entity, chosen)}, indent=2))


@cli.command()
@click.argument("method", required=False)
@click.option("--target", "-t", type=TARGET_CHOICE, default=DEFAULT_TARGET.label, show_default=True)
@click.option(
    "--envelope",
    is_flag=True,
    help='The schema of the envelope {"method": METHOD, "params": {...}}, not of the params.',
)
@click.option(
    "--write",
    "directory",
    type=click.Path(file_okay=False, path_type=str),
    metavar="DIRECTORY",
    help="Write every method's schema, the envelope schema and catalog.json there "
    "(schemas/ in the repository) instead of printing one.",
)
def schema(method: str | None, target: str, envelope: bool, directory: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of METHOD's params, for editors; without METHOD, the
    schema of an envelope of any biconnector method. A schema error means the server rejects the
    call."""
    from pathlib import Path

    from bicon_lint import schema as schemas
    from bicon_lint.methods import METHODS, UnknownMethodError, check_method

    chosen = Target.parse(target)
    if directory is not None:
        if method is not None or envelope:
            raise click.UsageError("--write takes no METHOD and no --envelope")
        for path in schemas.write(Path(directory), chosen):
            click.echo(str(path))
        return
    if method is None:
        click.echo(schemas.dumps(schemas.envelope_schema(None, chosen)), nl=False)
        return
    try:
        name = check_method(method)
    except UnknownMethodError as error:
        raise click.BadParameter(str(error), param_hint="'METHOD'") from None
    _require_method_on(METHODS[name], chosen)
    made = (
        schemas.envelope_schema(name, chosen) if envelope else schemas.params_schema(name, chosen)
    )
    click.echo(schemas.dumps(made), nl=False)


@cli.command()
@click.argument("connector_payload", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--setting",
    "-s",
    "settings",
    multiple=True,
    metavar="CODE=VALUE",
    help="A source setting the portal sends as connection[CODE] (repeat for each).",
)
@click.option("--table", help="The table to describe and query  [default: the first one listed]")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    help="The urlData query's limit  [default: 20, as the portal's dataset preview]",
)
@click.option("--target", "-t", type=TARGET_CHOICE, default=DEFAULT_TARGET.label, show_default=True)
@click.option("--format", "-f", "output_format", type=click.Choice(FORMATS), default="text")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Wait at most this long to connect and for each read (the portal: 250 s and 60 s; "
    "only shorter limits apply).",
)
@click.option(
    "--allow-local",
    is_flag=True,
    help="Call private and loopback addresses, as a portal with the option "
    "allow_local_connections does (a local test server).",
)
@click.option(
    "--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True
)
def probe(
    connector_payload: str,
    settings: Sequence[str],
    table: str | None,
    limit: int | None,
    target: str,
    output_format: str,
    timeout: float | None,
    allow_local: bool,
    color: str,
) -> None:
    """Call the endpoints of the connector in CONNECTOR_PAYLOAD (a connector.add or .update
    payload) as the portal does: urlCheck, urlTableList, urlTableDescription, then a small
    urlData query; lint every answer and show how long each call took. The only command that
    uses the network."""
    from bicon_lint.portal_http import Limits
    from bicon_lint.probe import ProbeError, command, parse_settings

    try:
        given = parse_settings(settings)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--setting'") from None
    try:
        report, summary, errors = command(
            connector_payload,
            given,
            table=table,
            limit=limit,
            target=Target.parse(target),
            output_format=output_format,
            limits=Limits.capped(timeout),
            allow_local=allow_local,
            color=_use_color(color),
        )
    except ProbeError as error:
        _fail(str(error))
    if summary:
        click.echo(summary, nl=False, err=True)
    _print_report(report, _use_color(color))
    sys.exit(EXIT_FINDINGS if errors else EXIT_CLEAN)


@cli.command()
@click.argument("endpoint")
@click.option(
    "--connector",
    "-c",
    "connector_path",
    required=True,
    metavar="PATH",
    help="The connector.add/update payload (any form 'check' reads) naming the URLs.",
)
@click.option("--method", "-m", help="The connector payload's method, for bare params.")
@click.option(
    "--setting",
    "-s",
    "settings",
    multiple=True,
    metavar="CODE=VALUE",
    help="A value the source stores for a setting the connector declares.",
)
@click.option(
    "--raw-settings",
    is_flag=True,
    help="urlCheck as biconnector.source.add/update sends it: settings as passed "
    "(untrimmed, undeclared codes kept).",
)
@click.option("--table", metavar="CODE", help="The table code (urlTableDescription, urlData).")
@click.option("--search", default="", metavar="TEXT", help="urlTableList: the picker's search.")
@click.option(
    "--select",
    multiple=True,
    metavar="NAME[:TYPE],...",
    help="urlData from BI Builder: the dataset fields asked for (types for filters).",
)
@click.option(
    "--field",
    "dataset_fields",
    multiple=True,
    metavar="NAME:TYPE",
    help="A dataset field that is not selected (filters may use it).",
)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FILTER",
    help="'date:[FIELD:]START..END', 'FIELD=A,B | FIELD>5' (one OR group), or JSON.",
)
@click.option(
    "--map-field",
    "map_fields",
    multiple=True,
    metavar="CODE=NAME",
    help="urlData: a dataset field's external code and NAME (mapFields, 2026-01+).",
)
@click.option("--limit", type=int, help="urlData: the BI Builder query's limit (preview: 20).")
@click.option(
    "--date-format",
    default="DD.MM.YYYY",
    show_default=True,
    help="The portal's site date format (Bitrix notation).",
)
@click.option(
    "--datetime-format",
    default="DD.MM.YYYY HH:MI:SS",
    show_default=True,
    help="The portal's site datetime format.",
)
@click.option("--target", "-t", type=TARGET_CHOICE, default=DEFAULT_TARGET.label, show_default=True)
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(["form", "curl", "json"]),
    default="form",
    show_default=True,
)
def request(endpoint: str, connector_path: str, target: str, **options: Any) -> None:
    """Print the exact body the portal POSTs to ENDPOINT (urlCheck, urlTableList,
    urlTableDescription, urlData), or the equivalent curl command, to test a handler with."""
    from bicon_lint.loaders import LoadError
    from bicon_lint.portal_request import PortalRequestError
    from bicon_lint.request_command import run

    try:
        text = run(endpoint, connector_path, target=Target.parse(target), **options)
    except (PortalRequestError, LoadError) as error:
        _fail(str(error))
    if options["output"] == "form" and sys.stdout.isatty():
        text += "\n"  # the body is exact; a terminal gets a line end after it
    click.echo(text, nl=False)


@cli.command()
@click.option(
    "--stdio",
    is_flag=True,
    help="Talk over standard input and output (the only way; accepted because editors pass it).",
)
def server(stdio: bool) -> None:
    """Run the language server (LSP) over standard input and output, for editors: diagnostics
    as you type, the rule's documentation on hover, quick fixes. Set-up: docs/editors.md."""
    from bicon_lint.lsp.server import serve  # pygls: imported by this command only

    sys.exit(serve())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: never a traceback; an unexpected exception is an internal error, exit 2."""
    # A short run that keeps every document's report until it prints them: the cyclic garbage
    # collector's repeated scans of those (acyclic) objects cost more than they could ever free,
    # so collect rarely, and never rescan what was loaded at start. (The library leaves the
    # collector of the program that imports it alone.)
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 50, 100)
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="bicon-lint")
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_FAILURE)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of defence: report, never a traceback
        click.echo(f"bicon-lint: internal error: {type(error).__name__}: {error}", err=True)
        return EXIT_FAILURE
    return EXIT_CLEAN


def entry() -> NoReturn:
    """The ``bicon-lint`` command (and ``python -m bicon_lint.cli``): :func:`main`, then leave at
    once. The interpreter's teardown would free a large run's objects one by one (10,000 files:
    about 5 ms more than the exit itself), and nothing is left to write but the standard
    streams, which are flushed first. :func:`main` is for calling from Python."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # closed early (``| head``): what was read is what was wanted
            pass
    os._exit(code)


if __name__ == "__main__":
    entry()
