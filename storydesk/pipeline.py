"""The only module that knows the stage order: ingest -> clean -> annotate -> link -> report.

Each function here is one library call behind one CLI command; the CLI only parses and renders.
Every write goes through ``store.atomic()``; each batch commits on its own, so an interrupted
run keeps what it finished and a re-run picks up the rest without duplicating anything.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import itertools
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import clean, ingest
from .config import Config
from .engine import Executor, executor_for
from .model import (
    Annotations,
    Article,
    ArticleCopy,
    Brief,
    LinkedStory,
    RawDocument,
    Rejected,
    StageResult,
    Story,
)
from .store import Store, is_server_url, sqlite_file

T = TypeVar("T")

#: progress(stage, done, total): total is None while unknown.
Progress = Callable[[str, int, int | None], None]


def _no_progress(stage: str, done: int, total: int | None) -> None:
    pass


@dataclass
class RunSummary:
    """Counts of what a run did, and rejection codes with their counts."""

    counts: Counter = field(default_factory=Counter)
    rejected: Counter = field(default_factory=Counter)
    rejections: list[Rejected] = field(default_factory=list)

    def reject(self, r: Rejected) -> None:
        self.rejected[r.code] += 1
        self.rejections.append(r)

    def merge(self, other: RunSummary) -> RunSummary:
        self.counts.update(other.counts)
        self.rejected.update(other.rejected)
        self.rejections.extend(other.rejections)
        return self

    def line(self) -> str:
        """One line for humans: ``12 ingested, 3 rejected: 2 INGEST-003, 1 INGEST-002``."""
        order = ["ingested", "duplicates", "unchanged", "annotated", "stories", "events"]
        parts = [f"{self.counts[k]} {k}" for k in order if self.counts.get(k)]
        parts += [f"{v} {k}" for k, v in sorted(self.counts.items()) if k not in order and v]
        total = sum(self.rejected.values())
        text = ", ".join(parts) or "nothing new"
        if total:
            codes = ", ".join(f"{n} {code}" for code, n in self.rejected.most_common())
            text += f"; {total} rejected: {codes}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"counts": dict(self.counts), "rejected": dict(self.rejected)}


@contextlib.contextmanager
def open_executor(config: Config) -> Iterator[Executor]:
    """Yield the executor the config asks for, started on first use and closed at the end.

    A command that runs several stages (``brief``, ``analyse``) opens one and passes it to each,
    so a Dask cluster starts once and its workers load the models once per command; a command
    with nothing to do starts nothing.
    """
    executor = _OnFirstUse(config)
    try:
        yield executor
    finally:
        executor.close()


class _OnFirstUse:
    def __init__(self, config: Config) -> None:
        self._config = config
        self._executor: Executor | None = None

    def map(
        self, fn: Any, batches: Iterable[Sequence[Any]], config: Config, *, window: int | None = None
    ) -> Iterator[Any]:
        if self._executor is None:
            self._executor = executor_for(self._config)
        return self._executor.map(fn, batches, config, window=window)

    @property
    def workers_share_disk(self) -> bool:
        """Whether the workers run on this machine (a SQLite store's file is theirs to read)."""
        if self._executor is None:
            self._executor = executor_for(self._config)
        return bool(getattr(self._executor, "workers_share_disk", False))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.close()
            self._executor = None


@contextlib.contextmanager
def _executor(config: Config, executor: Executor | None) -> Iterator[Executor]:
    if executor is not None:
        yield executor
    else:
        with open_executor(config) as own:
            yield own


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _digest(doc: RawDocument) -> str:
    h = hashlib.sha256(doc.content)
    for k in sorted(doc.metadata):
        h.update(f"\x1f{k}={doc.metadata[k]}".encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- ingest + clean


def ingest_inputs(
    inputs: Sequence[str],
    store: Store,
    config: Config,
    progress: Progress = _no_progress,
    executor: Executor | None = None,
) -> RunSummary:
    """Read inputs, clean them, collapse duplicates, and store articles and rejections."""
    summary = RunSummary()
    index, index_mark = _duplicate_index(store, config)
    done = 0
    with _executor(config, executor) as running:
        raw_stream = ingest.documents(inputs, config, feed_state=store)
        pending_rejections: list[Rejected] = []

        def raw_batches() -> Iterator[list[RawDocument]]:
            nonlocal done
            for batch in _batched(raw_stream, config.batch_size):
                docs: list[RawDocument] = []
                for item in batch:
                    if isinstance(item, Rejected):
                        pending_rejections.append(item)
                    elif store.input_seen(item.input, _digest(item)):
                        summary.counts["unchanged"] += 1
                        done += 1
                    else:
                        docs.append(item)
                if docs:
                    yield docs
                elif pending_rejections:
                    _store_rejections(store, pending_rejections, summary)
                    done += len(pending_rejections)
                    pending_rejections.clear()
                    progress("ingest", done, None)

        # The executor may run ahead by a few batches; results come back in input order, so
        # a FIFO of the batches sent tells which documents each result belongs to.
        sent: deque[list[RawDocument]] = deque()

        def feed() -> Iterator[list[RawDocument]]:
            for docs in raw_batches():
                sent.append(docs)
                yield docs

        for result in running.map(clean.articles, feed(), config):
            docs = sent.popleft()
            with store.atomic():
                _store_rejections(store, pending_rejections, summary, atomic=False)
                done += len(pending_rejections)
                pending_rejections.clear()
                for r in result.rejected:
                    store.put_rejection(r)
                    summary.reject(r)
                by_input = {a.input: a for a in result.records}
                for article in result.records:
                    _store_article(store, index, article, summary)
                for doc in docs:
                    art = by_input.get(doc.input)
                    status, art_id = ("article", art.id) if art else ("rejected", None)
                    store.mark_input(doc.input, _digest(doc), status, art_id)
            done += len(docs)
            progress("ingest", done, None)
        if pending_rejections:
            _store_rejections(store, pending_rejections, summary)
        with store.atomic():
            # Saved after the articles' own commits: a crash in between leaves an older blob,
            # and the next run tops it up from the articles stored after its mark.
            mark = store.article_mark()
            if mark != index_mark:
                store.put_state(_DUPLICATE_INDEX, index.dumps(), mark)
    return summary


_DUPLICATE_INDEX = "near-duplicate-index"


def _duplicate_index(store: Store, config: Config) -> tuple[clean.DuplicateIndex, int]:
    """Return the near-duplicate index of every stored article, and the mark it was saved at.

    Rebuilding it costs ~2-3 ms CPU per stored article (a MinHash signature each), so it is
    saved in the store after each ingest and only the articles stored after it are added.
    """
    saved = store.get_state(_DUPLICATE_INDEX)
    if saved is not None:
        blob, mark = saved
        try:
            index: clean.DuplicateIndex | None = clean.DuplicateIndex.loads(blob)
        except ValueError:  # other MinHash settings or a damaged blob: rebuild below
            index = None
        if index is not None and index.threshold == config.near_duplicate_threshold:
            for article in store.articles_after(mark):
                index.add(article)
            # Every stored article has its own exact key in the index; a shortfall means rows
            # the mark cannot see (a concurrent writer's, a reused rowid): rebuild to be safe.
            if len(index) == store.count_articles():
                return index, mark
    index = clean.DuplicateIndex(threshold=config.near_duplicate_threshold)
    for article in store.articles():
        index.add(article)
    return index, -1


def _store_rejections(
    store: Store, rejections: list[Rejected], summary: RunSummary, atomic: bool = True
) -> None:
    if not rejections:
        return
    if atomic:
        with store.atomic():
            _store_rejections(store, rejections, summary, atomic=False)
        rejections.clear()
        return
    for r in rejections:
        store.put_rejection(r)
        summary.reject(r)


def _store_article(store: Store, index: Any, article: Article, summary: RunSummary) -> None:
    existing = store.get_article(article.id, prefix=False)
    if existing is not None:
        if existing.input != article.input and store.put_copy(_copy(article, existing.id, "exact", 1.0)):
            summary.counts["duplicates"] += 1
        else:
            summary.counts["unchanged"] += 1
        return
    match = index.match(article)
    if match is not None:
        target, kind, similarity = match
        if store.put_copy(_copy(article, target, kind, similarity)):
            summary.counts["duplicates"] += 1
        else:
            summary.counts["unchanged"] += 1
        return
    index.add(article)
    if not store.put_article(article):
        # Another writer stored the same text between the lookup above and this insert (two
        # ingests sharing a PostgreSQL store: its insert waits for the other transaction, then
        # does nothing). The insert's own outcome decides: this input is an exact copy of it.
        existing = store.get_article(article.id, prefix=False)
        if existing is not None and existing.input != article.input and store.put_copy(
            _copy(article, existing.id, "exact", 1.0)
        ):
            summary.counts["duplicates"] += 1
        else:
            summary.counts["unchanged"] += 1
        return
    store.put_copy(_copy(article, article.id, "original", 1.0))
    summary.counts["ingested"] += 1


def _copy(article: Article, target: str, kind: str, similarity: float) -> ArticleCopy:
    return ArticleCopy(
        article_id=target,
        input=article.input,
        kind=kind,  # type: ignore[arg-type]
        outlet=article.outlet,
        title=article.title,
        url=article.url,
        published=article.published,
        similarity=round(float(similarity), 4),
    )


# --------------------------------------------------------------------------- annotate + link


def annotate_articles(
    store: Store, config: Config, progress: Progress = _no_progress, executor: Executor | None = None
) -> RunSummary:
    """Annotate every stored article whose annotations are missing or from an older version."""
    from . import annotate  # loads the NLP models: only commands that analyse pay for it

    summary = RunSummary()
    versions = store.annotation_versions()
    todo = [a for a in store.articles() if versions.get(a.id) != annotate.version()]
    if not todo:
        return summary
    done = 0
    with _executor(config, executor) as running:
        for result in running.map(annotate.annotations, _batched(todo, config.batch_size), config):
            with store.atomic():
                for ann in result.records:
                    store.put_annotations(ann, annotate.version())
                for r in result.rejected:
                    store.put_rejection(r)
                    summary.reject(r)
            summary.counts["annotated"] += len(result.records)
            done += len(result.records) + len(result.rejected)
            progress("annotate", done, len(todo))
    return summary


_LINK_BATCH = 500  # articles whose annotations are read at once while clustering stories


def link_store(
    store: Store, config: Config, progress: Progress = _no_progress, executor: Executor | None = None
) -> RunSummary:
    """Cluster articles into stories and link entities, events and figures within each story.

    Stories are incremental: stored stories keep their articles and new articles join them or
    start new ones. Only stories whose articles changed are linked again.

    Clustering stories runs here (it needs every article). Linking each story is independent:
    with an ``executor`` of several workers that can open this store (:func:`_workers_read`),
    the workers link groups of stories, each reading the annotations from the store itself, and
    only the stories go out and their links come back. Sending the annotations from here
    instead cost about what linking them does (2,000 articles, two Dask workers: link 20 s
    alone, 28 s with the annotations sent; docs/scaling.md).
    """
    from . import link
    summary = RunSummary()
    articles = {a.id: a for a in store.articles()}
    # Story clustering needs only each article's entity mentions; holding every article's full
    # annotations (sentences, events, figures) at once made the driver's memory grow with the
    # store (5.8 GB at 4,600 articles). Full annotations are read per group of stories below.
    mentions_only: dict[str, Annotations] = {}
    ids = sorted(articles)
    for lo in range(0, len(ids), _LINK_BATCH):
        for aid, mentions in store.get_mentions(ids[lo : lo + _LINK_BATCH]).items():
            mentions_only[aid] = Annotations(article_id=aid, mentions=mentions)
    previous = store.linked_stories()
    # The default story model gives embeddings no weight: loading the encoder for it was wasted.
    embedder = _embedder() if link.StoryModel().w_embed else None
    stories = link.stories(list(articles.values()), mentions_only, [p.story for p in previous], embedder=embedder)
    del mentions_only, articles
    fresh = store.linked_version() == _link_version()
    unchanged = {p.story.id: p for p in previous}
    done: dict[str, LinkedStory] = {}
    todo: list[Story] = []
    for story in stories:
        old = unchanged.get(story.id)
        if fresh and old is not None and old.story.article_ids == story.article_ids:
            done[story.id] = old
        else:
            todo.append(story)
    groups = list(_story_groups(todo, config.batch_size))  # one read per group of stories
    if executor is not None and _workers_read(store, config, executor, groups):
        # Biggest groups first, and all of them in flight (stories out, links back: small), so
        # that no worker waits while another links one big story.
        groups.sort(key=lambda g: -sum(len(s.article_ids) for s in g))
        linking = executor.map(LinkFromStore(store.url), groups, config, window=len(groups))
        for group, result in zip(groups, linking):
            # A worker that cannot open the store says so; its stories are linked here.
            linked_here = _link_group(group, store) if result.stats.get("store_unreachable") else []
            for ls in (*result.records, *linked_here):
                done[ls.story.id] = ls
            progress("link", len(done), len(stories))
    else:
        for group in groups:
            for ls in _link_group(group, store):
                done[ls.story.id] = ls
            progress("link", len(done), len(stories))
    linked = [done[s.id] for s in stories]
    store.put_linked(linked, _link_version())
    summary.counts["stories"] = len(linked)
    summary.counts["events"] = sum(len(ls.events) for ls in linked)
    return summary


def _link_group(group: Sequence[Story], store: Store) -> list[LinkedStory]:
    """Link every story of ``group``, reading their annotations from ``store`` at once."""
    from . import link

    curated, lookup_place = link.default_curated(), link.default_place_lookup()
    anns = store.get_annotations(sorted({a for s in group for a in s.article_ids}))
    return [link.linked_story(s, anns, curated=curated, lookup_place=lookup_place) for s in group]


@dataclass(frozen=True)
class LinkFromStore:
    """The link step for a worker: link a group of stories, reading annotations from the store.

    A stage function like the others (``fn(batch, config) -> StageResult``), holding only the
    store's URL. A worker that cannot open the store (a remote worker and a local SQLite file, a
    database it cannot reach) returns no records and a ``store_unreachable`` count; the driver
    then links those stories itself.
    """

    url: str

    def __call__(self, group: Sequence[Story], config: Config) -> StageResult:
        from .errors import MissingExtra, StoreError
        from .store import open_store

        if not group:
            return StageResult()
        path = sqlite_file(self.url)
        if path is not None and not path.is_file():
            # Opening would create an empty store here, and link these stories with nothing.
            return StageResult(stats={"store_unreachable": 1})
        try:
            store = open_store(self.url)
        except (StoreError, MissingExtra, ImportError):  # unreachable, or no psycopg here
            return StageResult(stats={"store_unreachable": 1})
        with store:
            return StageResult(records=tuple(_link_group(group, store)))


def _workers_read(store: Store, config: Config, executor: Executor, groups: Sequence[Any]) -> bool:
    """Whether to link on the executor's workers: several workers, work to share, a store they
    can open (SQLite only when they share this machine's disk)."""
    if config.workers < 2 or len(groups) < 2 or store.url == ":memory:":
        return False
    if is_server_url(store.url):
        return True
    return bool(getattr(executor, "workers_share_disk", False))


def _story_groups(stories: Sequence[Story], articles: int) -> Iterator[list[Story]]:
    group: list[Story] = []
    size = 0
    for story in stories:
        group.append(story)
        size += len(story.article_ids)
        if size >= articles:
            yield group
            group, size = [], 0
    if group:
        yield group


def _link_version() -> str:
    from . import annotate, link

    return f"{link.VERSION}+{annotate.version()}"


def _embedder() -> Any:
    """Return the shared sentence embedder, or None when its artifact is not installed."""
    try:
        from .nlp.embed import load_embedder
    except ImportError:
        return None
    from .errors import ModelMissing

    try:
        return load_embedder()
    except ModelMissing:
        return None


# --------------------------------------------------------------------------- report


def make_brief(store: Store, config: Config, story_ids: Sequence[str] | None = None) -> Brief:
    """Build the brief of the stored stories (all, or those given)."""
    from . import report
    linked = store.linked_stories()
    if story_ids:
        linked = [ls for ls in linked if ls.story.id in set(story_ids)]
    ids = sorted({a for ls in linked for a in ls.story.article_ids})
    articles = {a.id: a for a in store.articles(ids)}
    annotations = store.get_annotations(ids)
    copies: dict[str, list[ArticleCopy]] = {}
    for c in store.copies():
        if c.article_id in articles:
            copies.setdefault(c.article_id, []).append(c)
    return report.brief(linked, articles, annotations, copies, config, embedder=_embedder())


def run_brief(
    inputs: Sequence[str],
    store: Store,
    config: Config,
    out_dir: Path,
    progress: Progress = _no_progress,
) -> tuple[RunSummary, list[Path]]:
    """One shot: ingest the inputs, analyse everything stored, and write the brief."""
    from . import report
    with open_executor(config) as executor:
        summary = ingest_inputs(inputs, store, config, progress, executor)
        summary.merge(annotate_articles(store, config, progress, executor))
        summary.merge(link_store(store, config, progress, executor))
    brief = make_brief(store, config)
    paths = report.render(brief, out_dir, config.formats)
    return summary, paths


def annotations_of(store: Store, article_id: str) -> Annotations | None:
    """Return the stored annotations of one article."""
    return store.get_annotations([article_id]).get(article_id)
