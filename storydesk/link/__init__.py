"""The link stage: stories, canonical entities, cross-source events and figure groups.

Pure functions over records (no store access), deterministic and independent of input order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..model import Annotations, LinkedStory, Story
from .entities import (
    CuratedName,
    EntityIndex,
    canonical_entities,
    default_curated,
    default_place_lookup,
)
from .event_merge import NEWS_MODEL, EventItem, MergeModel, cluster_events
from .events import merge_events
from .figures import group_figures
from .stories import StoryModel, stories

VERSION = "link-0.3"  # bump when linking changes: stored stories are relinked

__all__ = [
    "NEWS_MODEL",
    "VERSION",
    "CuratedName",
    "EntityIndex",
    "EventItem",
    "MergeModel",
    "StoryModel",
    "canonical_entities",
    "cluster_events",
    "group_figures",
    "linked_story",
    "merge_events",
    "stories",
]


def linked_story(
    story: Story,
    annotations: Mapping[str, Annotations],
    *,
    curated: Sequence[CuratedName] | None = None,
    lookup_place: Any = None,
) -> LinkedStory:
    """Link one story's annotations into canonical entities, merged events and figure groups.

    ``curated`` and ``lookup_place`` default to the shared gazetteer (storydesk.nlp.gazetteer)
    when it is installed; pass them to test without it. NEWS_MODEL's weights are not calibrated
    for embedding cosines yet, so no embedder is used for event merging; ``merge_events(encode=...)``
    takes one once they are.
    """
    anns = [annotations[a] for a in sorted(set(story.article_ids)) if a in annotations]
    entities = canonical_entities(
        (m for a in anns for m in a.mentions),
        curated=default_curated() if curated is None else curated,
        lookup_place=default_place_lookup() if lookup_place is None else lookup_place,
    )
    index = EntityIndex(entities)
    events = merge_events((e for a in anns for e in a.events), index)
    figures = group_figures(f for a in anns for f in a.figures)
    return LinkedStory(story=story, entities=entities, events=events, figures=figures)
