"""Time bicon-lint against check-jsonschema on a seeded corpus, and print the ratios.

    python benchmarks/run.py                 # everything (about five minutes)
    python benchmarks/run.py --quick         # fewer repetitions, no check-jsonschema on huge files
    python benchmarks/run.py --corpus DIR    # keep the generated corpus in DIR
    python benchmarks/run.py --only shapes --shape unknown-keys   # one case, one shape
    pip install -r benchmarks/requirements.txt   # the pinned check-jsonschema

check-jsonschema validates against ``connector-update.schema.json`` (kept next to this script),
a hand-written schema of comparable strength. Both tools run as their installed console scripts,
one process per measurement, with byte-code caches (a warm-up run first), each measurement
repeated and the median kept; where both tools are timed on the same files their runs alternate,
so that both meet the machine's passing states (another process, a slower spell) alike. Peak memory is the child's maximum resident set size, measured by
a small helper process that forks and execs it (``wait4``). Nothing here is a test: no timing is
asserted anywhere.

The "shapes" (``corpus.SHAPES``: payloads of 21 to 32 MB off the fast paths, and floods of a
warning or an error per settings item) are each timed against ``json.load`` of the same file in a
fresh process, their runs alternating; a flood's cost per finding is what it takes beyond that.

The "sources" case times ``bicon-lint check TREE`` on a seeded source tree (``corpus.
write_source_tree``: about 5,000 files of a PHP/JavaScript/Python app, 1% of them with
``biconnector.*`` calls) against ``grep -rli --exclude-dir=vendor --exclude-dir=node_modules
biconnector TREE``: GNU grep searches every folder unless told, and bicon-lint skips those two, so
both read the same files (outside them the tree holds only files bicon-lint reads). It is the
floor of a search for the calls: reading each file and finding the word in it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

SCHEMA = HERE / "connector-update.schema.json"
TARGETS = {"one": "<=0.4x", "many": "<=0.25x", "bare": "<=0.25x", "huge": "<=2 s", "text": "<=2 s"}

# Children get byte-code caches (as installed tools have) and no colour settings.
ENV = {k: v for k, v in os.environ.items() if k not in {"PYTHONDONTWRITEBYTECODE", "NO_COLOR"}}

# Runs argv[1:] and prints its wall time and peak RSS. A process forked from this benchmark (large
# after writing the corpus) would report the benchmark's own pages as its peak: this helper is
# smaller than any tool measured, so the peak it sees is the tool's.
SPAWN = """
import json, os, sys, time
null = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(json.dumps([time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]))
"""


@dataclass
class Measured:
    seconds: float
    peak_kib: int
    returncode: int


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{model}, {cores} cores, Python {platform.python_version()} ({platform.system()})"


def command(name: str, module: str) -> list[str]:
    search = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    found = shutil.which(name, path=search)
    return [found] if found else [sys.executable, "-m", module]


def run_once(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    done = subprocess.run(
        [sys.executable, "-c", SPAWN, *argv],
        cwd=cwd,
        env=env or ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak, returncode = json.loads(done.stdout)
    return Measured(seconds, int(peak), returncode)


def measure(
    argv: Sequence[str], cwd: Path, repeat: int, env: dict[str, str] | None = None
) -> Measured:
    run_once(argv, cwd, env)  # warm-up: byte-code caches, the file system cache
    return _median([run_once(argv, cwd, env) for _ in range(repeat)])


def throughput(seconds: float) -> float:
    """lint_payload calls per second on one core, over the corpus's typical update payloads."""
    probe = f"""
import os, random, sys, time
sys.path.insert(0, {str(HERE)!r})
import corpus
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {{min(os.sched_getaffinity(0))}})
from bicon_lint import lint_payload
rng = random.Random(corpus.SEED + 3)
payloads = [corpus.typical_params(rng) for _ in range(1000)]
for params in payloads:
    lint_payload(params, corpus.METHOD)
best, end = 0.0, time.perf_counter() + {seconds}
while time.perf_counter() < end:
    start = time.perf_counter()
    for params in payloads:
        lint_payload(params, corpus.METHOD)
    best = max(best, len(payloads) / (time.perf_counter() - start))
print(best)
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=ENV
    )
    return float(done.stdout)


PARAMS_SCHEMA = HERE / "params.schema.json"


@dataclass
class Varied:
    ours: float  # lint_payload calls per second
    theirs: float  # fastjsonschema validations per second, of the same payloads
    payloads: int
    mistakes: int  # payloads with a mistake written
    rejected_ours: int  # payloads bicon-lint rejects (an error, or a predicted server error)
    rejected_theirs: int  # payloads the schema rejects


def varied_throughput(seconds: float, count: int = 2000) -> Varied:
    """``lint_payload`` against fastjsonschema on the same varied payloads (``corpus.
    varied_payloads``: every method), in one process on one core: a round of each in turn, until
    ``seconds`` have passed; the median round of each. Each method's schema is compiled once
    (``params.schema.json``, ``"$ref"`` to the method's definition) before any round."""
    probe = f"""
import json, os, statistics, sys, time
sys.path.insert(0, {str(HERE)!r})
import corpus, fastjsonschema
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {{min(os.sched_getaffinity(0))}})
from bicon_lint import lint_payload
from bicon_lint.model import Severity
document = json.loads(open({str(PARAMS_SCHEMA)!r}, encoding="utf-8").read())
validators = {{
    method: fastjsonschema.compile({{**document, "$ref": f"#/definitions/{{method}}"}})
    for method, _ in corpus.VARIED_METHODS
}}
payloads = [(m, p, validators[m], x) for m, p, x in corpus.varied_payloads({count})]
Invalid = fastjsonschema.JsonSchemaValueException

def ours():
    for method, params, _, _ in payloads:
        lint_payload(params, method)

def theirs():
    for _, params, validate, _ in payloads:
        try:
            validate(params)
        except Invalid:
            pass

def refused(validate, params):
    try:
        validate(params)
    except Invalid:
        return True
    return False

rejected_ours = 0
for method, params, _, _ in payloads:
    report = lint_payload(params, method)
    rejected_ours += report.server_error is not None or any(
        d.severity is Severity.ERROR for d in report.diagnostics
    )
rejected_theirs = sum(refused(validate, params) for _, params, validate, _ in payloads)
mine, other, end = [], [], time.perf_counter() + {seconds}
while time.perf_counter() < end or len(mine) < 3:
    for run, into in ((ours, mine), (theirs, other)):
        start = time.perf_counter()
        run()
        into.append(len(payloads) / (time.perf_counter() - start))
written = sum(mistake is not None for _, _, _, mistake in payloads)
print(json.dumps([statistics.median(mine), statistics.median(other), len(payloads), written,
                  rejected_ours, rejected_theirs]))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=ENV
    )
    return Varied(*json.loads(done.stdout))


def rejected(argv: Sequence[str], cwd: Path, ours: bool) -> int:
    """How many files a tool rejects (an error, or a predicted server error), from its JSON."""
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False, env=ENV)
    if ours:
        files = json.loads(done.stdout)["files"]
        return sum(
            1
            for entry in files
            if entry["server_error"] or any(d["severity"] == "error" for d in entry["diagnostics"])
        )
    found = json.loads(done.stdout)
    return len(
        {item["filename"] for item in found.get("errors", [])}
        | {item["filename"] for item in found.get("parse_errors", [])}
    )


def side_by_side(
    ours: Sequence[str], theirs: Sequence[str], cwd: Path, repeat: int
) -> tuple[Measured, Measured]:
    """``measure`` of both commands, their runs alternating."""
    run_once(ours, cwd)  # warm-up: byte-code caches, the file system cache
    run_once(theirs, cwd)
    pairs = [(run_once(ours, cwd), run_once(theirs, cwd)) for _ in range(repeat)]
    return _median([mine for mine, _ in pairs]), _median([other for _, other in pairs])


@dataclass
class Sources:
    ours: Measured
    grep: Measured
    one_job: Measured
    floor_kib: int  # the peak RSS measured of a process that does nothing (the helper's own)
    grep_version: str  # the first line of ``grep --version``
    listed: int  # the files grep lists
    found: tuple[int, int] | None  # the calls bicon-lint finds, and rejects (None: it failed)


def measure_sources(
    bicon: Sequence[str], grep: str, tree: corpus.SourceTree, cwd: Path, repeat: int
) -> Sources:
    """bicon-lint on the source tree against grep's search of the same files, then in one
    process."""
    folder = str(tree.path.relative_to(cwd))
    ours = [*bicon, "check", folder]
    search = [grep, "-rli", *(f"--exclude-dir={name}" for name in corpus.SKIPPED_FOLDERS)]
    search += ["biconnector", folder]
    mine, theirs = side_by_side(ours, search, cwd, repeat)
    one_job = measure(ours, cwd, repeat, {**ENV, "BICON_LINT_JOBS": "1"})
    floor = run_once([shutil.which("true") or "/bin/true"], cwd).peak_kib
    listed = subprocess.run(search, cwd=cwd, capture_output=True, text=True, check=False, env=ENV)
    version = subprocess.run([grep, "--version"], capture_output=True, text=True, check=False)
    found = None
    if mine.returncode < 2:  # 0: nothing found, 1: findings; else it failed
        found = calls_found([*bicon, "check", "-f", "json", folder], cwd)
    return Sources(
        mine,
        theirs,
        one_job,
        floor,
        version.stdout.partition("\n")[0],
        len(listed.stdout.splitlines()),
        found,
    )


def calls_found(argv: Sequence[str], cwd: Path) -> tuple[int, int]:
    """How many calls bicon-lint's JSON report holds (one entry each), and how many it rejects
    (an error, or a predicted server error)."""
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False, env=ENV)
    entries = json.loads(done.stdout)["files"]
    errors = [
        entry
        for entry in entries
        if entry["server_error"] or any(d["severity"] == "error" for d in entry["diagnostics"])
    ]
    return len(entries), len(errors)


def report_sources(tree: corpus.SourceTree, measured: Sources) -> dict[str, object]:
    """Print the source tree's row, in the style of the table above; return its figures."""
    ours, grep = measured.ours, measured.grep
    ratio = ours.seconds / grep.seconds
    header = f"{'case':<7} {'bicon-lint':>12} {'grep -rli':>17} {'ratio':>7}"
    print(f"{header}   peak RSS: bicon-lint / grep ({measured.grep_version})")
    print(
        f"{'sources':<7} {ours.seconds:>10.3f} s {grep.seconds:>15.3f} s {ratio:>6.2f}x"
        f"   {ours.peak_kib / 1024:.0f} MiB / {grep.peak_kib / 1024:.0f} MiB (`true` measures "
        f"{measured.floor_kib / 1024:.0f} MiB: the measuring helper's own)"
    )
    print(f"sources, one process (BICON_LINT_JOBS=1): {measured.one_job.seconds:.3f} s")
    print(
        f"source tree: {tree.files:,} files, {tree.size / 2**20:.1f} MiB; {tree.searched:,} outside "
        f"{' and '.join(f'{name}/' for name in corpus.SKIPPED_FOLDERS)} (the files both tools "
        f"read); {tree.with_calls} with {tree.calls} calls ({tree.mistakes} with a mistake), "
        f"{tree.mentioning - tree.with_calls} more that mention biconnector; grep lists "
        f"{measured.listed} (of {tree.mentioning})"
    )
    if measured.found is None:
        print(
            f"bicon-lint failed on the tree (exit status {ours.returncode}; its timings are of "
            "that failure): keep the corpus (--corpus DIR) and run `bicon-lint check DIR/sources`"
        )
    else:
        print(
            f"calls found by bicon-lint: {measured.found[0]} (written: {tree.calls}), rejected: "
            f"{measured.found[1]} (with a mistake: {tree.mistakes})"
        )
    return {
        "bicon_lint_s": ours.seconds,
        "bicon_lint_peak_mib": ours.peak_kib / 1024,
        "bicon_lint_exit_status": ours.returncode,
        "one_process_s": measured.one_job.seconds,
        "grep_s": grep.seconds,
        "grep_peak_mib": grep.peak_kib / 1024,
        "grep_version": measured.grep_version,
        "floor_peak_mib": measured.floor_kib / 1024,
        "ratio": ratio,
        "files": tree.files,
        "files_read": tree.searched,
        "mib": tree.size / 2**20,
        "files_with_calls": tree.with_calls,
        "calls": tree.calls,
        "calls_with_a_mistake": tree.mistakes,
        "grep_lists": measured.listed,
        "calls_found": measured.found and measured.found[0],
        "calls_rejected": measured.found and measured.found[1],
    }


# The yardstick of a large urlData answer: the standard library reading the whole file.
JSON_LOAD = "import json, sys; json.load(open(sys.argv[1], encoding='utf-8'))"


def report_data_answer(ours: Measured, load: Measured, mib: float, rows: int) -> dict[str, object]:
    """Print the urlData answer's row (``check -e urlData``, read as a stream, against
    ``json.load`` of the same file in a fresh process); return its figures."""
    ratio = ours.seconds / load.seconds
    print(f"{'case':<7} {'bicon-lint':>12} {'json.load':>17} {'ratio':>7} {'target':>8}")
    print(
        f"{'urlData':<7} {ours.seconds:>10.3f} s {load.seconds:>15.3f} s {ratio:>6.2f}x "
        f"{'<=1x':>8}   peak RSS: {ours.peak_kib / 1024:.0f} MiB (target <=150) / "
        f"{load.peak_kib / 1024:.0f} MiB; a {mib:.0f} MiB answer of {rows:,} rows, checked "
        "with --endpoint urlData"
    )
    return {
        "bicon_lint_s": ours.seconds,
        "bicon_lint_peak_mib": ours.peak_kib / 1024,
        "bicon_lint_exit_status": ours.returncode,
        "json_load_s": load.seconds,
        "json_load_peak_mib": load.peak_kib / 1024,
        "ratio": ratio,
        "mib": mib,
        "rows": rows,
    }


@dataclass
class Shape:
    name: str
    ours: Measured
    load: Measured  # json.load of the same file, in a fresh process
    mib: float
    summary: str  # bicon-lint's last line: how many findings
    json_format: Measured | None  # a flood, with --format json (None: fewer than 1,000 findings)


def measure_shapes(
    bicon: Sequence[str], root: Path, repeat: int, names: Sequence[str]
) -> list[Shape]:
    """Each of ``corpus.SHAPES`` (large payloads off the fast paths, floods of findings), checked
    by bicon-lint against ``json.load`` of the same file, their runs alternating; a flood (1,000
    findings or more) also with ``--format json``; each file is deleted once measured."""
    shapes: list[Shape] = []
    for name in names:
        path = corpus.write_shape(root, name)
        ours, load = side_by_side(
            [*bicon, "check", str(path)], [sys.executable, "-c", JSON_LOAD, str(path)], root, repeat
        )
        done = subprocess.run(
            [*bicon, "check", str(path)],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            env=ENV,
        )
        summary = done.stdout.rstrip("\n").rpartition("\n")[2]
        json_format = None
        if _findings(summary) >= 50_000:
            json_format = measure([*bicon, "check", "-f", "json", str(path)], root, repeat)
        shapes.append(Shape(name, ours, load, path.stat().st_size / 2**20, summary, json_format))
        path.unlink()
    return shapes


def report_shapes(shapes: list[Shape]) -> dict[str, object]:
    """Print the shapes' rows (time against json.load: target <=3x; peak RSS against the file's
    size: target <=4x); return their figures."""
    print(
        f"{'shape':<14} {'bicon-lint':>12} {'json.load':>11} {'ratio':>7}   peak RSS (x the file)"
        "   findings"
    )
    figures: dict[str, object] = {}
    for shape in shapes:
        ratio = shape.ours.seconds / shape.load.seconds
        peak = shape.ours.peak_kib / 1024
        print(
            f"{shape.name:<14} {shape.ours.seconds:>10.3f} s {shape.load.seconds:>9.3f} s "
            f"{ratio:>6.2f}x   {peak:.0f} MiB ({peak / shape.mib:.1f}x of {shape.mib:.1f} MiB)"
            f"   {shape.summary}"
        )
        found = _findings(shape.summary)
        flood: dict[str, float] = {}
        floods = () if shape.json_format is None else (shape.ours, shape.json_format)
        for output, measured in zip(("text", "json"), floods, strict=False):
            # a flood: its cost per finding beyond json.load's of the file
            each_us = (measured.seconds - shape.load.seconds) / found * 1e6
            each_bytes = (measured.peak_kib - shape.load.peak_kib) * 1024 / found
            print(
                f"{'':<14} --format {output}: {measured.seconds:.3f} s, "
                f"{measured.peak_kib / 1024:.0f} MiB; per finding beyond json.load: "
                f"{each_us:.1f} us (target <=5), {each_bytes:.0f} bytes of peak (target <=500)"
            )
            flood[f"{output}_s"] = measured.seconds
            flood[f"{output}_peak_mib"] = measured.peak_kib / 1024
            flood[f"{output}_us_per_finding"] = each_us
            flood[f"{output}_bytes_per_finding"] = each_bytes
        figures[shape.name] = {
            "findings": found,
            "bicon_lint_s": shape.ours.seconds,
            "bicon_lint_peak_mib": peak,
            "json_load_s": shape.load.seconds,
            "json_load_peak_mib": shape.load.peak_kib / 1024,
            "ratio": ratio,
            "peak_per_file_size": peak / shape.mib,
            "mib": shape.mib,
            "summary": shape.summary,
            "flood": flood or None,
        }
    return figures


def _findings(summary: str) -> int:
    """The findings a text report's last line counts."""
    return sum(int(count) for count in re.findall(r"(\d+) (?:error|warning|info)", summary))


def _median(runs: list[Measured]) -> Measured:
    return Measured(
        statistics.median(run.seconds for run in runs),
        max(run.peak_kib for run in runs),
        runs[0].returncode,
    )


CASES = ("files", "huge", "sources", "data", "shapes", "payload")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="where to write the corpus (default: temp dir)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--only",
        action="append",
        choices=CASES,
        help="measure only these cases (repeatable): files (one, many, bare), huge (the 30 MiB "
        "files), sources, data (the urlData answer), shapes, payload (lint_payload)",
    )
    parser.add_argument(
        "--shape", action="append", choices=tuple(corpus.SHAPES), help="only these shapes"
    )
    args = parser.parse_args()
    cases = set(args.only or CASES)

    bicon = command("bicon-lint", "bicon_lint.cli")
    cj = command("check-jsonschema", "check_jsonschema")
    cj_check = [*cj, "--schemafile", str(SCHEMA)]
    repeat_one, repeat_many, repeat_huge = (5, 2, 1) if args.quick else (21, 7, 3)
    repeat_sources = 3 if args.quick else 11
    grep = shutil.which("grep")
    results: dict[str, object] = {"machine": machine()}
    print(f"machine: {results['machine']}")

    rows: list[tuple[str, Measured, Measured | None]] = []
    sizes: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bicon-bench-") as scratch:
        root = args.corpus or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        if "files" in cases:
            results.update(measure_files(bicon, cj, cj_check, root, rows, repeat_one, repeat_many))
        if "huge" in cases:
            huge, items = corpus.write_huge(root)
            text_file = corpus.write_huge_text(root)
            sizes = {"huge": huge.stat().st_size / 2**20, "text": text_file.stat().st_size / 2**20}
            print(
                f"huge: {sizes['huge']:.1f} MiB, settings of {items} items; text: "
                f"{sizes['text']:.1f} MiB, one long string"
            )
            for label, path in (("huge", huge), ("text", text_file)):
                ours = measure([*bicon, "check", str(path)], root, repeat_huge)
                theirs = None if args.quick else measure([*cj_check, str(path)], root, 1)
                rows.append((label, ours, theirs))
            results.update(huge_mib=sizes["huge"], huge_items=items, text_mib=sizes["text"])
        if rows:
            report_rows(rows, sizes, results)
        if "sources" in cases:
            print()
            if grep is None:
                print("sources: skipped (no grep on the PATH)")
            else:
                tree = corpus.write_source_tree(root)
                sources = measure_sources(bicon, grep, tree, root, repeat_sources)
                results["sources"] = report_sources(tree, sources)
        if "data" in cases:
            data = corpus.write_data_answer(root)  # a urlData answer, 200 MB: read as a stream
            data_ours, data_load = side_by_side(
                [*bicon, "check", "-e", "urlData", str(data)],
                [sys.executable, "-c", JSON_LOAD, str(data)],
                root,
                repeat_huge,
            )
            data_mib = data.stat().st_size / 2**20
            data.unlink()
            print()
            results["data_answer"] = report_data_answer(
                data_ours, data_load, data_mib, corpus.DATA_ROWS
            )
        if "shapes" in cases:
            shapes = measure_shapes(bicon, root, repeat_huge, args.shape or tuple(corpus.SHAPES))
            print()
            results["shapes"] = report_shapes(shapes)

    if "payload" in cases:
        rate = throughput(2.0 if args.quick else 5.0)
        varied = varied_throughput(2.0 if args.quick else 10.0)
        print()
        print(
            f"lint_payload: {rate:,.0f} typical update payloads per second on one core (>=30,000)"
        )
        print(
            f"lint_payload, varied payloads of every method: {varied.ours:,.0f} per second on one "
            f"core (>=50,000), fastjsonschema {varied.theirs:,.0f} per second on the same payloads: "
            f"{varied.ours / varied.theirs:.2f}x (>=0.3x); rejected out of {varied.payloads:,}: "
            f"bicon-lint {varied.rejected_ours:,}, fastjsonschema {varied.rejected_theirs:,} "
            f"(mistakes written: {varied.mistakes:,})"
        )
        results.update(
            lint_payload_per_second=rate,
            lint_payload_varied={
                "bicon_lint_per_second": varied.ours,
                "fastjsonschema_per_second": varied.theirs,
                "ratio": varied.ours / varied.theirs,
                "payloads": varied.payloads,
                "mistakes_written": varied.mistakes,
                "rejected_bicon_lint": varied.rejected_ours,
                "rejected_fastjsonschema": varied.rejected_theirs,
            },
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def measure_files(
    bicon: Sequence[str],
    cj: Sequence[str],
    cj_check: Sequence[str],
    root: Path,
    rows: list[tuple[str, Measured, Measured | None]],
    repeat_one: int,
    repeat_many: int,
) -> dict[str, object]:
    """One file, 10,000 envelope files and 10,000 bare-params files, each against
    check-jsonschema; the rows go to ``rows``, the other figures are returned."""
    one = corpus.write_one(root)
    many, tally = corpus.write_many(root)
    bare, bare_tally = corpus.write_bare(root)
    bare_schema = root / "bare.schema.json"  # the params of a connector update, plainly
    document = json.loads(PARAMS_SCHEMA.read_text(encoding="utf-8"))
    document["$ref"] = f"#/definitions/{corpus.METHOD}"
    bare_schema.write_text(json.dumps(document, indent=2), encoding="utf-8")
    print(
        f"corpus: 1 file; {len(many)} files ({sum(tally.values())} with a mistake); "
        f"{len(bare)} bare-params files ({sum(bare_tally.values())} with a mistake)"
    )
    rel_many = [str(path.relative_to(root)) for path in many]
    for label, files, repeat in (
        ("one", [str(one.relative_to(root))], repeat_one),
        ("many", rel_many, repeat_many),
    ):
        ours, theirs = side_by_side([*bicon, "check", *files], [*cj_check, *files], root, repeat)
        rows.append((label, ours, theirs))
    rel_bare = [str(path.relative_to(root)) for path in bare]
    ours, theirs = side_by_side(
        [*bicon, "check", "--method", corpus.METHOD, *rel_bare],
        [*cj, "--schemafile", str(bare_schema), *rel_bare],
        root,
        repeat_many,
    )
    rows.append(("bare", ours, theirs))
    one_job = measure(
        [*bicon, "check", *rel_many], root, repeat_many, {**ENV, "BICON_LINT_JOBS": "1"}
    )
    caught_ours = rejected([*bicon, "check", "-f", "json", *rel_many], root, ours=True)
    caught_theirs = rejected([*cj_check, "-o", "JSON", *rel_many], root, ours=False)
    bare_ours = rejected(
        [*bicon, "check", "-f", "json", "--method", corpus.METHOD, *rel_bare], root, ours=True
    )
    bare_theirs = rejected(
        [*cj, "--schemafile", str(bare_schema), "-o", "JSON", *rel_bare], root, ours=False
    )
    print(f"many, one process (BICON_LINT_JOBS=1): {one_job.seconds:.3f} s")
    print(
        f"files rejected out of {len(many)}: bicon-lint {caught_ours}, check-jsonschema "
        f"{caught_theirs} (mistakes written: {sum(tally.values())})"
    )
    print(
        f"bare: {len(bare):,} files of bare {corpus.METHOD} params checked with --method; "
        f"rejected: bicon-lint {bare_ours:,}, check-jsonschema {bare_theirs:,} (mistakes "
        f"written: {sum(bare_tally.values()):,})"
    )
    return {
        "many_one_process_s": one_job.seconds,
        "bare_files": len(bare),
        "bare_mistakes_written": sum(bare_tally.values()),
        "bare_rejected": {"bicon_lint": bare_ours, "check_jsonschema": bare_theirs},
        "rejected": {
            "bicon_lint": caught_ours,
            "check_jsonschema": caught_theirs,
            "written": sum(tally.values()),
        },
    }


def report_rows(
    rows: list[tuple[str, Measured, Measured | None]],
    sizes: dict[str, float],
    results: dict[str, object],
) -> None:
    """Print the rows measured against check-jsonschema; add their figures to ``results``."""
    print()
    print(
        f"{'case':<6} {'bicon-lint':>12} {'check-jsonschema':>17} {'ratio':>7} {'target':>8}"
        "   peak RSS: bicon-lint / check-jsonschema"
    )
    for label, ours, theirs in rows:
        ratio = ours.seconds / theirs.seconds if theirs else None
        theirs_text = f"{theirs.seconds:>15.3f} s" if theirs else f"{'(skipped)':>17}"
        ratio_text = f"{ratio:>6.2f}x" if ratio is not None else f"{'-':>7}"
        memory = f"{ours.peak_kib / 1024:.0f} MiB"
        if label in sizes:
            memory += f" ({ours.peak_kib / 1024 / sizes[label]:.1f}x the file, target <=4x)"
        memory += f" / {theirs.peak_kib / 1024:.0f} MiB" if theirs else " / -"
        print(
            f"{label:<6} {ours.seconds:>10.3f} s {theirs_text} {ratio_text} {TARGETS[label]:>8}"
            f"   {memory}"
        )
        results[label] = {
            "bicon_lint_s": ours.seconds,
            "bicon_lint_peak_mib": ours.peak_kib / 1024,
            "check_jsonschema_s": theirs.seconds if theirs else None,
            "check_jsonschema_peak_mib": theirs.peak_kib / 1024 if theirs else None,
            "ratio": ratio,
        }


if __name__ == "__main__":
    sys.exit(main())
