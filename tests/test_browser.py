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


def _need_browser() -> None:
    reason = _missing()
    if reason:
        if os.environ.get("EVENTCODER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser test required but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _need_browser()
    from _serve_seed import seed

    db = seed(tmp_path_factory.mktemp("browser") / "seed.duckdb", 60)
    yield from _serving(db)


def _serving(db: Path) -> Iterator[str]:
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


def test_evidence_after_an_emoji_highlights_the_quote(tmp_path: Path) -> None:
    """Span offsets count code points, the page's strings UTF-16 units: with emoji
    (two units each) before the evidence, every highlight is still exactly its quote."""
    _need_browser()
    from _serve_seed import FakePipeline, article_text, fake_event
    from eventcoder.model import Article
    from eventcoder.store.ingest import ingest

    art = Article("art-0001", "\U0001F525\U0001F1F8\U0001F1FE Breaking: " + article_text(1),
                  "Emoji report", None, None, "Outlet A")
    ingest(tmp_path / "emoji.duckdb", [art], FakePipeline())
    expected = {field: sorted(art.text[s.start:s.end] for s in spans)
                for field, spans in fake_event(art).evidence.items()}
    for base in _serving(tmp_path / "emoji.duckdb"):
        result = subprocess.run(
            ["node", str(ROOT / "tests" / "browser" / "emoji.mjs"), base,
             str(tmp_path / "profile")],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr + result.stdout
        marked = json.loads(result.stdout.strip().splitlines()[-1])
        for field in ("fatalities", "actor1", "location", "sources"):
            assert sorted(marked[field]) == expected[field], (field, marked)
