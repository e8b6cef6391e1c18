"""`litevidence report NAME -p KEY VALUE` and `litevidence lab` (a real Jupyter server on loopback)."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager

import pytest

from litevidence.cli import main
from processes import cmdline, descendants, wait_gone
from litevidence.evidence import load_evidence


@pytest.mark.slow
def test_report_reruns_one_notebook_with_parameters_and_keeps_the_last_good_page(ran, capsys):
    assert main(["report", "05_deployment_scenarios", "--project", str(ran), "-p", "energy_per_request_wh", "2.5",
                 "-p", "requests_per_day", "1000"]) == 0
    page = (ran / "reports" / "05_deployment_scenarios.html").read_text(encoding="utf-8")
    assert "2.5 Wh" in page and "given as a parameter" in page
    assert 'href="05_deployment_scenarios.html"' in (ran / "reports" / "index.html").read_text(encoding="utf-8")
    assert main(["report", "05_deployment_scenarios", "--project", str(ran), "-p", "utilisation", "'half'"]) == 1
    err = capsys.readouterr().err
    assert "05_deployment_scenarios.ipynb: cell" in err and "previous report was kept" in err
    assert (ran / "reports" / "05_deployment_scenarios.html").read_text(encoding="utf-8") == page
    assert main(["report", "nope", "--project", str(ran)]) == 1
    assert "05_deployment_scenarios" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base, path, token, method="GET", body=None):
    request = urllib.request.Request(f"{base}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def _execute(base, kernel_id, token, code):
    """Run ``code`` in a kernel through the server's websocket channels; return what it printed."""
    from tornado import ioloop, websocket

    async def run():
        url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels?token={token}"
        conn = await websocket.websocket_connect(url)
        msg_id = uuid.uuid4().hex
        conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test", "session": uuid.uuid4().hex,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        out, deadline = [], time.monotonic() + 120
        while time.monotonic() < deadline:
            msg = json.loads(await conn.read_message())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append("ERROR " + msg["content"]["evalue"])
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        conn.close()
        return "".join(out)

    return ioloop.IOLoop.current().run_sync(run, timeout=150)


@contextmanager
def _lab(project):
    """`litevidence lab` on a free loopback port: (process, base URL, token); whatever it started is ended after."""
    port, token = _free_port(), uuid.uuid4().hex
    server = subprocess.Popen([sys.executable, "-m", "litevidence.cli", "lab", "--project", str(project), "--port", str(port),
                               "--no-browser", "--token", token], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base, started = f"http://127.0.0.1:{port}", set()
    try:
        for _ in range(120):
            try:
                _api(base, "/api/status", token)
                break
            except OSError:
                time.sleep(0.5)
        yield server, base, token
    finally:
        started = descendants(server.pid)
        server.kill()
        for pid in wait_gone(started, timeout=0):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
def test_lab_serves_the_notebooks_and_a_kernel_that_loads_the_evidence(ran):
    with _lab(ran) as (server, base, token):
        listing = _api(base, "/api/contents/notebooks", token)
        assert {c["name"] for c in listing["content"]} >= {"01_corpus_overview.ipynb", "05_deployment_scenarios.ipynb"}
        kernel = _api(base, "/api/kernels", token, method="POST", body={"name": "python3", "path": "notebooks"})
        printed = _execute(base, kernel["id"], token,  # as a notebook opened from notebooks/ would
                           "import litevidence\nfrom litevidence.evidence import load_evidence\n"
                           "print('rows', len(load_evidence('../evidence')['claims']))")
        assert printed.strip() == f"rows {len(load_evidence(ran / 'evidence')['claims'])}"
        _api(base, f"/api/kernels/{kernel['id']}", token, method="DELETE")
        started = descendants(server.pid)
        server.terminate()
        server.wait(timeout=30)
        assert wait_gone(started, timeout=30) == set()  # nothing of the lab outlives it


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_issue13_8_lab_stopped_by_a_signal_leaves_no_server_or_kernel(ran, sig):
    with _lab(ran) as (server, base, token):
        _api(base, "/api/kernels", token, method="POST", body={"name": "python3", "path": "notebooks"})
        deadline = time.monotonic() + 60
        while not (started := descendants(server.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "jupyterlab" in cmdline(server.pid)  # the command became the server, so signals reach the server
        assert any("ipykernel" in cmdline(pid) for pid in started)
        os.kill(server.pid, sig)
        server.wait(timeout=60)
        assert wait_gone(started | {server.pid}, timeout=30) == set(), "a server or kernel outlived `litevidence lab`"
