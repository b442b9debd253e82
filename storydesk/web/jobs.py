"""Ingest jobs started from the browser: run in a background thread, polled by job id.

One worker thread runs jobs one after another: SQLite has one writer, and the machine's cores
are better spent on one annotate run than on several fighting each other.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from ..config import Config
from ..errors import ModelMissing, StorydeskError
from ..model import ArticleCopy, to_dict

Status = Literal["queued", "running", "done", "failed"]
#: progress(stage, done, total), the pipeline's progress callback.
Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """What a finished ingest job did: the run summary, the articles it touched, warnings."""

    summary: dict[str, Any]
    line: str
    rejections: tuple[dict[str, Any], ...] = ()
    copies: tuple[ArticleCopy, ...] = ()
    warnings: tuple[str, ...] = ()


#: runner(inputs, config, progress) -> outcome; the default calls the pipeline.
Runner = Callable[[Sequence[str], Config, Progress], JobOutcome]


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _from_inputs(copy_input: str, inputs: Sequence[str]) -> bool:
    # JSON files ingest as "path#index" and folders as the files under them.
    return any(
        copy_input == i or copy_input.startswith((i + "#", i.rstrip("/") + "/")) for i in inputs
    )


def ingest_and_analyse(
    inputs: Sequence[str], config: Config, progress: Progress, *, analyse: bool = True
) -> JobOutcome:
    """Ingest inputs into the store, then annotate and link so new articles join their stories.

    ``analyse=False`` stops after ingest (what tests without the NLP models use).
    """
    from ..pipeline import annotate_articles, ingest_inputs, link_store
    from ..store import open_store

    started = _now()
    warnings: list[str] = []
    # The job gets its own connection: the pages keep reading while it writes (SQLite WAL).
    with open_store(config.db) as store:
        summary = ingest_inputs(inputs, store, config, progress)
        if not analyse:
            warnings.append("articles stored but not analysed: analysis is off for this server")
        else:
            try:
                summary.merge(annotate_articles(store, config, progress))
                summary.merge(link_store(store, config, progress))
            except (ModelMissing, ImportError) as exc:
                warnings.append(
                    f"articles stored but not analysed (the NLP models are not installed: "
                    f"{exc}); they appear under Articles, and in stories once "
                    "`storydesk analyse` runs"
                )
        store.record_run("serve-ingest", started, summary.to_dict())
        copies = tuple(c for c in store.copies() if _from_inputs(c.input, inputs))
    return JobOutcome(
        summary=summary.to_dict(),
        line=summary.line(),
        rejections=tuple(to_dict(r) for r in summary.rejections),
        copies=copies,
        warnings=tuple(warnings),
    )


@dataclass
class Job:
    """The state of one ingest job, as the status endpoint reports it."""

    id: str
    inputs: list[str]
    status: Status = "queued"
    stage: str | None = None
    done: int = 0
    total: int | None = None
    created_at: str = field(default_factory=_now)
    finished_at: str | None = None
    message: str = "waiting for the worker"
    outcome: JobOutcome | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the job as JSON-ready data (what ``GET /api/jobs/{id}`` returns)."""
        o = self.outcome
        return {
            "id": self.id,
            "status": self.status,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "message": self.message,
            "created_at": self.created_at,
            "finished_at": self.finished_at,
            "inputs": len(self.inputs),
            "summary": o.summary if o else None,
            "rejections": list(o.rejections) if o else [],
            "warnings": list(o.warnings) if o else [],
            "articles": [
                {
                    "id": c.article_id,
                    "kind": c.kind,
                    "title": c.title,
                    "outlet": c.outlet,
                    "href": f"/articles/{c.article_id}",
                }
                for c in (o.copies if o else ())
            ],
        }


class Jobs:
    """Queue of ingest jobs run by one worker thread; jobs live in memory while the server runs."""

    def __init__(self, config: Config, runner: Runner | None = None) -> None:
        self.config = config
        self._runner = runner or ingest_and_analyse
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storydesk-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self.on_finish: Callable[[Job], None] | None = None

    @staticmethod
    def new_id() -> str:
        """Return a fresh, unguessable job id."""
        return secrets.token_hex(8)

    def submit(self, job_id: str, inputs: Sequence[str]) -> Job:
        """Queue a job over ``inputs`` and return it at once."""
        job = Job(id=job_id, inputs=list(inputs))
        with self._lock:
            self._jobs[job_id] = job
        self._pool.submit(self._run, job)
        return job

    def get(self, job_id: str) -> Job | None:
        """Return the job with this id, or None."""
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job) -> None:
        def progress(stage: str, done: int, total: int | None) -> None:
            job.stage, job.done, job.total = stage, done, total
            job.message = f"{stage}: {done}" + (f" of {total}" if total else "")

        job.status, job.message = "running", "starting"
        try:
            job.outcome = self._runner(job.inputs, self.config, progress)
            job.status, job.message = "done", job.outcome.line
        except StorydeskError as exc:
            job.status, job.message = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 -- a failed job must report, not kill the worker
            traceback.print_exc()
            job.status, job.message = "failed", f"unexpected error: {type(exc).__name__}: {exc}"
        finally:
            job.finished_at = _now()
            if self.on_finish is not None:
                self.on_finish(job)

    def shutdown(self) -> None:
        """Stop taking jobs; let the running one finish."""
        self._pool.shutdown(wait=True, cancel_futures=True)
