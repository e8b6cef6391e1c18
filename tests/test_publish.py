"""evidence/ and reports/changes.md are published as one set: a run killed anywhere leaves the old set or the new one."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from litevidence import _publish
from litevidence.evidence import load_evidence
from litevidence.paths import ProjectPaths
from litevidence.pipeline import run

NEW_PAPER = ("\n@misc{nguyen2024cooling, title={Cooling Water of Inference}, author={Nguyen, An}, year={2024},"
             " keywords={water}, annote={Serving used 2 MWh and 900 L of water.}}\n")

# Runs in a fresh interpreter (no OpenMP threads yet, so forking is safe): for n = 1, 2, ... a child copies
# the project and runs it, dying with os._exit (no clean-up, as under kill -9) just before its n-th
# os.replace, os.rename or os.link, until a run gets through without dying. Prints the exit codes.
KILLER = r"""
import json, os, shutil, sys
from litevidence.pipeline import run

template, trials = sys.argv[1], sys.argv[2]
codes, n = [], 0
while True:
    n += 1
    pid = os.fork()
    if pid == 0:
        target = os.path.join(trials, str(n))
        shutil.copytree(template, target)
        calls = [0]

        def dying(real):
            def call(*args, **kwargs):
                calls[0] += 1
                if calls[0] == n:
                    os._exit(17)
                return real(*args, **kwargs)
            return call

        for name in ("replace", "rename", "link"):
            setattr(os, name, dying(getattr(os, name)))
        run(target, backend="tfidf", notebooks=False, progress=lambda m: None)
        os._exit(0)
    codes.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
    if codes[-1] != 17 or n > 200:
        break
print(json.dumps(codes))
"""


def _published(project: Path) -> dict[str, bytes]:
    """Every file of the published set: evidence/* and reports/changes.md."""
    paths = ProjectPaths(project)
    files = {f"evidence/{p.name}": p.read_bytes() for p in sorted(paths.evidence.iterdir()) if p.is_file()}
    if paths.changes.exists():
        files["reports/changes.md"] = paths.changes.read_bytes()
    return files


def test_issue13_6_a_run_killed_at_any_file_boundary_leaves_the_old_or_the_new_set(project, tmp_path_factory):
    run(project, backend="tfidf", notebooks=False, progress=lambda m: None)
    old = _published(project)
    bib = project / "corpus" / "papers.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + NEW_PAPER, encoding="utf-8")
    reference = tmp_path_factory.mktemp("reference") / "project"
    shutil.copytree(project, reference)
    run(reference, backend="tfidf", notebooks=False, progress=lambda m: None)
    new = _published(reference)
    assert "2 added" in new["reports/changes.md"].decode()

    trials = tmp_path_factory.mktemp("trials")
    done = subprocess.run([sys.executable, "-c", KILLER, str(project), str(trials)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    codes = json.loads(done.stdout)
    assert codes[-1] == 0, done.stderr[-2000:]
    assert set(codes[:-1]) == {17} and len(codes) > 15  # every boundary of a whole run, then one untouched

    seen, undone = [], 0
    for n in range(1, len(codes) + 1):
        trial = trials / str(n)
        undone += (ProjectPaths(trial).journal / "pending").exists()
        load_evidence(trial / "evidence")  # a reader finds a consistent set (undoing a half publication first)
        state = _published(trial)
        assert state in (old, new), f"killed before file operation {n}: a mix of two runs"
        seen.append("old" if state == old else "new")
        run(trial, backend="tfidf", notebooks=False, progress=lambda m: None)
        after = _published(trial)
        assert {k: v for k, v in after.items() if k.startswith("evidence/")} == {
            k: v for k, v in new.items() if k.startswith("evidence/")}
        if state == old:  # the interrupted run was undone whole, so the next one reports the full change
            assert after["reports/changes.md"] == new["reports/changes.md"], f"boundary {n}"
    assert undone >= 5  # kills fell inside the publication itself, not only before it
    first_new = seen.index("new")
    # a run's set appears only when its publication completes; what the run writes after it (the search index)
    # may be cut short, with the new set already in place, never half of it
    assert seen == ["old"] * first_new + ["new"] * (len(seen) - first_new) and first_new > undone


def test_an_error_while_publishing_puts_the_old_set_back(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("old a", encoding="utf-8")
    (tmp_path / "b.txt").write_text("old b", encoding="utf-8")
    journal = tmp_path / ".journal"
    real_replace, calls = os.replace, []

    def failing(src, dst):
        calls.append(Path(dst).name)
        if calls.count("b.txt") == 1 and Path(dst).name == "b.txt":
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(_publish.os, "replace", failing)
    with pytest.raises(OSError, match="disk full"):
        with _publish.publishing(journal, tmp_path) as staged:
            for name in ("a.txt", "b.txt", "c.txt"):
                staged.file(tmp_path / name).write_text(f"new {name[0]}", encoding="utf-8")
    assert calls.index("a.txt") < calls.index("b.txt")  # a.txt had been replaced when b.txt failed
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "old a"
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "old b"
    assert not (tmp_path / "c.txt").exists()
    assert [p.name for p in journal.iterdir()] == ["lock"]


def test_an_error_while_staging_publishes_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with _publish.publishing(tmp_path / ".journal", tmp_path) as staged:
            staged.file(tmp_path / "a.txt").write_text("new", encoding="utf-8")
            raise RuntimeError("a later stage failed")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "old"
