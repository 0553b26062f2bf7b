"""How the time of ``eventcoder extract`` grows with article length and corpus size.

    python benchmarks/scaling.py --shared ../shared [--json OUT]

One process, one pipeline loaded once (load time not counted), over the Guardian corpus
(``<shared>/corpus/*.jsonl``):

- article length: articles of about 250 to 8,000 words, made by joining consecutive
  corpus articles (paragraph breaks between them) and cutting at the last sentence end
  before the length; the same number of words (``--words``) in every row, so a row
  that takes longer per word means a cost that grows faster than the text;
- corpus size: the whole corpus through the one pipeline, 25 articles at a time, each
  block also timed with spaCy alone; if the cost is linear in the number of articles the
  block's extract / spaCy time ratio stays flat as the run goes on (nothing accumulates).

spaCy's stock pipeline alone over the same texts is timed beside each length row.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LENGTHS = (250, 500, 1000, 2000, 4000, 8000)
BLOCK = 25


def corpus_texts(shared: Path) -> list[str]:
    texts = []
    for path in sorted((shared / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    if not texts:
        sys.exit(f"scaling: no corpus under {shared / 'corpus'}")
    return texts


def of_length(texts: list[str], words: int, count: int) -> list[str]:
    """``count`` texts of about ``words`` words, from consecutive corpus articles."""
    out: list[str] = []
    k = 0
    while len(out) < count:
        parts: list[str] = []
        n = 0
        while n < words:
            t = texts[k % len(texts)]
            parts.append(t)
            n += len(t.split())
            k += 1
        text = "\n\n".join(parts)
        cut = len(" ".join(text.split(" ")[:words]))
        end = text.rfind(". ", 0, cut)
        out.append(text[: end + 1] if end > 0 else text[:cut])
    return out


def timed_extract(pipe: Any, texts: list[str]) -> tuple[float, int]:
    from eventcoder.model import Article

    arts = [Article(f"s{i}", t) for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    events = sum(len(r.events) for r in pipe.process(arts))
    return time.perf_counter() - t0, events


def timed_spacy(nlp: Any, texts: list[str], batch_size: int) -> float:
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder")
    p.add_argument("--words", type=int, default=24_000, help="words per length row")
    p.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    args = p.parse_args(argv)

    import spacy

    from eventcoder.pipeline import Pipeline
    from eventcoder.settings import Settings

    texts = corpus_texts(Path(args.shared))
    settings = Settings()
    pipe = Pipeline(settings)
    nlp = spacy.load(settings.spacy_model)
    timed_extract(pipe, texts[:5])  # warm up: lexicons, gazetteer connection, memo tables
    timed_spacy(nlp, texts[:5], settings.batch_size)

    rows: list[dict[str, Any]] = []
    print("| words per article | articles | extract s | extract words/s | ms per article "
          "| spaCy alone s | extract / spaCy time |")
    print("|---|---|---|---|---|---|---|")
    for words in LENGTHS:
        batch = of_length(texts, words, max(2, args.words // words))
        n_words = sum(len(t.split()) for t in batch)
        ext, _events = timed_extract(pipe, batch)
        base = timed_spacy(nlp, batch, settings.batch_size)
        rows.append({"kind": "length", "words_per_article": words, "articles": len(batch),
                     "words": n_words, "extract_s": round(ext, 3), "spacy_s": round(base, 3)})
        print(f"| {words:,} | {len(batch)} | {ext:.1f} | {n_words / ext:,.0f} | "
              f"{1000 * ext / len(batch):,.0f} | {base:.1f} | {ext / base:.2f} |")
    print()
    print("| articles so far | words so far | extract s so far | block words/s "
          "| block extract / spaCy time |")
    print("|---|---|---|---|---|")
    done_words, done_s = 0, 0.0
    for start in range(0, len(texts), BLOCK):
        block = texts[start: start + BLOCK]
        n_words = sum(len(t.split()) for t in block)
        ext, _events = timed_extract(pipe, block)
        base = timed_spacy(nlp, block, settings.batch_size)
        done_words, done_s = done_words + n_words, done_s + ext
        rows.append({"kind": "size", "articles": start + len(block), "words": done_words,
                     "extract_s": round(done_s, 3), "block_extract_s": round(ext, 3),
                     "block_spacy_s": round(base, 3), "block_words": n_words})
        print(f"| {start + len(block)} | {done_words:,} | {done_s:.1f} | {n_words / ext:,.0f} | "
              f"{ext / base:.2f} |")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
