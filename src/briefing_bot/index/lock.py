"""One lock per index folder (``index_dir/.lock``, ``fcntl.flock``) that coordinates every
process and thread using it: builds (``index``, ``add``, ``fetch-sources``, an automatic
update) hold it exclusively; readers (opening the index, a server's reload) hold it shared.

A second build waits for the first and then finds its work done (it reads the manifest only
once it holds the lock). A read-only index folder can still be read (without a lock) but not
built: that is a clear :class:`IndexUnavailableError`, not a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from briefing_bot.errors import IndexUnavailableError

LOCK = ".lock"

# Locks this thread holds, by folder: a nested request (a build inside a build) is granted at
# once instead of deadlocking on the thread's own flock.
_held = threading.local()


def storage_error(index_dir: Path, exc: OSError, doing: str) -> IndexUnavailableError:
    """An OS failure while writing the index as one clear sentence (disk full, read-only)."""
    reason = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exhausted",
        errno.EROFS: "the index folder is on a read-only file system",
        errno.EACCES: "the index folder is not writable",
        errno.EPERM: "the index folder is not writable",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    return IndexUnavailableError(
        f"cannot {doing} {index_dir}: {reason}; the previous index (if any) is unchanged"
    )


@contextlib.contextmanager
def index_lock(
    index_dir: Path, *, exclusive: bool, message: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the folder's lock (exclusive for builders, shared for readers) while open."""
    key = str(index_dir.resolve())
    held: dict[str, int] = _held.__dict__.setdefault("locks", {})
    if held.get(key):
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    try:
        if exclusive:
            index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except FileNotFoundError:
        fd = -1  # no index folder yet: nothing to read, nothing to protect
    except OSError as exc:
        if exclusive:
            raise storage_error(index_dir, exc, "update the index in") from exc
        fd = -1  # a read-only folder is read without a lock: nobody can be writing it
    try:
        if fd >= 0:
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                if message is not None:
                    message(f"Another process is updating the index at {index_dir}: waiting…")
                fcntl.flock(fd, mode)
        held[key] = 1
        try:
            yield
        finally:
            held.pop(key, None)
    finally:
        if fd >= 0:
            os.close(fd)  # releases the flock
