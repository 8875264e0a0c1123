"""The ``bicon-lint`` command. Exit codes: 0 clean, 1 errors found, 2 the tool could not do its job."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence

import click

from bicon_lint import __version__
from bicon_lint.targets import DEFAULT_TARGET, Target

EXIT_CLEAN, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2
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


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--method", "-m", help="The method the files are for (overrides an envelope).")
@click.option(
    "--target",
    "-t",
    type=TARGET_CHOICE,
    default=DEFAULT_TARGET.label,
    show_default=True,
    help="Server version to check against.",
)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--only-payloads",
    is_flag=True,
    help="Skip files that are not recognisably biconnector payloads (the pre-commit hook's mode).",
)
@click.option("--stdin-filename", help="The name to report for input read from '-'.")
@click.option(
    "--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
def check(
    paths: Sequence[str],
    method: str | None,
    target: str,
    output_format: str,
    only_payloads: bool,
    stdin_filename: str | None,
    color: str,
    exit_zero: bool,
) -> None:
    """Check payload files (JSON). A directory is searched for payload files; '-' reads stdin."""
    from bicon_lint.reporters import render
    from bicon_lint.runner import Options, run_paths

    options = Options(
        method=method,
        target=Target.parse(target),
        only_payloads=only_payloads,
        stdin_filename=stdin_filename,
    )
    result = run_paths(paths, options)
    painted = _use_color(color)
    for failure in result.failures:
        click.echo(f"bicon-lint: error: {failure}", err=True)
    click.echo(render(output_format, result, color=painted), nl=False, color=painted)
    if result.failures:
        sys.exit(EXIT_FAILURE)
    sys.exit(EXIT_FINDINGS if result.errors and not exit_zero else EXIT_CLEAN)


@cli.command()
@click.argument("code_or_name")
def rule(code_or_name: str) -> None:
    """Explain a rule: what the server does, where the spec says so, pass and fail examples."""
    from bicon_lint.docs import find_rules, rule_text
    from bicon_lint.state_codes import STATE_CODES, explain

    found = find_rules(code_or_name)
    if found:
        click.echo("\n\n".join(rule_text(rule) for rule in found))
    elif code_or_name.strip().upper() in STATE_CODES:
        click.echo(explain(STATE_CODES[code_or_name.strip().upper()]))
    else:
        raise click.UsageError(f"no rule or code named {code_or_name!r}; see 'bicon-lint rules'")


@cli.command(name="rules")
def list_rules() -> None:
    """List every rule: code, name, methods, server versions, severity."""
    from bicon_lint.docs import rules_table

    click.echo(rules_table())


@cli.command()
@click.argument("entity", type=click.Choice(["connector", "source", "dataset", "table"]))
@click.option("--target", "-t", type=TARGET_CHOICE, default=DEFAULT_TARGET.label, show_default=True)
def fields(entity: str, target: str) -> None:
    """Print what biconnector.ENTITY.fields answers, to diff against a live portal."""
    from bicon_lint.contract import api_fields

    click.echo(json.dumps({"fields": api_fields(entity, Target.parse(target))}, indent=2))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: never a traceback; an unexpected exception is an internal error, exit 2."""
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


if __name__ == "__main__":
    sys.exit(main())
