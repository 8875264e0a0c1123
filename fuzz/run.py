"""Run the fuzz target (``target.lint_bytes``) for a bounded time; exit 1 on the first crash.

    python fuzz/run.py                      # 60 seconds (what CI runs)
    python fuzz/run.py --seconds 3600       # an hour
    python fuzz/run.py --corpus fuzz/corpus # keep (and grow) the corpus between runs
    python fuzz/run.py --engine hypothesis  # without atheris

With atheris (``pip install atheris``, in the dev extras where it has wheels) it is libFuzzer,
coverage-guided over bicon-lint's own code, seeded with ``fuzz/seeds`` and the tokens of
``fuzz/json.dict``; a crashing input is written to ``--crashes`` (default: a temporary folder,
printed) and can be replayed with ``python fuzz/run.py --replay FILE``. Any input slower than
``--timeout`` seconds counts as a crash (a hang). Without atheris, the fallback is Hypothesis:
random and mutated-seed inputs for the same time, without coverage guidance.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import target  # noqa: E402


def seeds() -> list[bytes]:
    found = [
        target.seed_input(path.name, path.read_bytes())
        for path in sorted((HERE / "seeds").iterdir())
    ]
    return found or [b"\x00\x00{}"]


def run_atheris(args: argparse.Namespace, corpus: Path, crashes: Path) -> int:
    import atheris

    with atheris.instrument_imports(include=["bicon_lint"]):
        import bicon_lint.api
        import bicon_lint.loaders
        import bicon_lint.reporters  # noqa: F401
        from bicon_lint.extract import SOURCE_KINDS, extractor

        for kind in set(SOURCE_KINDS.values()):
            extractor(kind)  # imports each language's extractor, instrumented
        from bicon_lint.reporters import FORMATS, renderer

        for name in FORMATS:
            renderer(name)  # imports each format module, instrumented

    def one_input(data: bytes) -> None:
        target.lint_bytes(data)

    argv = [
        sys.argv[0],
        f"-max_total_time={args.seconds}",
        f"-timeout={args.timeout}",
        "-rss_limit_mb=4096",
        "-max_len=8192",
        f"-dict={HERE / 'json.dict'}",
        f"-artifact_prefix={crashes}{os.sep}",
        "-print_final_stats=1",
        str(corpus),
    ]
    print(f"fuzz: atheris for {args.seconds} s; corpus {corpus}, crashes go to {crashes}")
    atheris.Setup(argv, one_input)
    atheris.Fuzz()  # exits the process: 0 when the time is up, non-zero on a crash
    return 0


def run_hypothesis(args: argparse.Namespace) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    pool = seeds()

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(pool)))
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, max(len(data) - 1, 0)))
            action = draw(st.integers(0, 3))
            if action == 0 and data:
                del data[at : at + draw(st.integers(1, 16))]
            elif action == 1:
                data[at:at] = draw(st.binary(max_size=16))
            elif action == 2 and data:
                data[at] = draw(st.integers(0, 255))
            else:
                chunk = bytes(data[at : at + draw(st.integers(1, 64))])
                data[at:at] = chunk * draw(st.integers(1, 50))
        return bytes(data)

    @settings(
        max_examples=300,
        deadline=args.timeout * 1000,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated() | st.binary(max_size=512))
    def one_input(data: bytes) -> None:
        target.lint_bytes(data)

    deadline = time.monotonic() + args.seconds
    rounds = 0
    print(f"fuzz: hypothesis (no atheris) for {args.seconds} s")
    while time.monotonic() < deadline:
        one_input()
        rounds += 1
    print(f"fuzz: {rounds * 300} inputs, no crash")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument(
        "--corpus", type=Path, help="corpus folder to use and grow (default: temporary)"
    )
    parser.add_argument("--crashes", type=Path, help="where atheris writes crashing inputs")
    parser.add_argument(
        "--replay", type=Path, nargs="*", help="run the target on these inputs and exit"
    )
    args = parser.parse_args()

    if args.replay:
        for path in args.replay:
            target.lint_bytes(path.read_bytes())
            print(f"{path}: no crash")
        return 0
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "hypothesis"
        else:
            engine = "atheris"
    if engine == "hypothesis":
        return run_hypothesis(args)
    scratch = Path(tempfile.mkdtemp(prefix="bicon-fuzz-"))
    corpus = args.corpus or scratch / "corpus"
    crashes = args.crashes or scratch / "crashes"
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)
    for number, data in enumerate(seeds()):
        (corpus / f"seed-{number:03d}").write_bytes(data)
        (corpus / f"seed-{number:03d}-m").write_bytes(
            bytes([rng.randrange(4), rng.randrange(256)]) + data[2:]
        )
    return run_atheris(args, corpus, crashes)


if __name__ == "__main__":
    sys.exit(main())
