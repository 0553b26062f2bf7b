"""Near-duplicate articles: MinHash signatures, LSH candidates, the dedup index."""

from __future__ import annotations

import numpy as np
import pytest

from eventcoder.store.dedup import (
    BANDS,
    NUM_PERM,
    THRESHOLD,
    DedupIndex,
    band_hashes,
    from_bytes,
    shingles,
    signature,
    similarity,
    to_bytes,
    tokens,
)

ORIGINAL = (
    "The U.S.-led coalition carried out air strikes on Wednesday against pro-government "
    "forces who had attacked the headquarters of the Syrian Democratic Forces near the town "
    "of Khusham in Deir ez-Zor province, a U.S. military official said on Thursday. Russia "
    "and Iran back the government in Damascus, while the United States supports the SDF. "
    "The official said about 100 fighters were killed in the strikes and one SDF fighter was "
    "wounded. The coalition said its forces acted in self-defence after an unprovoked attack "
    "and that it had been in contact with Russian officials before and after the strikes."
)
SPUN = (
    ORIGINAL.replace("U.S.", "USA")
    .replace("Russia ", "Russian Federation ")
    .replace("said on Thursday", "stated on Thursday")
    .replace("supports", "backs")
)
SAME_EVENT_OTHER_OUTLET = (
    "Coalition warplanes struck pro-regime fighters near Khusham in eastern Syria after they "
    "attacked an SDF base, killing scores, according to a statement. Moscow said Russian "
    "servicemen were not involved in the fighting. The SDF reported one wounded fighter."
)
UNRELATED = (
    "Thousands of teachers marched through the capital on Monday to demand higher wages, "
    "blocking traffic for hours before the education minister agreed to meet their leaders. "
    "Union officials said the strike would continue until an agreement was signed."
)


def test_tokens_drop_the_letters_of_abbreviations():
    assert tokens("The U.S. army, USA") == ["the", "army", "usa"]


def test_shingles_of_a_short_text():
    assert shingles("two words") == {"two words"}
    assert shingles("") == set()
    assert shingles("a b c d e f") == set()  # one-letter tokens only


def test_signature_shape_and_round_trip():
    sig = signature(ORIGINAL)
    assert sig.shape == (NUM_PERM,) and sig.dtype == np.uint64
    assert np.array_equal(from_bytes(to_bytes(sig)), sig)
    assert np.array_equal(signature(ORIGINAL), sig)  # deterministic across calls
    assert len(band_hashes(sig)) == BANDS


@pytest.mark.parametrize(
    "other, duplicate",
    [
        (ORIGINAL, True),
        (ORIGINAL.upper(), True),
        (SPUN, True),
        (ORIGINAL + " Reporting by the news desk; editing by the night editor.", True),
        (SAME_EVENT_OTHER_OUTLET, False),  # an independent report of the same event
        (UNRELATED, False),
    ],
)
def test_similarity_separates_copies_from_independent_reports(other, duplicate):
    sim = similarity(signature(ORIGINAL), signature(other))
    assert (sim >= THRESHOLD) is duplicate, sim


def test_index_points_a_copy_of_a_copy_at_the_original():
    index = DedupIndex()
    assert index.add("orig", ORIGINAL) is None
    assert index.add("other", SAME_EVENT_OTHER_OUTLET) is None
    assert index.add("spun", SPUN) == "orig"
    assert index.add("spun-again", SPUN.replace("Damascus", "the Syrian capital")) == "orig"
    assert index.add("teachers", UNRELATED) is None
