from __future__ import annotations

import datetime as dt

from eventcoder.model import Article

NOISY = (
    "Troops clash with rebels near Gao\n\n"
    "Troops clash with rebels near Gao\n\n"
    "Malian troops clashed with rebels near Gao on Monday, the army said.\n\n"
    "More news: Floods hit Kenya and Uganda\n"
)


def test_nothing_is_found_in_blanked_noise(pipeline):
    art = Article("n1", NOISY, None, dt.date(2021, 3, 3))
    wd = next(pipeline.annotated([art]))
    noise_start = NOISY.index("More news")
    dup_title = NOISY.index("Troops", 5)
    for t in wd.toponyms:
        assert not (dup_title <= t.start < dup_title + 33), t
        assert t.start < noise_start, t  # no Kenya / Uganda from the inserted line
    result = next(pipeline.process([art]))
    for e in result.events:
        for spans in e.evidence.values():
            assert all(s.start < noise_start for s in spans)


def test_results_come_back_in_input_order_with_skips(pipeline):
    arts = [
        Article("a", "Police arrested ten protesters in Lagos on Friday.", None,
                dt.date(2020, 1, 4)),
        Article("b", "", None, None),
        Article("c", "Les combattants ont attaqué un convoi militaire près de la ville hier."),
    ]
    results = list(pipeline.process(arts))
    assert [r.article_id for r in results] == ["a", "b", "c"]
    assert results[0].skipped is None
    assert results[1].skipped == "empty text" and results[1].events == ()
    assert results[2].skipped is not None and "not English" in results[2].skipped


def test_process_article_uses_one_cached_pipeline(pipeline, settings, monkeypatch):
    from eventcoder import pipeline as pm

    monkeypatch.setitem(pm._PIPELINES, settings, pipeline)
    assert pm.get_pipeline(settings) is pipeline
    events = pm.process_article(
        Article("p", "Gunmen killed four villagers in Zamfara State on Sunday.", None,
                dt.date(2022, 5, 3)),
        settings,
    )
    assert events and all(e.article_ids == ("p",) for e in events)


def test_extract_events_api(pipeline, settings, monkeypatch):
    import eventcoder
    from eventcoder import pipeline as pm

    monkeypatch.setitem(pm._PIPELINES, settings, pipeline)
    events = eventcoder.extract_events(
        "Protesters marched in Nairobi on Tuesday against new taxes.", published="2024-06-26"
    )
    assert events[0].event_type == "Protests"
    assert events[0].event_date == "2024-06-25"
