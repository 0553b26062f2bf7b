"""Extract the Guardian corpus and every public gold set, and compare with a saved snapshot.

    python tools/snapshot_outputs.py save    out/snapshot-before   [--shared ../shared]
    python tools/snapshot_outputs.py compare out/snapshot-before   [--shared ../shared]

``save`` runs the installed ``eventcoder`` command line (so the same script works before and
after a refactor): ``extract --format jsonl --workers 2`` over the corpus and over each gold
file's articles (only ``id``, ``text``, ``title`` and ``published``, as the evaluator gives
them), and ``geoparse`` over the geoparsing set. ``compare`` does the same into a temporary
folder and checks every output byte for byte (``cmp``); it prints one line per file and
exits 1 when any differs.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import subprocess
import sys
import tempfile
from pathlib import Path

EVENTCODER = str(Path(sys.executable).parent / "eventcoder")


def _articles_of(gold: Path, dest: Path) -> Path:
    out = dest / f"{gold.stem}.input.jsonl"
    with gold.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            doc = json.loads(line)
            art = {k: doc.get(k) for k in ("text", "title", "published")}
            art["id"] = doc["doc_id"]
            dst.write(json.dumps(art, ensure_ascii=False) + "\n")
    return out


def _run(args: list[str]) -> None:
    proc = subprocess.run([EVENTCODER, *args], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"eventcoder {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")


def save(dest: Path, shared: Path) -> list[str]:
    dest.mkdir(parents=True, exist_ok=True)
    made = []
    corpus = shared / "corpus" / "guardian_syria_2017_2019.jsonl"
    jobs: list[tuple[str, Path]] = [("corpus", corpus)]
    for gold in sorted((shared / "eval").glob("*.jsonl")):
        jobs.append((gold.stem, _articles_of(gold, dest)))
    for name, src in jobs:
        out = dest / f"{name}.events.jsonl"
        _run(["extract", str(src), "--format", "jsonl", "--workers", "2", "-o", str(out)])
        made.append(out.name)
    geo = dest / "geowebnews.toponyms.jsonl"
    _run(["geoparse", str(dest / "geowebnews.input.jsonl"), "-o", str(geo)])
    made.append(geo.name)
    return made


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["save", "compare"])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    if args.action == "save":
        for name in save(args.folder, args.shared):
            print(f"saved {args.folder / name}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        differ = 0
        for name in save(Path(tmp), args.shared):
            same = filecmp.cmp(args.folder / name, Path(tmp) / name, shallow=False)
            lines = sum(1 for _ in (Path(tmp) / name).open(encoding="utf-8"))
            print(f"{'identical' if same else 'DIFFERS  '} {name} ({lines} lines)")
            differ += not same
    print(f"{differ} of {len(list(args.folder.glob('*.events.jsonl'))) + 1} outputs differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
