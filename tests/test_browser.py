"""The map page in headless Chromium against a real ``eventcoder serve`` over a seeded
database: load, filter, brush the timeline, open an event, check the highlighted
evidence and that article markup never runs; it takes a screenshot (docs/serve.md says
how docs/screenshot.png is made, with tests/browser/screenshot.mjs).

Needs Debian's ``chromium`` and ``npm ci`` (playwright-core, leaflet...). Where either is
missing the test is skipped, unless ``EVENTCODER_REQUIRE_BROWSER=1`` (``make test`` sets
it), which turns the skip into a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SERVE = ("import argparse, sys; from eventcoder.cli.serve import add_commands;"
         " p = argparse.ArgumentParser(); add_commands(p.add_subparsers());"
         " a = p.parse_args(sys.argv[1:]); sys.exit(a.func(a))")


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not installed (apt-get install chromium)"
    if shutil.which("node") is None:
        return "node not installed"
    for pkg in ("playwright-core", "leaflet", "leaflet.markercluster", "world-atlas"):
        if not (ROOT / "node_modules" / pkg).is_dir():
            return f"node_modules/{pkg} missing (npm ci)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    reason = _missing()
    if reason:
        if os.environ.get("EVENTCODER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser test required but {reason}")
        pytest.skip(reason)
    from _serve_seed import seed

    db = seed(tmp_path_factory.mktemp("browser") / "seed.duckdb", 60)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, "serve", "--db", str(db), "--port", str(port),
         "--log-level", "warning"], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"serve exited with {proc.returncode}")
            time.sleep(0.1)
        else:
            pytest.fail("serve did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_page_filter_brush_event_evidence(server: str, tmp_path: Path) -> None:
    shot = tmp_path / "screenshot.png"
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "browser" / "page.mjs"), server, str(shot),
         str(tmp_path / "profile")],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    findings = json.loads(result.stdout.strip().splitlines()[-1])
    assert findings["rows"] == 50 and findings["total"] == 60
    assert findings["injection"] == {"pwned": None, "elements": 0}
    assert findings["external"] == []
    assert shot.stat().st_size > 10_000
