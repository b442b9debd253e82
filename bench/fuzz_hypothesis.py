"""Run the Hypothesis fuzz tests of tests/reliability with many examples and count what was tried.

The default suite runs each fuzz test with a few dozen examples; this runs them with
``--examples`` each (STORYDESK_FUZZ_EXAMPLES) and reads Hypothesis' own statistics for the
number of inputs generated and failures found. Run from the repository root::

    .venv/bin/python -m bench.fuzz_hypothesis [--examples 2000]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

from bench.results_io import ROOT, write_result

FILES = [
    "tests/reliability/test_fuzz_ingest.py",
    "tests/reliability/test_fuzz_annotate.py",
    "tests/reliability/test_fuzz_link_report.py",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    args = parser.parse_args()
    env = dict(os.environ, STORYDESK_FUZZ_EXAMPLES=str(args.examples))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "slow or not slow",
         "--hypothesis-show-statistics", *FILES],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=6 * 3600, check=False,
    )
    out = proc.stdout
    metrics: dict[str, float] = {}
    details: dict[str, dict] = {}
    # Statistics blocks look like "tests/...py::test_x:" then "- during generate phase ...:"
    # lines with "- N passing, M failing, and K invalid test cases".
    for block in re.split(r"\n(?=\S+\.py::\S+:\n)", out):
        head = re.match(r"(\S+\.py)::(\S+):", block)
        if not head:
            continue
        passing = sum(int(n) for n in re.findall(r"(\d+) passing", block))
        failing = sum(int(n) for n in re.findall(r"(\d+) failing", block))
        errors = sum(int(n) for n in re.findall(r"Found (\d+) distinct error", block))
        name = head.group(2)
        details[name] = {"file": head.group(1), "passing": passing, "failing": failing, "errors": errors}
    # inputs tried in every phase (shrinking included); "failing" counts shrink steps too, so the
    # number of bugs is the distinct errors Hypothesis reports
    metrics["inputs"] = sum(d["passing"] + d["failing"] for d in details.values())
    metrics["distinct_errors"] = sum(d["errors"] for d in details.values())
    metrics["tests"] = len(details)
    failed_tests = len(re.findall(r"^FAILED ", out, re.MULTILINE))
    metrics["tests_passed_fraction"] = (len(details) - failed_tests) / len(details) if details else 0.0
    write_result(
        "fuzz_hypothesis",
        metrics,
        command=f"python -m bench.fuzz_hypothesis --examples {args.examples}",
        notes="Hypothesis property tests of ingest, clean, the annotate finders, link and report "
        "(hostile strings, arbitrary bytes, calendar-edge dates); the link+report test runs a third "
        "of the examples (each renders a full brief)",
        floors={"tests_passed_fraction": 1.0},
        details={"tests": details, "failures": _failures(out) if proc.returncode else ""},
    )


def _failures(out: str) -> str:
    """Return the pytest failure report (falsifying examples and tracebacks), shortened."""
    start = out.find("= FAILURES =")
    end = out.find("= Hypothesis Statistics =")
    if start < 0:
        return out[-3000:]
    return (out[start:end] if end > start else out[start:])[:6000]


if __name__ == "__main__":
    main()
