"""``parallel.map_ordered``: results in the order of the items, however the processes share them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bicon_lint import parallel

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="no fork: always one process")


@pytest.mark.parametrize("jobs", [2, 3, 4])
@pytest.mark.parametrize("total", [128, 129, 1000, 5003])
def test_results_in_the_order_of_the_items(jobs: int, total: int) -> None:
    squares = parallel.map_ordered(lambda n: n * n, range(total), jobs=jobs)
    assert squares == [n * n for n in range(total)]
    texts = parallel.map_ordered(
        str, range(total), jobs=jobs, pack="\n".join, unpack=str.splitlines
    )
    assert texts == [str(n) for n in range(total)]


def test_every_process_takes_part() -> None:
    pids = parallel.map_ordered(lambda _: (time.sleep(0.001), os.getpid())[1], range(512), jobs=2)
    assert len(set(pids)) == 2 and os.getpid() in pids


def test_a_process_held_up_leaves_the_rest_to_the_others(tmp_path: Path) -> None:
    """Chunks are claimed as each process goes: while one process is held up on item 0, the
    other computes everything else, item 998 included, whose result lets item 0 go on. (With
    the items dealt out in advance, item 998 would wait behind item 0 in the same share.)"""
    marker = tmp_path / "998-done"

    def work(number: int) -> tuple[int, int]:
        if number == 0:
            deadline = time.monotonic() + 20
            while not marker.exists():
                if time.monotonic() > deadline:
                    raise RuntimeError("item 0 waited for item 998 in vain")
                time.sleep(0.005)
        if number == 998:
            marker.touch()
        return number, os.getpid()

    results = parallel.map_ordered(work, range(1000), jobs=2)
    assert [number for number, _ in results] == list(range(1000))
    pids = {number: pid for number, pid in results}
    assert pids[0] != pids[998]
    others = sum(pid != pids[0] for pid in pids.values())
    assert others > 900  # the held-up process did chunk 0 and little else


def test_a_failing_child_is_reported() -> None:
    parent = os.getpid()

    def work(number: int) -> int:
        if os.getpid() != parent:
            raise ValueError(f"item {number}")
        time.sleep(0.001)
        return number

    with pytest.raises(parallel.WorkerError, match="ValueError: item"):
        parallel.map_ordered(work, range(300), jobs=2)


def test_an_error_here_stops_the_children() -> None:
    """An exception in this process (an error, Ctrl-C) is raised at once: the children are
    stopped and reaped, not left to finish their chunks."""
    parent = os.getpid()

    def work(number: int) -> int:
        if os.getpid() == parent and number > 0:
            raise KeyboardInterrupt
        if os.getpid() != parent:
            time.sleep(0.05)  # a child would take 5 s for the items it could claim
        return number

    with pytest.raises(KeyboardInterrupt):
        parallel.map_ordered(work, range(200), jobs=2)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind, running or unreaped
