"""docs/cookbook.md runs as written: every ``sh`` block of a task, in a fresh folder laid
out like the checkout (examples/, tests/data/, ../shared/examples/khasham.txt), with the
eventcoder of this test run first on PATH. A block that ends in ``eventcoder serve`` is
started in the background and every local URL of its task is fetched from it."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
COOKBOOK = ROOT / "docs" / "cookbook.md"

pytestmark = pytest.mark.model


def _tasks() -> list[tuple[str, str, list[str]]]:
    """(heading, section text, sh blocks) for every numbered task."""
    text = COOKBOOK.read_text()
    parts = re.split(r"^## ", text, flags=re.M)[1:]
    tasks = []
    for part in parts:
        heading, _, body = part.partition("\n")
        blocks = re.findall(r"^```sh\n(.*?)^```", body, flags=re.M | re.S)
        if blocks:
            tasks.append((heading.strip(), body, blocks))
    return tasks


TASKS = _tasks()


def test_the_cookbook_has_five_runnable_tasks():
    headings = [h for h, _, _ in TASKS]
    assert len(headings) == 5, headings
    wanted = ["weekly brief", "map of a month", "acled", "actor file", "spark"]
    for heading, word in zip(headings, wanted, strict=True):
        assert word in heading.casefold()


@pytest.fixture
def workdir(tmp_path, shared) -> Path:
    work = tmp_path / "checkout"
    shutil.copytree(ROOT / "examples", work / "examples")
    shutil.copytree(ROOT / "tests" / "data", work / "tests" / "data",
                    ignore=shutil.ignore_patterns("geonames_small", "merge_set"))
    (tmp_path / "shared" / "examples").mkdir(parents=True)
    shutil.copy(shared / "examples" / "khasham.txt", tmp_path / "shared" / "examples")
    return work


def _env() -> dict[str, str]:
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    src = str(ROOT / "src")  # this checkout's eventcoder, whatever the venv holds
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("PYSPARK_PYTHON", sys.executable)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _outputs(block: str) -> list[str]:
    """The files and folders a block writes: every -o / --output argument."""
    commands = re.sub(r"<<'?(\w+)'?\n.*?^\1$", "", block, flags=re.S | re.M)  # heredocs
    words = shlex.split(commands.replace("\\\n", " "), comments=True)
    return [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-o", "--output")]


def _check_output(path: Path) -> None:
    assert path.exists(), f"{path.name} was not written"
    if path.is_dir():
        assert any(p.is_file() and p.stat().st_size for p in path.rglob("*")), f"{path} empty"
        return
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".csv":
        assert len(text.splitlines()) >= 2, f"{path.name} has no row below its header"
    elif path.suffix == ".geojson":
        assert json.loads(text)["features"], f"{path.name} has no feature"
    else:
        assert text.strip(), f"{path.name} is empty"


def _run(block: str, cwd: Path) -> str:
    proc = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, (
        f"exit {proc.returncode}\n--- block\n{block}\n--- stderr\n{proc.stderr[-3000:]}")
    return proc.stdout


def _serve_and_fetch(block: str, section: str, cwd: Path) -> None:
    port = _free_port()
    command = block.strip().replace("--port 8000", f"--port {port}")
    urls = [u.replace(":8000", f":{port}")
            for u in re.findall(r"<(http://127\.0\.0\.1:8000/[^>]*)>", section)]
    assert urls, "the serve task gives no URL to open"
    server = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=cwd, env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        bodies = [_fetch(url, server) for url in urls]
    finally:
        server.terminate()
        server.wait(timeout=30)
    for url, body in zip(urls, bodies, strict=True):
        if "geojson" in url:
            features = json.loads(body)["features"]
            assert features, f"{url}: no feature"
            dates = {f["properties"]["event_date"] for f in features}
            since, until = re.findall(r"\d{4}-\d\d-\d\d", url)
            assert all(since <= d <= until for d in dates), dates


def _fetch(url: str, server: subprocess.Popen) -> str:
    for _ in range(600):  # the server is up once it answers; it may take a while on CI
        if server.poll() is not None:
            out = server.stdout.read() if server.stdout else ""
            pytest.fail(f"eventcoder serve exited with {server.returncode}: {out[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                assert resp.status == 200, url
                return resp.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"{url}: the server never answered")


def _page_parameters() -> set[str]:
    """The page's URL parameters, as docs/serve.md's "URL parameters" table names them."""
    serve = (ROOT / "docs" / "serve.md").read_text()
    table = serve.split("### URL parameters")[1].split("\n\n```")[0]
    names: set[str] = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            first = row.split("|")[1]
            names |= {n.split("=")[0] for n in re.findall(r"`([^`]+)`", first)}
    return names


def test_the_map_task_shares_the_page_with_its_filters_in_the_url():
    """Task 2 gives the page's URL with the month's filters in its query string, and
    every parameter of it is one the page reads (docs/serve.md, "URL parameters")."""
    heading, section, _ = next(t for t in TASKS if "map of a month" in t[0].casefold())
    known = _page_parameters()
    assert {"since", "until", "country", "map", "event", "brush"} <= known, known
    pages = [u for u in re.findall(r"http://127\.0\.0\.1:8000/\?[^>`\s]*", section)]
    assert pages, "no page URL with a query string"
    for url in pages:
        query = parse_qs(urlsplit(url).query, strict_parsing=True)
        assert set(query) <= known, (url, set(query) - known)
    first = parse_qs(urlsplit(pages[0]).query)
    assert first["since"] == ["2022-10-01"] and first["until"] == ["2022-10-31"]


def _param(task: tuple[str, str, list[str]]):
    marks = [pytest.mark.spark] if "spark" in task[0].casefold() else []
    return pytest.param(task, id="task" + task[0].split(".")[0], marks=marks)


@pytest.mark.parametrize("task", [_param(t) for t in TASKS])
def test_cookbook_task_runs(task, workdir):
    heading, section, blocks = task
    for block in blocks:
        if block.strip().startswith("eventcoder serve"):
            _serve_and_fetch(block, section, workdir)
            continue
        _run(block, workdir)
        for out in _outputs(block):
            _check_output(workdir / out)


def _commands(block: str) -> list[str]:
    lines = re.sub(r"\\\n\s*", " ", block).splitlines()
    return [re.sub(r"\s+", " ", ln.split(" #")[0]).strip().removeprefix(".venv/bin/")
            for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def test_readme_first_screen_is_make_demo_make_test_then_the_first_task():
    readme = (ROOT / "README.md").read_text()
    first_screen = readme.split("\n## ")[0]
    blocks = re.findall(r"^```\w*\n(.*?)^```", first_screen, flags=re.M | re.S)
    assert len(blocks) >= 2
    assert [c.split()[:2] for c in _commands(blocks[0])] == [["make", "demo"], ["make", "test"]]
    _, _, task1 = TASKS[0]
    assert _commands(blocks[1]) == _commands(task1[0])
    assert "docs/cookbook.md" in first_screen
