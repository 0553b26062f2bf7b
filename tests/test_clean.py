from __future__ import annotations

import pytest

from eventcoder.document import WorkDoc
from eventcoder.model import Article
from eventcoder.stages.clean import Cleaner, english_reason, find_noise


def _clean(text: str) -> WorkDoc:
    return Cleaner()(WorkDoc(article=Article("c", text)))


def test_clean_text_keeps_every_offset():
    text = "Headline here for you\n\nHeadline here for you\n\nThe the army said it.\n"
    wd = _clean(text)
    assert len(wd.clean_text) == len(text)
    for i, (a, b) in enumerate(zip(text, wd.clean_text, strict=True)):
        assert b == a or b == " ", i
    assert wd.clean_text.count("Headline here for you") == 1


@pytest.mark.parametrize(
    "line",
    [
        "More news: Police warn about a video shared online",
        "Read more: Ten things to know",
        "Also read: Floods in the south",
        "Subscribe to our newsletter",
        "Share this article",
    ],
)
def test_inserted_lines_are_blanked(line):
    text = f"Troops clashed with rebels on Monday.\n\n{line}\n\nThe army said ten died.\n"
    wd = _clean(text)
    start = text.index(line)
    assert wd.clean_text[start : start + len(line)].strip() == ""
    assert wd.is_noise(start, start + len(line))
    assert "Troops clashed" in wd.clean_text and "ten died" in wd.clean_text


def test_long_real_sentence_starting_with_watch_is_kept():
    line = (
        "Watch groups said on Monday that soldiers had detained dozens of men in the town"
        " after the attack on the market, and that many of them were still missing."
    )
    assert find_noise(line + "\n") == []


@pytest.mark.parametrize(
    ("text", "doubled"),
    [("part of the the Syrian military", "the"), ("attacked a a convoy", "a")],
)
def test_doubled_words(text, doubled):
    spans = find_noise(text)
    assert len(spans) == 1
    s, e = spans[0]
    assert text[s:e] == doubled


@pytest.mark.parametrize(
    "text", ["He had had enough.", "He said that that was all.", "the plant at In Amenas"]
)
def test_legitimate_doubles_are_kept(text):
    assert find_noise(text) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty text"),
        ("Боевики атаковали колонну вблизи города, сообщили военные источники.", "not English"),
        (
            "Les combattants ont attaqué un convoi militaire près de la ville, selon des"
            " sources locales citées par plusieurs médias.",
            "not English",
        ),
    ],
)
def test_not_processable_articles_are_skipped_with_reason(text, reason):
    wd = _clean(text)
    assert wd.skipped is not None and reason in wd.skipped


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed three villagers in the north of the country.",
        "Union Secretary General Jan Novak undertook mediation mission between Chad and Sudan.",
        "Troops clash near Los Angeles de San Rafael",
    ],
)
def test_english_is_accepted(text):
    assert english_reason(text, 0.6) is None


@pytest.mark.parametrize(
    "text",
    [
        "Siete muertos en un ataque contra una patrulla del ejército",
        "Trois soldats tués dans une embuscade près de la frontière",
        "Zwei Soldaten wurden bei einem Anschlag getötet, sagte die Armee",
    ],
)
def test_short_texts_in_other_languages_are_not_english(text):
    reason = english_reason(text, 0.6)
    assert reason is not None and reason.startswith("not English")
