"""Publish files as one set: after any interruption readers find the old set or the new one, never a mix.

A writer, holding the journal's lock, stages every new file in a fresh folder of the journal. To
publish, it writes the list of targets (and which of them exist) into that folder and renames the
folder to ``pending``; it then keeps a hard link to each old file in ``pending``, moves each new file
into place, and renames ``pending`` away: that rename completes the publication. Anyone who takes
the lock and finds ``pending`` (its writer was killed) puts the old files back first, so an
interrupted publication is undone whole, and the next run compares against the old set.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ._io import _mode_for

_SET = "set.json"
_PENDING = "pending"
_LOCK = "lock"


class StagedSet:
    """New files staged under the journal, published together by ``publishing``."""

    def __init__(self, journal: Path, root: Path) -> None:
        self.root = Path(root)
        self.folder = Path(tempfile.mkdtemp(dir=journal, prefix="staging-"))
        (self.folder / "new").mkdir()
        (self.folder / "old").mkdir()
        self.targets: list[str] = []

    def file(self, target: Path) -> Path:
        """The staging file to write the next content of ``target`` (a path under the root) into."""
        relative = Path(target).resolve().relative_to(self.root.resolve()).as_posix()
        if relative in self.targets:
            raise ValueError(f"{relative} is staged twice")
        self.targets.append(relative)
        return self.folder / "new" / str(len(self.targets) - 1)

    def publish(self, journal: Path) -> None:
        """Move every staged file into place as one set (the caller holds the lock)."""
        items = [{"target": t, "existed": (self.root / t).exists()} for t in self.targets]
        missing = [t for i, t in enumerate(self.targets) if not (self.folder / "new" / str(i)).exists()]
        if missing:
            raise ValueError(f"staged but never written: {', '.join(missing)}")
        _write_synced(self.folder / _SET, json.dumps(items).encode("utf-8"))
        pending = journal / _PENDING
        os.rename(self.folder, pending)
        try:
            for i, item in enumerate(items):
                target = self.root / item["target"]
                target.parent.mkdir(parents=True, exist_ok=True)
                if item["existed"]:
                    _keep(target, pending / "old" / str(i))
                os.chmod(pending / "new" / str(i), _mode_for(target))
                os.replace(pending / "new" / str(i), target)
        except BaseException:
            _undo_interrupted(journal, self.root)
            raise
        _retire(pending, journal)


@contextmanager
def publishing(journal: Path, root: Path) -> Iterator[StagedSet]:
    """Hold the lock, undo any interrupted publication, stage files in the block, publish them at its end.

    Nothing is published when the block raises; the lock is held throughout, so the block can read
    the current set and know that no other writer replaces it meanwhile.
    """
    journal = Path(journal)
    journal.mkdir(parents=True, exist_ok=True)
    with _locked(journal, fcntl.LOCK_EX):
        _undo_interrupted(journal, Path(root))
        staged = StagedSet(journal, root)
        try:
            yield staged
            staged.publish(journal)
        finally:
            shutil.rmtree(staged.folder, ignore_errors=True)


@contextmanager
def reading(journal: Path, root: Path) -> Iterator[None]:
    """Read the published set in the block: no writer publishes meanwhile, an interrupted publication is undone first."""
    journal = Path(journal)
    if not journal.is_dir():
        yield
        return
    with _locked(journal, fcntl.LOCK_SH) as lock:
        if (journal / _PENDING).exists():
            fcntl.flock(lock, fcntl.LOCK_EX)
            _undo_interrupted(journal, Path(root))
            fcntl.flock(lock, fcntl.LOCK_SH)
        yield


@contextmanager
def _locked(journal: Path, mode: int) -> Iterator[int]:
    """The journal's lock, taken in ``mode`` (shared or exclusive) for the block; the lock file descriptor."""
    fd = os.open(journal / _LOCK, os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, mode)
        yield fd
    finally:
        os.close(fd)


def _undo_interrupted(journal: Path, root: Path) -> None:
    """Put back the old files of a publication whose writer died, and clear what dead writers left."""
    pending = journal / _PENDING
    if pending.exists():
        items = json.loads((pending / _SET).read_text(encoding="utf-8"))
        for i, item in enumerate(items):
            target, old = root / item["target"], pending / "old" / str(i)
            if old.exists():
                os.replace(old, target)
            elif not item["existed"]:
                target.unlink(missing_ok=True)
        _retire(pending, journal)
    for leftover in journal.iterdir():
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


def _retire(pending: Path, journal: Path) -> None:
    """End a publication (or its undoing) in one rename, then delete what it kept."""
    done = journal / f"done-{uuid.uuid4().hex}"
    os.rename(pending, done)
    shutil.rmtree(done, ignore_errors=True)


def _keep(target: Path, backup: Path) -> None:
    """A hard link to the old file (a copy where the file system has no links)."""
    try:
        os.link(target, backup)
    except OSError:
        copy = backup.with_name(backup.name + ".copy")
        shutil.copy2(target, copy)
        os.replace(copy, backup)


def _write_synced(path: Path, data: bytes) -> None:
    """Write ``data`` and flush it to disk before going on (the list of targets must survive a crash)."""
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
