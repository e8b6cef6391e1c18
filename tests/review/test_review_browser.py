"""Issue 15 as a person does it: the review notebook in JupyterLab (`litevidence lab`), driven in headless Chromium.

Debian's chromium (/usr/bin/chromium) is driven by Playwright, launched as tests/reports/test_browser.py
does (fresh profile, no network services); every request that would leave the machine is blocked and
recorded. `.ci/run` installs chromium; without it (or without playwright) the test skips and says what
is missing.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, playwright_or_skip
from litevidence.cli import main
from litevidence.review.decisions import current_claims, read_reviews
from litevidence.review.queue import pending
from litevidence.paths import ProjectPaths
from processes import descendants, wait_gone
from review_fixtures import claims_of

REASON = "a conversation is not a unit of work"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(base: str, token: str, server: subprocess.Popen) -> None:
    for _ in range(240):
        assert server.poll() is None, "litevidence lab exited"
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as response:
                json.loads(response.read())
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("JupyterLab did not answer within two minutes")


def _start_kernel(page, base: str, token: str) -> None:
    """Wait until the notebook's kernel runs and is idle (the server says so), answering the kernel dialog a fresh
    server may show; cells run before that can be lost."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        if dialog.is_visible():  # the notebook names python3; accept the kernel offered
            dialog.locator(".jp-mod-accept").click()
        with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=5) as response:
            sessions = json.loads(response.read())
        if any(s["path"].endswith("review.ipynb") and (s.get("kernel") or {}).get("execution_state") == "idle" for s in sessions):
            time.sleep(2)  # and the page's connection to it settles
            return
        time.sleep(0.5)
    raise AssertionError("the review notebook's kernel did not start within three minutes")


@pytest.mark.slow
def test_reject_a_row_in_the_review_notebook_in_jupyterlab_then_run(ran, tmp_path, capsys):
    sync_playwright = playwright_or_skip()
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    paths = ProjectPaths(ran)
    first = pending(current_claims(paths), read_reviews(paths.reviews)[0]).iloc[0]  # the row the panel opens on
    port, token = _free_port(), uuid.uuid4().hex
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "litevidence.cli", "lab", "--project", str(ran), "--port", str(port),
                               "--no-browser", "--token", token], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    outside, errors = [], []
    try:
        _wait_for_server(base, token, server)

        def route(r):
            if r.request.url.startswith(base + "/"):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=str(CHROMIUM),
                                                           headless=True, args=CHROMIUM_ARGS)
            try:
                context.route("**/*", route)
                page = context.new_page()
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(f"{base}/lab/tree/notebooks/interactive/review.ipynb?token={token}", wait_until="load")
                page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
                _start_kernel(page, base, token)
                page.locator(".lm-MenuBar-item", has_text="Run").first.click()
                page.locator("[data-command='runmenu:run-all']").click()
                reject = page.get_by_role("button", name="Reject")
                try:
                    reject.wait_for(timeout=180_000)
                except PlaywrightTimeout:
                    page.screenshot(path=str(tmp_path / "lab.png"))
                    raise AssertionError(f"no review panel; notebook outputs: {page.locator('.jp-OutputArea').all_inner_texts()};"
                                         f" screenshot: {tmp_path / 'lab.png'}") from None
                assert first["quote"] in page.locator("mark.lv-quote").inner_text()
                page.get_by_placeholder("reason (required to reject)").fill(REASON)
                reject.click()
                page.locator(".lv-recorded").wait_for(timeout=60_000)
                recorded = page.locator(".lv-recorded").inner_text()
            finally:
                context.close()
        started = descendants(server.pid)
        server.send_signal(signal.SIGTERM)  # as Ctrl-C or `kill` would: the server and its kernel go
        server.wait(timeout=60)
        assert wait_gone(started | {server.pid}, timeout=30) == set(), "a server or kernel outlived `litevidence lab`"
    finally:
        left = descendants(server.pid) if server.poll() is None else set()
        server.kill()
        for pid in wait_gone(left, timeout=0):
            os.kill(pid, signal.SIGKILL)

    assert f"{first['evidence_id']}: rejected ({REASON})" in recorded
    reviews, problems = read_reviews(paths.reviews)
    assert problems == [] and reviews[["evidence_id", "decision", "reason"]].values.tolist() == [
        [first["evidence_id"], "reject", REASON]]
    assert errors == [] and outside == []

    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    row = claims_of(ran).set_index("evidence_id").loc[first["evidence_id"]]
    assert row["review"] == "rejected"
    assert main(["report", "03_evidence_table", "--project", str(ran)]) == 0
    page = (ran / "reports" / "03_evidence_table.html").read_text(encoding="utf-8")
    assert first["evidence_id"] in page.split("Rejected rows")[-1] and REASON in page.split("Rejected rows")[-1]
