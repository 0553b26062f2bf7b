"""Event detection: lexicon files, trigger matching, factuality checks, one mention per event."""

from __future__ import annotations

import pytest

from conftest import make_workdoc
from eventcoder.stages.detect import EventDetector, load_lexicon, match_triggers


def test_lexicon_files_are_consistent() -> None:
    lex = load_lexicon()
    assert sum(len(v) for v in lex.entries.values()) > 300
    for entries in lex.entries.values():
        for e in entries:
            assert e.cls in lex.classes
            assert 0.0 < e.weight <= 1.0
    for name, info in lex.classes.items():
        assert info["family"] in ("violence", "protest", "arrest", "strategic", "verbal"), name
        assert len(info["cameo"]) == 2 and info["cameo"].isdigit(), name


@pytest.mark.parametrize(
    ("text", "key", "cls"),
    [
        ("The air-strike hit the market.", "air strike", "air"),
        ("Two suicide bombers blew themselves up.", "suicide bomber", "suicide"),
        ("A car bomb went off.", "car bomb", "ied"),
        ("Rebels fired rocket-propelled grenades at the post.", "rocket propelled grenade",
         "shelling"),
        ("Police fired tear gas at the crowd.", "tear gas", "intervene"),
    ],
)
def test_longest_phrase_wins(nlp, text: str, key: str, cls: str) -> None:
    doc = nlp(text)
    hits = match_triggers(next(iter(doc.sents)), load_lexicon())
    assert any(h.key == key and h.cls == cls for h in hits), [(h.key, h.cls) for h in hits]


def test_context_condition_blocks_equipment_words(nlp) -> None:
    # "missile" needs a use word nearby; a missile programme is not an attack
    doc = nlp("The country unveiled its new missile programme.")
    assert not match_triggers(next(iter(doc.sents)), load_lexicon())


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Soldiers did not attack the village.", "negated"),
        ("The rebels threatened to attack the town.", "threat"),
        ("The rebels could attack the town.", "hypothetical"),
        ("If talks fail, rebels will attack the town.", "hypothetical"),
        ("The army plans to attack the town next week.", "plan"),
        ("Leaders called for an attack on the town.", "call"),
        ("The group claimed responsibility for the attack.", "attribution"),
        ("Rebels attacked the town on Monday.", "ok"),
    ],
)
def test_factuality_of_the_attack_trigger(nlp, text: str, status: str) -> None:
    wd = make_workdoc(nlp, text)
    hits = EventDetector().sentence_hits(wd.sentences()[0])
    attack = [h for h in hits if h.key in ("attack", "attacker")]
    assert attack and attack[0].status == status, [(h.key, h.status) for h in hits]


def test_two_events_in_one_sentence_give_two_mentions(nlp) -> None:
    text = "Rebels kidnapped six aid workers and exploded a car bomb in the capital."
    wd = EventDetector()(make_workdoc(nlp, text))
    classes = sorted({h.cls for m in wd.mentions if m.detect_notes
                      for h in m.detect_notes.hits})
    assert len(wd.mentions) == 2, classes


def test_one_event_with_several_triggers_gives_one_mention(nlp) -> None:
    text = "Gunmen opened fire on a bus, killing seven passengers and wounding ten."
    wd = EventDetector()(make_workdoc(nlp, text))
    assert len(wd.mentions) == 1


def test_noise_is_skipped_and_offsets_point_into_the_text(nlp) -> None:
    text = "Rebels shelled the town on Monday.\n\nMore news: Police attack suspect in mall\n"
    wd = make_workdoc(nlp, text)
    wd.noise.append((text.index("More news"), len(text)))
    wd = EventDetector()(wd)
    assert len(wd.mentions) == 1
    m = wd.mentions[0]
    assert text[m.trigger[0]:m.trigger[1]] == "shelled"


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Militants stormed the base. The attack lasted two hours.", "anaphoric"),
        ("Three people were killed in the town.", "generic"),
    ],
)
def test_back_reference_flags(nlp, text: str, flag: str) -> None:
    wd = EventDetector()(make_workdoc(nlp, text))
    notes = wd.mentions[-1].detect_notes
    assert notes is not None and getattr(notes, flag) is True


# ---------------------------------------------------------------- one record per event


def _classes(nlp, text: str) -> list[str]:
    from eventcoder.stages.assemble import aggregate, fold_headline
    from eventcoder.stages.classify import EventClassifier

    wd = EventClassifier()(EventDetector()(make_workdoc(nlp, text)))
    mentions = aggregate(fold_headline(wd, wd.mentions))
    return sorted(str(m.sub_event_type or m.plover_type) for m in mentions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # habitual or generic statements report no one event
        ("Militants have repeatedly attacked army convoys on the highway.", []),
        ("Gunmen often ambush travellers on this road.", []),
        ("Rebels shelled the town repeatedly on Monday.", ["Shelling/artillery/missile attack"]),
        # displacement caused by the reported fighting is part of it ...
        ("Soldiers fought rebels near the border town on Friday, forcing hundreds of "
         "families to flee.", ["Armed clash"]),
        # ... but displacement reported as the news is a strategic development
        ("Some 3,000 villagers have fled their homes because of militant attacks.", ["Other"]),
        # events named only as the circumstance of the reported act
        ("The two sides agreed to a truce after three days of heavy fighting.", ["Agreement"]),
        ("Hundreds of fighters surrendered following an army offensive in the hills.",
         ["Agreement"]),
        # the raid is the arrest operation itself
        ("Police arrested 30 suspects during raids in the northern district.", ["Arrests"]),
        # what a protest opposes is its topic, not a REJECT event
        ("Students marched on the ministry to oppose the new fees.", ["Peaceful protest"]),
        # a diplomatic act is the news; the shooting in its relative clause is background
        ("The government rejected a demand to release a soldier involved in a shooting at "
         "the border.", ["REJECT"]),
        # ... but an attack named inside a condemnation is still reported
        ("The minister condemned the attack in which gunmen killed 12 villagers.",
         ["ACCUSE", "Attack"]),
        # a headline verb and the agreement it names are one act
        ("Rival factions agree to ceasefire\n\nThe rival factions signed a ceasefire on "
         "Sunday in the capital.", ["Agreement"]),
    ],
)
def test_one_mention_per_reported_event(nlp, text: str, expected: list[str]) -> None:
    assert _classes(nlp, text) == expected


def test_circumstance_alone_is_still_an_event(nlp) -> None:
    # nothing else is reported: the fighting is the news
    assert _classes(nlp, "Calm returned after heavy fighting in the district.") != []
