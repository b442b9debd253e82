"""Rebuild docs/benchmarks.md from every bench/results/*.json (run: python -m bench.render)."""

from __future__ import annotations

import json

from .results_io import RESULTS, ROOT

HEADER = """# Benchmarks

Every figure below was measured by the command shown, on the machine shown, and written to
`bench/results/<benchmark>.json` by that command. Quality gates exit non-zero below their pinned
floor (the `floor` column); floors are never lowered silently. Rebuild this page with
`python -m bench.render` after running benchmarks.

"""


def main() -> None:
    parts = [HEADER]
    for path in sorted(RESULTS.glob("*.json")):
        rec = json.loads(path.read_text("utf-8"))
        parts.append(f"## {rec['benchmark']}\n")
        if rec.get("notes"):
            parts.append(rec["notes"].strip() + "\n")
        parts.append(f"- command: `{rec['command']}`")
        parts.append(f"- commit: `{rec['commit']}`, date: {rec['date']}")
        parts.append(f"- machine: {rec['machine']}\n")
        parts.append("| metric | value | floor |\n| --- | ---: | ---: |")
        floors = rec.get("floors") or {}
        for k, v in rec["metrics"].items():
            parts.append(f"| {k} | {v:g} | {floors.get(k, '')} |")
        parts.append("")
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(parts) + "\n", "utf-8")
    print(f"wrote docs/benchmarks.md from {len(list(RESULTS.glob('*.json')))} result files")


if __name__ == "__main__":
    main()
