"""The event lexicon and word lists read from ``eventcoder/data``: trigger entries, event
classes with their ACLED / PLOVER / CAMEO codes, cue words, regex alternations of word lists."""
