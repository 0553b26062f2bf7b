"""Print the trigger hits, their factuality and the resulting mentions for texts (argv)."""

from __future__ import annotations

import sys
from dataclasses import asdict

from eventcoder.document import WorkDoc
from eventcoder.model import Article
from eventcoder.nlp.annotate import Annotator
from eventcoder.nlp.loading import load_nlp
from eventcoder.settings import Settings
from eventcoder.stages.classify import EventClassifier
from eventcoder.stages.clean import Cleaner
from eventcoder.stages.detect import EventDetector


def main() -> None:
    nlp = load_nlp(Settings().spacy_model)
    det, cls = EventDetector(), EventClassifier()
    for text in sys.argv[1:]:
        wd = Annotator(nlp)(Cleaner()(WorkDoc(article=Article("x", text, None, None))))
        for sent in wd.sentences():
            for h in det.sentence_hits(sent):
                print(f"  hit {wd.doc[h.start:h.end].text!r} cls={h.cls} w={h.weight} "
                      f"status={h.status} content={h.content}")
        for m in cls(det(wd)).mentions:
            notes = asdict(m.detect_notes) if m.detect_notes else {}
            print(f"  => {m.event_type} / {m.sub_event_type} | {m.plover_type} {m.plover_mode} "
                  f"{m.cameo_root} conf={m.confidence} key={m.trigger_key} notes="
                  f"{ {k: v for k, v in notes.items() if 'hit' not in k} } {m.class_notes}")


if __name__ == "__main__":
    main()
