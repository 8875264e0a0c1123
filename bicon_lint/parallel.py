"""Linting many files on every core: the work is shared between this process and children forked
from it, and the results come back in the order of the items, whatever finishes first.

The items are cut into small chunks, and each process claims the next chunk from a pipe whenever
it is done with one: a process slowed down (by another program, a core busier than the other, a
run of larger files) simply takes fewer, and all end within a chunk of each other.

Forking (not ``multiprocessing``) keeps it cheap and offline: a child inherits the loaded
documents and the run's context as they are in memory, nothing is pickled on the way in, no
socket or interpreter start is involved; each child sends its results back once, through a pipe:
with ``marshal`` when they are plain values (``pack`` can make them so), else pickled. Where
forking is not possible or not worth it (Windows, a thread already running, one core, few items,
``BICON_LINT_JOBS=1``) the items are simply processed here, in order.
"""

from __future__ import annotations

import marshal
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_JOB = 64  # below this, a fork costs more than it saves
JOBS_VARIABLE = "BICON_LINT_JOBS"


class WorkerError(RuntimeError):
    """A child failed: its exception, re-raised here (the CLI reports an internal error, exit 2)."""


class JobsError(ValueError):
    """``BICON_LINT_JOBS`` holds something other than a positive whole number (one line)."""


def jobs_requested(environ: Mapping[str, str] | None = None) -> int | None:
    """The number of processes ``BICON_LINT_JOBS`` asks for: ``None`` when it is unset or empty
    (or blank), as a shell's ``BICON_LINT_JOBS= cmd`` means "not set"; :class:`JobsError` for
    anything but a positive whole number (``0``, ``-1``, ``two``, ``1.5``).

    >>> jobs_requested({"BICON_LINT_JOBS": " 3 "}), jobs_requested({"BICON_LINT_JOBS": ""})
    (3, None)
    >>> jobs_requested({"BICON_LINT_JOBS": "0"})
    Traceback (most recent call last):
    ...
    bicon_lint.parallel.JobsError: BICON_LINT_JOBS='0': expected a positive whole number of processes (1: everything in one process; unset or empty: one per core)
    """
    given = (os.environ if environ is None else environ).get(JOBS_VARIABLE)
    if given is None or not given.strip():
        return None
    text = given.strip()
    if text.isascii() and text.isdigit() and int(text) > 0:
        return int(text)
    raise JobsError(
        f"{JOBS_VARIABLE}={given!r}: expected a positive whole number of processes (1: "
        "everything in one process; unset or empty: one per core)"
    )


def jobs_available() -> int:
    """How many processes to use: ``BICON_LINT_JOBS`` if set (``1`` turns forking off), else the
    cores this process may run on (:class:`JobsError` for a value that is no number of
    processes: :func:`jobs_requested`)."""
    requested = jobs_requested()
    if requested is not None:
        return requested
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32" and threading.active_count() == 1


def map_ordered(
    function: Callable[[T], R],
    items: Sequence[T],
    jobs: int | None = None,
    *,
    pack: Callable[[list[R]], object] | None = None,
    unpack: Callable[[Any], list[R]] | None = None,
) -> list[R]:
    """``[function(item) for item in items]``, computed by up to ``jobs`` processes.

    ``function`` must be pure and its results picklable; an exception in a child is raised here as
    :class:`WorkerError`. A child sends ``pack(its results)``, rebuilt here by ``unpack``: made of
    plain values (tuples, lists, str, int, None), thousands of small results travel several times
    faster than pickled objects.

    >>> map_ordered(lambda n: n * n, range(300), jobs=2)[-3:]
    [88209, 88804, 89401]
    >>> map_ordered(str, range(300), jobs=2, pack="\\n".join, unpack=str.splitlines)[-3:]
    ['297', '298', '299']
    """
    count = min(jobs or jobs_available(), len(items) // MIN_ITEMS_PER_JOB)
    if count < 2 or not can_fork():
        return [function(item) for item in items]
    chunks = _chunks(len(items), count)
    queue = _queue(len(chunks))
    children: list[tuple[int, int]] = []
    try:
        for _ in range(count - 1):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: compute the chunks it claims, send them, leave at once
                os.close(read_end)
                _child(function, items, chunks, queue, write_end, pack)
            os.close(write_end)
            children.append((pid, read_end))
    except OSError:
        os.close(queue)
        for pid, read_end in children:  # could not fork them all: do it all here instead
            os.close(read_end)
            os.waitpid(pid, 0)
        return [function(item) for item in items]
    results: list[R | None] = [None] * len(items)
    try:
        for chunk in _claimed(queue):
            for index in chunks[chunk]:
                results[index] = function(items[index])
    except BaseException:  # an error here, or Ctrl-C: the children's work is of no use now
        for pid, read_end in children:
            os.kill(pid, signal.SIGKILL)
            os.close(read_end)
            os.waitpid(pid, 0)
        raise
    finally:
        os.close(queue)
    failure: BaseException | None = None
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as stream:
            payload = stream.read()
        os.waitpid(pid, 0)
        try:
            ok, value = _loads(payload)
        except Exception as error:  # the child died before it could answer
            failure = failure or WorkerError(f"a worker process ended without its results: {error}")
            continue
        if not ok:
            failure = failure or WorkerError(value)
            continue
        done, sent = value
        indices = [index for chunk in done for index in chunks[chunk]]
        for index, result in zip(indices, sent if unpack is None else unpack(sent), strict=True):
            results[index] = result
    if failure is not None:
        raise failure
    return results  # type: ignore[return-value]


CHUNKS_PER_JOB = 128  # each process claims chunks of the items as it goes: the last one ends soon
MAX_CHUNKS = 2048  # a chunk number is two bytes: the queue is at most 4 KiB, within any pipe buffer


def _chunks(total: int, count: int) -> list[range]:
    """The items cut into consecutive chunks, ``CHUNKS_PER_JOB`` for each process (at least 8
    items each, at most ``MAX_CHUNKS`` in all).

    >>> [len(chunk) for chunk in _chunks(1000, 2)][:3], len(_chunks(1000, 2)), _chunks(20, 2)[-1]
    ([8, 8, 8], 125, range(16, 20))
    """
    size = max(8, -(-total // min(count * CHUNKS_PER_JOB, MAX_CHUNKS)))
    return [range(start, min(start + size, total)) for start in range(0, total, size)]


def _queue(count: int) -> int:
    """A pipe holding the numbers of ``count`` chunks, closed for writing: the read end, which
    every process inherits. A process claims the next chunk by reading two bytes (a pipe read is
    atomic: no chunk is claimed twice), until the pipe is empty."""
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"".join(chunk.to_bytes(2, "big") for chunk in range(count)))
    finally:
        os.close(write_end)
    return read_end


def _claimed(queue: int) -> Iterator[int]:
    """The chunk numbers this process claims from the queue, as it asks for them."""
    while token := os.read(queue, 2):
        yield int.from_bytes(token, "big")


def _child(
    function: Callable[[T], R],
    items: Sequence[T],
    chunks: Sequence[range],
    queue: int,
    write_end: int,
    pack: Callable[[list[R]], object] | None,
) -> None:
    status = 0
    try:
        try:
            done: list[int] = []
            results: list[R] = []
            for chunk in _claimed(queue):  # one at a time: the others are left to the others
                done.append(chunk)
                results.extend([function(items[index]) for index in chunks[chunk]])
            data = _dumps((True, (done, results if pack is None else pack(results))))
        except BaseException as error:  # reported to the parent, which raises it
            data = _dumps((False, f"{type(error).__name__}: {error}"))
            status = 1
        with os.fdopen(write_end, "wb") as stream:
            stream.write(data)
    finally:
        os._exit(status)


def _dumps(answer: tuple[bool, object]) -> bytes:
    """``answer`` as bytes: ``marshal`` for plain values (same interpreter at both ends), else
    ``pickle``; the first byte says which."""
    try:
        return b"M" + marshal.dumps(cast(Any, answer))
    except ValueError:  # an object marshal does not know (a report, a dataclass)
        import pickle

        return b"P" + pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)


def _loads(data: bytes) -> tuple[bool, Any]:
    """What ``_dumps`` made (``ValueError`` for what a child cut short).

    >>> _loads(_dumps((True, [(1, "a", None)]))), _loads(_dumps((True, [WorkerError("x")])))[1]
    ((True, [(1, 'a', None)]), [WorkerError('x')])
    """
    body = memoryview(data)[1:]
    if data[:1] == b"M":
        answer: tuple[bool, Any] = marshal.loads(body)
        return answer
    if data[:1] == b"P":
        import pickle

        answer = pickle.loads(body)
        return answer
    raise ValueError("no answer")
