"""Check the example story against its answer key, then write expected.json and html/.

Run from the repository root after editing a text file or key.py:

    .venv/bin/python examples/euphrates-drone-strikes/build.py

The text files are the source; each HTML page is rendered from one of them with its
outlet's page template (site chrome placed where that outlet would put it), so the two
forms always carry the same article. Written by hand rather than with a templating
library because each outlet needs only a few lines of markup and the example must build
with nothing but the standard library.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import key

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
FULL_DATE = re.compile(rf"\b(?:(?:{MONTHS}) \d{{1,2}},? \d{{4}}|\d{{1,2}} (?:{MONTHS}) \d{{4}})\b")

SITES = {
    "Gulf Ledger": "https://gulfledger.example",
    "Levant Monitor": "https://levantmonitor.example",
    "Northern Wire": "https://northernwire.example",
    "Desert Courier Agency": "https://dca-news.example",
    "Two Rivers Herald": "https://tworiversherald.example",
    "Crescent Review": "https://crescentreview.example",
    "Mashriq Review": "https://mashriqreview.example",
    "Euphrates Post": "https://euphratespost.example",
}


# --------------------------------------------------------------------------- reading


def read_lines(article: dict[str, Any]) -> list[str]:
    """Return the lines of an article's text file."""
    return (HERE / "text" / f"{article['stem']}.txt").read_text(encoding="utf-8").splitlines()


def content_lines(article: dict[str, Any]) -> list[str]:
    """Return the non-empty lines that are neither title nor chrome."""
    chrome = {t for t, _ in article["chrome"]}
    lines = [ln for ln in read_lines(article) if ln.strip()]
    return [ln for ln in lines[1:] if ln not in chrome]


def content_text(article: dict[str, Any]) -> str:
    """Return the article's content lines joined, for substring checks."""
    return "\n".join(content_lines(article))


# --------------------------------------------------------------------------- checking


def check(errors: list[str]) -> dict[str, Any]:
    """Check every key string against the texts; fill computed fields; return the key."""
    by_id = {a["id"]: a for a in key.ARTICLES}
    texts = {a["id"]: content_text(a) for a in key.ARTICLES}
    for a in key.ARTICLES:
        lines = read_lines(a)
        if lines[0] != a["title"]:
            errors.append(f"{a['id']}: first line is not the title")
        for text, _ in a["chrome"]:
            if text not in lines:
                errors.append(f"{a['id']}: chrome line not found as a whole line: {text!r}")
        for text in a["optional"] + a["headings"]:
            if text not in lines:
                errors.append(f"{a['id']}: line not found: {text!r}")
        # the outlet of 01, 05 and 11 shows only in their HTML: text ingest cannot know it
        a["outlet_in_text"] = a["outlet"] in "\n".join(lines)
        words = len(" ".join(content_lines(a)).split())
        if not 250 <= words <= 700:
            errors.append(f"{a['id']}: {words} content words, want 250-700")
        if a["published"] is None and FULL_DATE.search("\n".join(lines)):
            errors.append(f"{a['id']}: undated article carries a full date")
    for d in key.DATES:
        if d["text"] not in texts[d["article"]]:
            errors.append(f"date {d['article']}: {d['text']!r} not in content")
    for d in key.CHROME_DATES:
        if d["line"] not in read_lines(by_id[d["article"]]) or d["text"] not in d["line"]:
            errors.append(f"chrome date {d}: not found")
    for e in key.EVENTS:
        for aid, src in e["sources"].items():
            if src["evidence"] not in texts[aid]:
                errors.append(f"{e['id']} {aid}: evidence not in content: {src['evidence']!r}")
        for aid, text in e.get("planned_in", {}).items():
            if text not in texts[aid]:
                errors.append(f"{e['id']} planned {aid}: {text!r} not in content")
    for group in (key.PLANNED, key.BACKGROUND):
        for p in group:
            for aid, text in p["sources"].items():
                if text not in texts[aid]:
                    errors.append(f"{p['what']} {aid}: {text!r} not in content")
    for h in key.HYPOTHETICAL:
        if h["text"] not in texts[h["article"]]:
            errors.append(f"hypothetical {h['article']}: {h['text']!r} not in content")
    copies = {d["copy"] for d in key.DUPLICATES}
    for f in key.FIGURES:
        for aid, text in f["sources"].items():
            if text not in texts[aid]:
                errors.append(f"{f['id']} {aid}: {text!r} not in content")
        independent = [aid for aid in f["sources"] if aid not in copies]
        outlets = {by_id[aid]["outlet"] for aid in independent}
        if (len(independent), len(outlets)) != (f["independent_articles"], f["outlets"]):
            errors.append(f"{f['id']}: {len(independent)} articles / {len(outlets)} outlets")
    for n in key.MINOR_NUMBERS:
        if n["text"] not in texts[n["article"]]:
            errors.append(f"minor number {n}: not in content")
    for place in key.CHROME_ONLY_PLACES:
        if any(place in t for t in texts.values()):
            errors.append(f"chrome-only place {place!r} appears in content")
    for e in key.ENTITIES:
        found = alias_articles(e["aliases"], texts)
        for alias, ids in found.items():
            if not ids:
                errors.append(f"entity {e['id']}: alias {alias!r} appears nowhere")
            if sorted(ids) != sorted(e["aliases"][alias]):
                errors.append(
                    f"entity {e['id']}: {alias!r} is in {ids}, key says {e['aliases'][alias]}"
                )
    for p in key.PLACES:
        found = alias_articles({a: [] for a in p["aliases"]}, texts)
        p["articles"] = {alias: ids for alias, ids in found.items()}
        if not any(found.values()):
            errors.append(f"place {p['id']}: no alias in any article")
    return key.answer_key()


def alias_articles(aliases: dict[str, list[str]], texts: dict[str, str]) -> dict[str, list[str]]:
    """Map each alias to the articles where it occurs other than inside a longer alias."""
    out: dict[str, list[str]] = {}
    for alias in aliases:
        longer = [a for a in aliases if a != alias and alias in a]
        ids = []
        for aid, text in texts.items():
            spans = [m.span() for lg in longer for m in re.finditer(re.escape(lg), text)]
            for m in re.finditer(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", text):
                if not any(s <= m.start() and m.end() <= e for s, e in spans):
                    ids.append(aid)
                    break
        out[alias] = ids
    return out


# --------------------------------------------------------------------------- html


def esc(text: str) -> str:
    """Escape text for HTML element content and attributes."""
    return html.escape(text, quote=True)


def body_html(article: dict[str, Any], skip: tuple[str, ...] = ()) -> str:
    """Render content lines as paragraphs and headings."""
    headings = set(article["headings"])
    out = []
    for ln in content_lines(article):
        if ln in skip:
            continue
        if ln in headings:
            out.append(f"      <h2>{esc(ln)}</h2>")
        else:
            out.append(f"      <p>{esc(ln)}</p>")
    return "\n".join(out)


def chrome(article: dict[str, Any], reason: str) -> list[str]:
    """Return the article's chrome lines with one reason, in order."""
    return [t for t, r in article["chrome"] if r == reason]


def slug(title: str) -> str:
    """Return a URL slug for a title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80]


def url_of(article: dict[str, Any]) -> str:
    """Return the (fictional, .example) URL of an article."""
    return f"{SITES[article['outlet']]}/news/{slug(article['title'])}"


def head(article: dict[str, Any], *, meta: str = "", extra: str = "") -> str:
    """Return a <head> with the outlet's tags, an inline style and analytics stub."""
    return f"""<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{esc(article["title"])} | {esc(article["outlet"])}</title>
  <link rel="canonical" href="{esc(url_of(article))}">
{meta}  <style>
    body {{ font-family: Georgia, serif; margin: 0; color: #222; }}
    .site-header, .site-footer {{ background: #1d2b3a; color: #fff; padding: 12px 24px; }}
    .cookie-banner {{ position: fixed; bottom: 0; left: 0; right: 0; background: #eee; padding: 8px; }}
    main {{ max-width: 760px; margin: 0 auto; padding: 16px; }}
    .share a, .tags a {{ margin-right: 8px; }}
  </style>
  <script>
    window.dataLayer = window.dataLayer || [];
    function gtag() {{ dataLayer.push(arguments); }}
    gtag("js", new Date()); gtag("config", "G-EXAMPLE0000");
  </script>
{extra}</head>"""


def og_meta(article: dict[str, Any], *, author: bool = True, published: bool = True) -> str:
    """Return OpenGraph and article meta tags as the outlet would set them."""
    rows = [
        '  <meta property="og:type" content="article">',
        f'  <meta property="og:title" content="{esc(article["title"])}">',
        f'  <meta property="og:site_name" content="{esc(article["outlet"])}">',
        f'  <meta property="og:url" content="{esc(url_of(article))}">',
    ]
    if author and article["byline"]:
        rows.append(f'  <meta name="author" content="{esc(article["byline"])}">')
    if published and article["published_time"]:
        rows.append(
            f'  <meta property="article:published_time" content="{article["published_time"]}">'
        )
    return "\n".join(rows) + "\n"


def nav(items: list[str]) -> str:
    """Return a site navigation bar."""
    links = "".join(f'<li><a href="/{slug(i)}">{esc(i)}</a></li>' for i in items)
    return f'  <nav class="main-nav"><ul>{links}</ul></nav>'


COOKIE = """  <div class="cookie-banner" id="cookie-banner">
    We use cookies to improve your experience and for analytics.
    <button onclick="document.getElementById('cookie-banner').remove()">Accept all</button>
    <a href="/privacy">Manage preferences</a>
  </div>"""


def page(head_html: str, body: str) -> str:
    """Assemble a whole HTML document."""
    return f'<!DOCTYPE html>\n<html lang="en">\n{head_html}\n<body>\n{body}\n</body>\n</html>\n'


def related(headlines: list[str], cls: str = "related") -> str:
    """Return a list of links to unrelated headlines."""
    items = "\n".join(f'        <li><a href="/news/{slug(h)}">{esc(h)}</a></li>' for h in headlines)
    return f'      <ul class="{cls}">\n{items}\n      </ul>'


# One renderer per outlet: each places the text file's chrome lines where that site would.


def render_gulf_style(article: dict[str, Any]) -> str:
    """Render a Gulf Ledger / Euphrates Post page (same CMS: summary button, post nav)."""
    byline = chrome(article, "byline")[0]
    m = re.match(r"By (.+?) (\w+ \d+, \d{4}) ([\d,]+)$", byline)
    assert m, byline
    name, date, views = m.groups()
    nav_lines = chrome(article, "related-headline")
    body = f"""  <header class="site-header">
    <a class="logo" href="/">{esc(article["outlet"])}</a>
{nav(["Home", "Politics", "Iraq", "Syria", "Economy", "Sports", "Opinion"])}
  </header>
  <main>
    <article class="post">
      <h1 class="entry-title">{esc(article["title"])}</h1>
      <div class="post-meta">By <a class="author" href="/author/{slug(name)}">{esc(name)}</a> <time datetime="{article["published_time"]}">{esc(date)}</time> <span class="post-views" title="views">{esc(views)}</span></div>
      <div class="ai-summary-box"><p class="ai-summary-q">No time to read?</p><button class="ai-summary-btn">Get a summary</button></div>
      <div class="entry-content">
{body_html(article)}
      </div>
      <div class="share"><a href="#">Facebook</a><a href="#">X</a><a href="#">WhatsApp</a></div>
    </article>
    <nav class="post-navigation">
      <a class="prev" href="/news/{slug(nav_lines[0])}"><span>Previous Article</span> <h4>{esc(nav_lines[0])}</h4></a>
      <a class="next" href="/news/{slug(nav_lines[1])}"><span>Next Article</span> <h4>{esc(nav_lines[1])}</h4></a>
    </nav>
    <section class="comments-teaser"><h3>Comments</h3><p>Be the first to comment. <a href="/login">Log in</a> to join the discussion.</p></section>
  </main>
  <footer class="site-footer">
    <p>&copy; 2026 {esc(article["outlet"])}. All rights reserved.</p>
    <p><a href="/about">About us</a> | <a href="/contact">Contact</a> | <a href="/privacy">Privacy policy</a></p>
  </footer>
{COOKIE}"""
    return page(head(article, meta=og_meta(article)), body)


def render_levant(article: dict[str, Any]) -> str:
    """Render a Levant Monitor page: JSON-LD, share bar, most-read box, subscribe form."""
    byline = chrome(article, "byline")[0]
    name, date, read = (p.strip() for p in byline.removeprefix("By ").split("|"))
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article["title"],
        "datePublished": article["published_time"],
        "author": {"@type": "Person", "name": name},
        "publisher": {"@type": "Organization", "name": article["outlet"]},
    }
    extra = f'  <script type="application/ld+json">{json.dumps(ld)}</script>\n'
    most_read = chrome(article, "related-headline")
    most_read_html = ""
    if most_read:
        items = "\n".join(
            f'        <li><a href="/news/{slug(h[3:])}">{esc(h)}</a></li>' for h in most_read
        )
        most_read_html = f"""    <aside class="most-read">
      <h3>Most Read</h3>
      <ol class="plain">
{items}
      </ol>
    </aside>"""
    subscribe = chrome(article, "subscribe")
    subscribe_html = (
        f'    <form class="newsletter"><label>{esc(subscribe[0])}</label>'
        '<input type="email" placeholder="Your email"><button>Sign up</button></form>'
        if subscribe
        else ""
    )
    body = f"""  <header class="site-header">
    <a class="logo" href="/">Levant Monitor</a>
{nav(["Latest", "Iraq", "Syria", "Lebanon", "Jordan", "Analysis", "Business"])}
  </header>
  <main>
    <article>
      <header>
        <h1>{esc(article["title"])}</h1>
        <p class="byline">By <span class="author">{esc(name)}</span> | <time datetime="{article["published_time"]}">{esc(date)}</time> | {esc(read)}</p>
        <div class="share"><span>Share this article</span> <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a> <a href="#">Telegram</a></div>
      </header>
{body_html(article)}
    </article>
{most_read_html}
{subscribe_html}
  </main>
  <footer class="site-footer"><p>All rights reserved to Levant Monitor.</p></footer>
{COOKIE}"""
    return page(head(article, meta=og_meta(article), extra=extra), body)


def render_northern(article: dict[str, Any]) -> str:
    """Render a Northern Wire page: no <article> element, body in div#story-body."""
    byline = chrome(article, "byline")[0]
    parts = [p.strip() for p in byline.split("|")]
    updated = f' <span class="updated">{esc(parts[2])}</span>' if len(parts) > 2 else ""
    newsletter = (
        '    <div class="newsletter-cta"><a href="/newsletter">Subscribe to our newsletter</a></div>\n'
        if chrome(article, "subscribe")
        else ""
    )
    body = f"""  <div id="top-bar"><a href="/">Northern Wire</a> <a href="/live">Live</a> <a href="/markets">Markets</a></div>
  <header class="site-header">
{nav(["World", "Middle East", "Business", "Markets", "Sport", "Video"])}
  </header>
  <div id="page">
    <h1 class="story-title">{esc(article["title"])}</h1>
    <div class="story-meta">Northern Wire | <span class="date">{esc(parts[1])}</span>{updated}</div>
    <div id="story-body">
{body_html(article)}
    </div>
{newsletter}    <aside class="more-stories">
      <h3>More Stories</h3>
{related(chrome(article, "related-headline"))}
    </aside>
  </div>
  <footer class="site-footer"><p>Northern Wire &copy; 2026</p><p><a href="/terms">Terms</a> <a href="/privacy">Privacy</a></p></footer>
{COOKIE}"""
    return page(head(article, meta=og_meta(article)), body)


def render_dca(article: dict[str, Any]) -> str:
    """Render a Desert Courier Agency wire page: dateline block, reading time, tags."""
    date = chrome(article, "dateline")[0]
    read = chrome(article, "reading-time")[0]
    tags = chrome(article, "tags")[0].removeprefix("Tags: ").split(", ")
    tags_html = "".join(f'<a href="/tag/{slug(t)}">{esc(t)}</a>' for t in tags)
    body = f"""  <header class="site-header">
    <a class="logo" href="/">Desert Courier Agency</a>
{nav(["Home", "Arab World", "International", "Economy", "Photos"])}
  </header>
  <main>
    <article class="news-item">
      <h1>{esc(article["title"])}</h1>
      <div class="meta"><span class="agency">Desert Courier Agency</span> <time datetime="{article["published_time"]}">{esc(date)}</time> <span class="reading">{esc(read)}</span></div>
{body_html(article)}
      <div class="tags">Tags: {tags_html}</div>
    </article>
  </main>
  <footer class="site-footer"><p>Copyright &copy; 2026 Desert Courier Agency. All rights reserved.</p></footer>"""
    return page(head(article, meta=og_meta(article)), body)


def render_herald(article: dict[str, Any]) -> str:
    """Render a Two Rivers Herald page: a blog-style reprint with a comments box."""
    original = next(a for a in key.ARTICLES if a["id"] == article["duplicate_of"])
    extra = f'  <meta name="original-source" content="{esc(url_of(original))}">\n'
    headline = chrome(article, "related-headline")[0]
    m = re.match(r"Posted by Herald Desk on (.+?) \| (.+)$", chrome(article, "byline")[0])
    assert m
    posted, views = m.groups()
    body = f"""  <header class="site-header"><a class="logo" href="/">Two Rivers Herald</a>
{nav(["News", "Iraq", "Region", "Culture", "Contact"])}
  </header>
  <div id="content">
    <h1 class="entry-title">{esc(article["title"])}</h1>
    <div class="entry-meta">Posted by <span class="author">Herald Desk</span> on <time datetime="{article["published_time"]}">{esc(posted)}</time> | <span class="views">{esc(views)}</span></div>
    <div class="entry-content">
{body_html(article)}
    </div>
    <div class="related-posts"><strong>Related:</strong> <a href="/news/{slug(headline)}">{esc(headline)}</a></div>
    <div id="comments"><h3>Comments (0)</h3><form><textarea></textarea><button>Leave a comment</button></form></div>
  </div>
  <footer class="site-footer"><p>Two Rivers Herald &copy; 2026. Syndicated content remains the property of its owners.</p></footer>
{COOKIE}"""
    return page(head(article, meta=og_meta(article), extra=extra), body)


def render_crescent(article: dict[str, Any]) -> str:
    """Render a Crescent Review page: no date meta, date only in the visible dateline."""
    date = chrome(article, "dateline")[0].removeprefix("Crescent Review - ")
    headline = chrome(article, "related-headline")[0]
    body = f"""  <header class="site-header"><a class="logo" href="/">Crescent Review</a>
{nav(["Home", "Iraq", "Arab World", "Culture", "Sports", "Videos"])}
  </header>
  <div class="container">
    <div class="post-header">
      <h1>{esc(article["title"])}</h1>
      <span class="source">Crescent Review</span> - <span class="date">{esc(date)}</span>
      <div class="translated-note">Translated from the Arabic</div>
      <div class="tools"><a href="javascript:window.print()">Print</a> | Font size: <a href="#">A+</a> <a href="#">A-</a></div>
    </div>
    <div class="entry-content">
{body_html(article, skip=("Translated from the Arabic",))}
    </div>
    <div class="read-also"><strong>Read also:</strong> <a href="/news/{slug(headline)}">{esc(headline)}</a></div>
  </div>
  <footer class="site-footer"><p>&copy; Crescent Review 2026</p></footer>"""
    return page(head(article, meta=og_meta(article, author=False, published=False)), body)


def render_mashriq(article: dict[str, Any]) -> str:
    """Render a Mashriq Review opinion page: author meta, no date anywhere."""
    bio = article["optional"][0]
    disclaimer = chrome(article, "disclaimer")[0]
    body = f"""  <header class="site-header"><a class="logo" href="/">Mashriq Review</a>
{nav(["Opinion", "Analysis", "Books", "Podcasts", "About"])}
  </header>
  <main>
    <article class="opinion">
      <div class="kicker">Opinion</div>
      <h1>{esc(article["title"])}</h1>
      <p class="author">By <a href="/authors/omar-sinjari">Omar Sinjari</a></p>
      <div class="share"><a href="#">Share on X</a> | <a href="#">Copy link</a></div>
{body_html(article, skip=(bio,))}
      <p class="author-bio"><em>{esc(bio)}</em></p>
      <p class="disclaimer">{esc(disclaimer)}</p>
    </article>
    <section class="comments-teaser"><p>3 comments. <a href="#comments">Read and join the conversation</a></p></section>
  </main>
  <footer class="site-footer"><p>Mashriq Review &copy; All rights reserved</p></footer>
{COOKIE}"""
    return page(head(article, meta=og_meta(article, published=False)), body)


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "Gulf Ledger": render_gulf_style,
    "Euphrates Post": render_gulf_style,
    "Levant Monitor": render_levant,
    "Northern Wire": render_northern,
    "Desert Courier Agency": render_dca,
    "Two Rivers Herald": render_herald,
    "Crescent Review": render_crescent,
    "Mashriq Review": render_mashriq,
}


class _TextOf(HTMLParser):
    """Collect the visible text of a page, one string per text node."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def check_html(errors: list[str]) -> None:
    """Check that every page carries its article's content and the HTML-only chrome exists."""
    pages = {}
    for a in key.ARTICLES:
        parser = _TextOf()
        parser.feed((HERE / "html" / f"{a['stem']}.html").read_text(encoding="utf-8"))
        pages[a["id"]] = " ".join(" ".join(parser.parts).split())
        for ln in content_lines(a):
            if " ".join(ln.split()) not in pages[a["id"]]:
                errors.append(f"{a['id']}: html lacks content line {ln[:60]!r}")
    for text in key.HTML_ONLY_CHROME:
        if not any(text in page for page in pages.values()):
            errors.append(f"html-only chrome {text!r} is in no page")


def readme_key(answer: dict[str, Any]) -> str:
    """Render the human-readable answer key that goes into README.md."""
    arts = {a["id"]: a for a in answer["articles"]}
    out = ["### Articles", "", "| id | outlet | published | title |", "|---|---|---|---|"]
    for a in answer["articles"]:
        pub = a["published"] or "**none** (undated)"
        dup = f" (near-copy of {a['duplicate_of']})" if a["duplicate_of"] else ""
        out.append(f"| {a['id']} | {a['outlet']} | {pub} | {a['title']}{dup} |")
    out += ["", "### Events (one row per real-world event)", ""]
    out += ["| id | date | place | type / subtype | actors | killed / injured | sources |"]
    out += ["|---|---|---|---|---|---|---|"]
    places = {p["id"]: p for p in answer["places"]}
    for e in answer["events"]:
        ki = f"{_dash(e['killed'])} / {_dash(e['injured'])}"
        out.append(
            f"| {e['id']} | {e['date']} | {places[e['location']]['name']} | {e['type']} / "
            f"{e['subtype']} | {e['actor1']} → {e['actor2']} | {ki} | "
            f"{', '.join(e['sources'])} |"
        )
    out += ["", "### Contradictions", ""]
    for c in answer["contradictions"]:
        sides = "; ".join(f"{v['value']} ({', '.join(v['sources'])})" for v in c["values"])
        out.append(f"- {c['id']} {c['event']} {c['attribute']}: {sides}")
    out += ["", "### One entity, several spellings", ""]
    for e in answer["entities"]:
        if len(e["aliases"]) > 1:
            out.append(
                f"- {e['name']} ({e['type']}): " + " / ".join(f"`{a}`" for a in e["aliases"])
            )
    for p in answer["places"]:
        if len(p["aliases"]) > 1:
            out.append(f"- {p['name']} (place): " + " / ".join(f"`{a}`" for a in p["aliases"]))
    out += [
        "",
        "Must stay apart: "
        + "; ".join(f"{d['a']} ≠ {d['b']}" for d in answer["distinct_entities"]),
    ]
    out += ["", "### Key figures", ""]
    for f in answer["figures"]:
        when = f" ({f['time']})" if f["time"] else ""
        out.append(
            f"- {f['id']} {f['subject']}, {f['place'] or '-'}{when}: {f['approx']} {f['value']:g}; "
            f"{f['independent_articles']} independent article(s), {f['outlets']} outlet(s)"
            + (f" — {f['note']}" if f.get("note") else "")
        )
    out += ["", "### Planned / future (never past events)", ""]
    for p in answer["planned"]:
        out.append(f"- {p['date']} ({p['precision']}): {p['what']} — " + ", ".join(p["sources"]))
    out += [
        "",
        "Hypothetical, not planned: "
        + "; ".join(f"{h['article']} `{h['text']}` ({h['what']})" for h in answer["hypothetical"]),
    ]
    out += [
        "",
        "Dates inside chrome (must not reach the timeline): "
        + "; ".join(f"{d['article']} `{d['text']}`" for d in answer["chrome_dates"]),
    ]
    out += ["", "### Duplicates and the undated article", ""]
    for d in answer["duplicates"]:
        out.append(
            f"- {d['copy']} is a {d['kind']} copy of {d['original']}: " + "; ".join(d["edits"])
        )
    for u in answer["undated"]:
        out.append(
            f"- {u['article']} has no date: window {u['window'][0]} .. {u['window'][1]} ({u['why']})"
        )
    out += ["", "### Chrome lines (exact, to remove) and content headings (to keep)", ""]
    for a in answer["articles"]:
        chrome_txt = "; ".join(f"`{c['text']}`" for c in a["chrome_lines"])
        out.append(f"- {a['id']} remove: {chrome_txt}")
        if a["optional_lines"]:
            out.append("  - either way: " + "; ".join(f"`{t}`" for t in a["optional_lines"]))
        if a["content_headings"]:
            out.append("  - keep headings: " + "; ".join(f"`{t}`" for t in a["content_headings"]))
    assert arts
    return "\n".join(out) + "\n"


def _dash(value: object) -> str:
    """Show None as a dash."""
    return "-" if value is None else str(value)


def write_readme(answer: dict[str, Any]) -> None:
    """Replace the generated answer-key block of README.md."""
    path = HERE / "README.md"
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- answer-key:start -->", "<!-- answer-key:end -->"
    before, rest = text.split(start)
    _, after = rest.split(end)
    path.write_text(f"{before}{start}\n{readme_key(answer)}{end}{after}", encoding="utf-8")


def main() -> int:
    """Check the key, write expected.json and the HTML pages; return an exit code."""
    errors: list[str] = []
    answer = check(errors)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print(f"{len(errors)} problem(s); nothing written", file=sys.stderr)
        return 1
    (HERE / "expected.json").write_text(
        json.dumps(answer, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (HERE / "html").mkdir(exist_ok=True)
    for a in key.ARTICLES:
        (HERE / "html" / f"{a['stem']}.html").write_text(RENDERERS[a["outlet"]](a), "utf-8")
    check_html(errors)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    write_readme(answer)
    print(
        f"ok: {len(key.ARTICLES)} articles; expected.json, html/, README key written",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
