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


def differences(a: dict[str, Any], b: dict[str, Any], limit: int = 5) -> list[str]:
    """Describe where two store contents differ (section, record, field), briefly."""
    out: list[str] = []
    for section in sorted(set(a) | set(b)):
        x, y = a.get(section), b.get(section)
        if x == y:
            continue
        if isinstance(x, dict) and isinstance(y, dict):
            for key in sorted(set(x) | set(y)):
                if x.get(key) != y.get(key):
                    fields = x.get(key) or {}
                    other = y.get(key) or {}
                    bad = [f for f in set(fields) | set(other) if fields.get(f) != other.get(f)]
                    out.append(f"{section}[{key}]: {sorted(bad)}")
                    for f in sorted(bad)[:2]:
                        left, right = fields.get(f), other.get(f)
                        if isinstance(left, list) and isinstance(right, list):
                            out.append(f"  {f}: only in first {[i for i in left if i not in right][:2]}")
                            out.append(f"  {f}: only in second {[i for i in right if i not in left][:2]}")
        else:
            out.append(f"{section}: {len(x or [])} vs {len(y or [])} records, or a record differs")
        if len(out) >= limit * 5:
            break
    return out
