"""What a store holds, as plain data, so two runs' stores can be compared for equality."""

from __future__ import annotations

from typing import Any

from storydesk.model import to_dict
from storydesk.store import Store


def store_content(store: Store, with_state: bool = True) -> dict[str, Any]:
    """Return every record of the store (timestamps aside) in its stored order."""
    content: dict[str, Any] = {
        "articles": [to_dict(a) for a in store.articles()],
        "copies": [to_dict(c) for c in store.copies()],
        "rejections": [to_dict(r) for r in store.rejections()],
        "annotations": {k: to_dict(v) for k, v in sorted(store.get_annotations().items())},
        "stories": [to_dict(s) for s in store.linked_stories()],
    }
    if with_state:
        content["duplicate_index"] = store.get_state("near-duplicate-index")
    return content


def slow_clean(batch: list, config: object) -> object:
    """Clean a batch after a pause, so a test can kill a worker while batches are in flight."""
    import time

    from storydesk import clean

    time.sleep(0.3)
    return clean.articles(batch, config)  # type: ignore[arg-type]
