"""Command-line interface: parse, call one library function, render.

Data goes to stdout (tables, JSON, JSONL); messages, progress bars and run summaries go to stderr.

Exit codes:
  0  success (rejected inputs are listed in the summary and in ``storydesk rejections``)
  1  unexpected error
  2  usage or configuration error
  3  a shipped model is missing or unreadable
  4  the store cannot be opened
  5  no usable input: every input was rejected, or there is nothing to report
  6  not found (an article id that is not in the store)
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Iterator, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import Config, load_config
from .errors import CODES, StorydeskError
from .model import to_dict

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_MODEL, EXIT_STORE, EXIT_NO_INPUT, EXIT_NOT_FOUND = range(7)

app = typer.Typer(
    name="storydesk",
    help="Turn a pile of news articles about a developing story into a sourced situation report.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console(soft_wrap=True)

DbOption = Annotated[
    Optional[str],
    typer.Option(
        "--db",
        help="Store: a SQLite path or postgresql:// URL (default: $STORYDESK_DB, "
        "else ~/.local/share/storydesk/storydesk.db).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")]
InputsArg = Annotated[
    list[str],
    typer.Argument(help="Files, folders, URLs, feeds, .jsonl exports, or - for stdin.", show_default=False),
]


def _version(value: bool) -> None:
    if value:
        print(f"storydesk {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """storydesk: sourced situation reports from news articles."""


# --------------------------------------------------------------------------- plumbing


def _config(**flags: Any) -> Config:
    return load_config(**flags)


@contextmanager
def _session(db: str | None, **flags: Any) -> Iterator[tuple[Any, Config]]:
    """Open config and store, turning storydesk errors into messages and exit codes."""
    from .store import open_store

    store = None
    try:
        config = _config(db=db, **flags)
        store = open_store(config.db)
        yield store, config
    except StorydeskError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        code = getattr(exc, "exit_code", EXIT_ERROR)
        raise typer.Exit(code) from exc
    finally:
        if store is not None:
            store.close()


@contextmanager
def _progress() -> Iterator[Any]:
    """Yield a progress callback drawing rich bars on stderr (quiet when stderr is no TTY)."""
    bars = Progress(
        TextColumn("{task.description:>9}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            tasks[stage] = bars.add_task(stage, total=total)
        bars.update(tasks[stage], completed=done, total=total)

    with bars:
        yield update


def _print_summary(summary: Any) -> None:
    err.print(f"[bold]summary:[/bold] {summary.line()}", highlight=False)
    shown = 0
    for r in summary.rejections:
        if shown == 10:
            err.print(f"  ... and {len(summary.rejections) - 10} more: storydesk rejections", highlight=False)
            break
        err.print(f"  {r.code} {r.input}: {r.reason}", highlight=False, markup=False)
        shown += 1


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# --------------------------------------------------------------------------- commands


@app.command()
def brief(
    inputs: InputsArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory to write the brief to.")] = Path("out"),
    format: Annotated[
        str, typer.Option("--format", help="Comma-separated formats: html,md,json,csv,geojson.")
    ] = "html,md,json,csv,geojson",
    db: DbOption = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching private or loopback addresses.")
    ] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", help="Worker processes.")] = None,
    engine: Annotated[Optional[str], typer.Option("--engine", help="local (default) or dask.")] = None,
) -> None:
    """Ingest INPUTS, analyse every stored article, and write the brief (one shot)."""
    from .pipeline import run_brief

    formats = tuple(f.strip() for f in format.split(",") if f.strip())
    started = _now()
    with _session(
        db, formats=formats, allow_private=allow_private or None, workers=workers, engine=engine
    ) as (store, config):
        with _progress() as progress:
            summary, paths = run_brief(inputs, store, config, output, progress)
        store.record_run("brief", started, summary.to_dict())
        _print_summary(summary)
        if store.count_articles() == 0:
            err.print("no article could be used: nothing to report", highlight=False)
            raise typer.Exit(EXIT_NO_INPUT)
        for p in paths:
            print(p)
        err.print(f"brief written to {output}/ (open {output / 'brief.html'} in a browser)", highlight=False)


@app.command()
def ingest(
    inputs: InputsArg,
    db: DbOption = None,
    include: Annotated[Optional[list[str]], typer.Option("--include", help="Glob of files to take from folders.")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Glob of files to skip in folders.")] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching private or loopback addresses.")
    ] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", help="Worker processes.")] = None,
    engine: Annotated[Optional[str], typer.Option("--engine", help="local (default) or dask.")] = None,
) -> None:
    """Ingest and clean INPUTS into the store (no analysis)."""
    from .pipeline import ingest_inputs

    started = _now()
    with _session(
        db,
        include=tuple(include) if include else None,
        exclude=tuple(exclude) if exclude else None,
        allow_private=allow_private or None,
        workers=workers,
        engine=engine,
    ) as (store, config):
        with _progress() as progress:
            summary = ingest_inputs(inputs, store, config, progress)
        store.record_run("ingest", started, summary.to_dict())
        _print_summary(summary)
        if not summary.counts and summary.rejected:
            raise typer.Exit(EXIT_NO_INPUT)


@app.command()
def analyse(
    db: DbOption = None,
    workers: Annotated[Optional[int], typer.Option("--workers", help="Worker processes.")] = None,
    engine: Annotated[Optional[str], typer.Option("--engine", help="local (default) or dask.")] = None,
) -> None:
    """Annotate new articles and link stories, entities, events and figures."""
    from .pipeline import annotate_articles, link_store, open_executor

    started = _now()
    with _session(db, workers=workers, engine=engine) as (store, config):
        with _progress() as progress:
            with open_executor(config) as executor:
                summary = annotate_articles(store, config, progress, executor)
                summary.merge(link_store(store, config, progress, executor))
        store.record_run("analyse", started, summary.to_dict())
        _print_summary(summary)


@app.command()
def report(
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory to write the brief to.")] = Path("out"),
    format: Annotated[str, typer.Option("--format", help="Comma-separated formats.")] = "html,md,json,csv,geojson",
    db: DbOption = None,
) -> None:
    """Write the brief of what the store holds (after ingest and analyse)."""
    from . import report as report_stage
    from .pipeline import make_brief

    formats = tuple(f.strip() for f in format.split(",") if f.strip())
    with _session(db, formats=formats) as (store, config):
        if not store.linked_stories():
            err.print("nothing to report: run storydesk ingest and storydesk analyse first", highlight=False)
            raise typer.Exit(EXIT_NO_INPUT)
        for p in report_stage.render(make_brief(store, config), output, config.formats):
            print(p)


@app.command()
def articles(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List stored articles."""
    with _session(db) as (store, _):
        copies: dict[str, int] = {}
        for c in store.copies():
            copies[c.article_id] = copies.get(c.article_id, 0) + 1
        rows = [
            {
                "id": a.id,
                "published": a.published,
                "published_how": a.published_how,
                "outlet": a.outlet,
                "title": a.title,
                "input": a.input,
                "language": a.language,
                "copies": copies.get(a.id, 1),
                "chars": len(a.text),
            }
            for a in store.articles()
        ]
        if as_json:
            _dump(rows)
            return
        table = Table("id", "published", "outlet", "title", "copies", box=None)
        for r in rows:
            pub = (r["published"] or "-") + ("?" if r["published_how"] == "inferred" else "")
            table.add_row(r["id"], pub, r["outlet"] or "-", (r["title"] or "")[:70], str(r["copies"]))
        out.print(table)
        err.print(f"{len(rows)} articles", highlight=False)


@app.command()
def show(
    article: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one article: metadata, cleaned text, removed lines with reasons, annotations."""
    with _session(db) as (store, _):
        art = store.get_article(article)
        if art is None:
            err.print(f"no article {article!r} in {store.url}: see storydesk articles", highlight=False)
            raise typer.Exit(EXIT_NOT_FOUND)
        ann = store.get_annotations([art.id]).get(art.id)
        record = {
            "article": to_dict(art),
            "copies": to_dict(store.copies(art.id)),
            "annotations": to_dict(ann) if ann else None,
        }
        if as_json:
            _dump(record)
            return
        meta = Table(box=None, show_header=False)
        for k in ("id", "title", "outlet", "byline", "published", "published_how", "language", "input", "url"):
            meta.add_row(k, str(getattr(art, k) or "-"))
        if art.published_window:
            meta.add_row("window", " .. ".join(art.published_window))
        out.print(meta)
        out.print("\n[bold]text[/bold]")
        out.print(art.text, markup=False, highlight=False)
        out.print(f"\n[bold]removed ({len(art.removed)})[/bold]")
        for r in art.removed:
            out.print(f"  line {r.line_no} [{r.reason}] {r.text}", markup=False, highlight=False)
        copies = store.copies(art.id)
        if len(copies) > 1:
            out.print(f"\n[bold]copies ({len(copies)})[/bold]")
            for c in copies:
                out.print(f"  {c.kind} {c.similarity:.2f} {c.outlet or '-'} {c.input}", markup=False)
        if ann:
            out.print(
                f"\n[bold]annotations[/bold] {len(ann.sentences)} sentences, {len(ann.mentions)} entities, "
                f"{len(ann.dates)} dates, {len(ann.events)} events, {len(ann.figures)} figures"
            )
            for m in ann.mentions:
                out.print(f"  {m.label:<6} {m.text}", markup=False)
            for d in ann.dates:
                out.print(f"  DATE   {d.text} -> {d.value} ({d.precision}, {d.relation})", markup=False)
            for e in ann.events:
                out.print(
                    f"  EVENT  {e.event_type} / {e.sub_event_type or '-'} '{e.text}' date={e.date} "
                    f"killed={e.killed} injured={e.injured} {','.join(e.context)}",
                    markup=False,
                )
            for f in ann.figures:
                out.print(f"  FIGURE {f.text} -> {f.value:g} {f.unit} ({f.approx}) place={f.place}", markup=False)


@app.command()
def rejections(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List every rejected input with its code and reason."""
    with _session(db) as (store, _):
        rows = store.rejections()
        if as_json:
            _dump([to_dict(r) | {"meaning": CODES.get(r.code, "")} for r in rows])
            return
        table = Table("code", "stage", "input", "reason", box=None)
        for r in rows:
            table.add_row(r.code, r.stage, r.input, r.reason)
        out.print(table)
        err.print(f"{len(rows)} rejections", highlight=False)


@app.command()
def stories(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the stories the store holds."""
    with _session(db) as (store, _):
        rows = [
            {"id": ls.story.id, "title": ls.story.title, "articles": len(ls.story.article_ids),
             "events": len(ls.events), "entities": len(ls.entities), "figures": len(ls.figures)}
            for ls in store.linked_stories()
        ]
        if as_json:
            _dump(rows)
            return
        table = Table("id", "articles", "events", "title", box=None)
        for r in rows:
            table.add_row(r["id"], str(r["articles"]), str(r["events"]), r["title"])
        out.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in article titles and text.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", help="Most results to show.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over stored articles."""
    with _session(db) as (store, _):
        hits = store.search(query, limit)
        if as_json:
            _dump([{"article_id": a, "snippet": s} for a, s in hits])
            return
        for a, s in hits:
            out.print(f"{a}  {s}", markup=False, highlight=False)


@app.command()
def codes(as_json: JsonOption = False) -> None:
    """List every rejection code and what to do about it."""
    if as_json:
        _dump(CODES)
        return
    for code, meaning in CODES.items():
        out.print(f"{code}  {meaning}", markup=False, highlight=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on; not loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    db: DbOption = None,
    token: Annotated[
        Optional[str],
        typer.Option("--token", envvar="STORYDESK_TOKEN", help="Secret every request must carry "
                     "(bearer header, or ?token= once to set a cookie).", show_default=False),
    ] = None,
) -> None:
    """Open the store in the browser: web UI and JSON API (needs storydesk[web])."""
    import importlib.util

    from .errors import MissingExtra

    # uvicorn is imported only when the server starts: check the whole extra up front.
    absent = [m for m in ("fastapi", "uvicorn", "jinja2", "multipart") if importlib.util.find_spec(m) is None]
    if absent:
        missing = MissingExtra("web", absent[0])
        err.print(f"[red]error:[/red] {escape(str(missing))}", highlight=False)
        raise typer.Exit(missing.exit_code)
    from .web.server import serve as run_server

    try:
        run_server(_config(db=db), host=host, port=port, token=token,
                   say=lambda msg: err.print(msg, highlight=False, markup=False))
    except StorydeskError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(getattr(exc, "exit_code", EXIT_ERROR)) from exc


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


if __name__ == "__main__":
    app()
