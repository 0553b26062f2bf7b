from __future__ import annotations

import json
import subprocess
import sys

from eventcoder.cli.main import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    assert out.startswith("eventcoder ")


def test_import_is_cheap():
    code = "import sys, eventcoder; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_process_article_returns_events(pipeline):
    from eventcoder.model import Article

    art = Article("x1", "Protesters marched in Nairobi on Monday against tax rises.", None, None)
    events = list(next(pipeline.process([art])).events)
    assert events and events[0].plover_type == "PROTEST"
    rec = events[0].to_dict()
    assert json.loads(json.dumps(rec)) == rec
