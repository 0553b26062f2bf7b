"""Measure the actors stage alone on the gold sets (independent of the event detector).

For each gold document one Mention is made by hand: the first sentence with its main verb
(the dependency root) as trigger, so only the actor logic is measured. Usage:

    .venv/bin/python tools/actor_check.py plover    # /work/shared/eval/plover_gsr.jsonl
    .venv/bin/python tools/actor_check.py ucdp      # /work/shared/eval/ucdp.jsonl
    add -v to print the misses (-v1 / -v2: misses of actor1 / actor2 only)

Matching (as the brief states): a predicted actor matches when a gold alias is contained
in its name or text, or its text is contained in a gold alias (case-insensitive). UCDP's
"Government of X" also matches any state actor (inter 1 or 8) of country X. Gold [] is
matched by no actor.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from eventcoder.actors.tagger import ActorDictionary, ActorTagger
from eventcoder.document import Mention, WorkDoc
from eventcoder.model import Actor, Article
from eventcoder.nlp.annotate import Annotator
from eventcoder.nlp.loading import load_nlp
from eventcoder.settings import Settings
from eventcoder.stages.clean import Cleaner

SHARED = Path("/work/shared/eval")
VIOLENCE = re.compile(r"^(kill|clash|attack|strike|airstrike|raid|ambush|bomb|blast|fight|battle|"
                      r"shell|die|massacre|explosion|offensive|recapture|capture|assault)s?$")
# reporting and auxiliary-like verbs: the event is their complement
REPORTING = {"say", "tell", "report", "quote", "announce", "state", "claim", "add", "confirm",
             "be", "plan", "fail", "seem", "appear", "expect", "try", "want", "hope", "believe"}
UCDP_VIOLENCE = {1: "Battles", 2: "Battles", 3: "Violence against civilians"}


def matches(
    pred: Actor | None, gold: list[str], country_names: dict[str, str],
    dictionary: ActorDictionary | None = None,
) -> bool:
    if not gold:
        return pred is None
    if pred is None:
        return False
    name, text = pred.name.lower(), pred.text.lower().strip()
    for g in gold:
        a = g.lower().strip()
        if a in name or a in text or (len(text) >= 3 and text in a):
            return True
        entry = dictionary.lookup_named(g) if dictionary is not None else None
        if entry is not None and entry.name.split(" ({")[0].lower() in name:
            return True  # gold alias and prediction are the same dictionary actor
        if a.startswith("government of ") and pred.inter in (1, 8) and pred.country:
            if country_names.get(pred.country, "").lower() in a:
                return True
    return False


def mention_for(wd: WorkDoc, event_type: str | None, plover: str | None) -> Mention | None:
    sents = wd.sentences()
    if not sents:
        return None
    s = max(sents[:2], key=len) if len(sents) > 1 and len(sents[0]) < 4 else sents[0]
    root = s.root
    if event_type is not None:  # headline sets: the first violence word is the trigger
        for sent in sents:
            hit = next((t for t in sent if VIOLENCE.match(t.lemma_.lower())), None)
            if hit is not None:
                s, root = sent, hit
                break
    # a reporting verb ("X said", "according to") is not the event: take its complement
    for _ in range(2):
        if root.lemma_.lower() not in REPORTING:
            break
        comp = [c for c in root.children if c.dep_ in ("ccomp", "xcomp")]
        if not comp:
            break
        root = comp[0]
    return Mention(
        sent_index=sents.index(s),
        sent=(s.start_char, s.end_char),
        trigger=(root.idx, root.idx + len(root.text)),
        trigger_key=root.lemma_.lower(),
        event_type=event_type,
        plover_type=plover or "ASSAULT",
    )


def main(argv: list[str]) -> int:
    which = argv[0] if argv else "plover"

    path = SHARED / ("plover_gsr.jsonl" if which == "plover" else "ucdp.jsonl")
    settings = Settings()
    nlp = load_nlp(settings.spacy_model)
    dictionary = ActorDictionary.load(settings)
    names = {k: v for k, v in dictionary.country_names.items()}
    tagger = ActorTagger(dictionary)
    annot = Annotator(nlp)
    n = {"a1": 0, "a2": 0, "c1": 0, "c2": 0}
    ok = {"a1": 0, "a2": 0, "c1": 0, "c2": 0}
    for line in path.open():
        d = json.loads(line)
        labels = set(d["labels"])
        if "actor1" not in labels:
            continue
        ev = d["events"][0]
        text = d["text"]
        wd = annot(Cleaner()(WorkDoc(article=Article(d["doc_id"], text, d.get("title")))))
        if wd.skipped:
            continue
        etype = UCDP_VIOLENCE.get(ev.get("ucdp_type_of_violence", 0)) if which == "ucdp" else None
        m = mention_for(wd, etype, ev.get("plover_event_type"))
        if m is None:
            continue
        wd.mentions.append(m)
        tagger(wd)
        g1, g2 = ev.get("actor1", []), ev.get("actor2", [])
        r1, r2 = matches(m.actor1, g1, names, dictionary), matches(m.actor2, g2, names, dictionary)
        if which == "ucdp" and not (r1 and r2):  # UCDP sides have no order
            s1 = matches(m.actor1, g2, names, dictionary)
            s2 = matches(m.actor2, g1, names, dictionary)
            if s1 + s2 > r1 + r2:
                r1, r2 = s1, s2
        n["a1"] += 1
        n["a2"] += 1
        ok["a1"] += r1
        ok["a2"] += r2
        for key, field, actor in (("c1", "actor1_country", m.actor1),
                                  ("c2", "actor2_country", m.actor2)):
            if field in labels and ev.get(field):
                n[key] += 1
                good = bool(actor and actor.country == ev[field])
                ok[key] += good
                if not good and f"-v{key}" in argv:
                    print("--", text[:160], "| gold", ev[field], ev.get("actor" + key[1]),
                          "| pred", actor and (actor.name, actor.text, actor.country))
        show = ("-v2" in argv and not r2) or ("-v1" in argv and not r1) or (
            "-v" in argv and not (r1 and r2))
        if show:
            trig = text[m.trigger[0] : m.trigger[1]]
            print("--", text[:200].replace("\n", " "), "  [trigger:", trig, "]")
            print("   gold", g1, "|", g2, " pred", m.actor1 and (m.actor1.name, m.actor1.text),
                  "|", m.actor2 and (m.actor2.name, m.actor2.text))
    for key in ("a1", "a2", "c1", "c2"):
        if n[key]:
            print(f"{which} {key}: {ok[key]}/{n[key]} = {ok[key] / n[key]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
