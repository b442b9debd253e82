"""Exact and near-duplicate detection, and the index's serialisation."""

from __future__ import annotations

import random

from storydesk.clean import DuplicateIndex
from storydesk.model import Article, article_id_for

WORDS = ["river", "council", "bridge", "water", "board", "farmers", "valley", "storm", "repair", "engineers", "station", "road", "ferry", "harbour", "port", "union", "strike", "wages", "inspector", "report", "minister", "budget", "school", "hospital", "train"]


def story(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + ("." if i % 15 == 14 else "") for i in range(n))


def art(text: str, input: str = "x") -> Article:
    return Article(id=article_id_for(text), input=input, text=text)


def test_exact_copy_differing_in_case_and_punctuation() -> None:
    index = DuplicateIndex()
    original = art(story(1))
    index.add(original)
    copy = art(story(1).upper().replace(".", "!"))
    assert index.match(copy) == (original.id, "exact", 1.0)


def test_syndicated_copy_with_an_intro_and_an_edit_is_near() -> None:
    index = DuplicateIndex(threshold=0.8)
    original = art(story(2))
    index.add(original)
    words = story(2).split()
    words[100:103] = ["says", "agency", "desk"]
    reprint = art("The following report was distributed by an agency. " + " ".join(words))
    found = index.match(reprint)
    assert found is not None and found[0] == original.id and found[1] == "near"
    assert 0.8 <= found[2] < 1.0


def test_different_story_on_the_same_topic_is_not_a_copy() -> None:
    index = DuplicateIndex()
    index.add(art(story(3)))
    assert index.match(art(story(4))) is None


def test_short_texts_only_match_exactly() -> None:
    index = DuplicateIndex()
    index.add(art("two words"))
    assert index.match(art("Two words!"))[1] == "exact"
    assert index.match(art("other words")) is None


def test_dumps_and_loads_round_trip() -> None:
    index = DuplicateIndex(threshold=0.7)
    originals = [art(story(s)) for s in range(10, 20)]
    for a in originals:
        index.add(a)
    index.add(originals[0])  # idempotent
    loaded = DuplicateIndex.loads(index.dumps())
    assert len(loaded) == len(index) == 10
    assert loaded.threshold == 0.7
    words = story(15).split()
    words[50:52] = ["edited", "here"]
    probe = art(" ".join(words))
    assert loaded.match(probe) == index.match(probe)
    assert loaded.match(probe)[0] == originals[5].id
