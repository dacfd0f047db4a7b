"""``python -m bench``: how fast the program is at ten and a hundred times a county's year.

Builds synthetic documents and ledgers in a temporary folder, measures each benchmark against a
baseline of the same run, prints a table and writes JSON to bench/results/. ``--write-docs``
also puts the table into docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench import cases
from bench.core import ROOT, Result
from bench.report import cpu_probe, machine, table, update_docs, write_json

BENCHMARKS = ("parse", "import", "query", "export", "window", "start", "round")


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks, print the table, write the JSON (and the docs)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, one repetition (a smoke test)"
    )
    parser.add_argument(
        "--only", nargs="+", choices=BENCHMARKS, default=list(BENCHMARKS), help="which to run"
    )
    parser.add_argument("--json", type=Path, help="where to write the JSON results")
    parser.add_argument(
        "--write-docs", action="store_true", help="put the table into docs/performance.md"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sizes = cases.Sizes.quick() if args.quick else cases.Sizes()
    started = datetime.now()
    results: list[Result] = []
    probes = [cpu_probe()]
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as folder:
        work = Path(folder)
        os.environ["TRACKER_HOME"] = str(work / "home")
        ledgers = cases.Ledgers(work)
        steps = {
            "parse": lambda: cases.parsing(work, sizes),
            "import": lambda: cases.importing(work, sizes),
            "query": lambda: cases.query(ledgers, sizes),
            "export": lambda: cases.exporting(ledgers, sizes, work),
            "window": lambda: cases.window(ledgers, sizes, work),
            "start": lambda: cases.starting(ledgers, sizes, work),
            "round": lambda: cases.rounds(ledgers, sizes, work),
        }
        for name in BENCHMARKS:
            if name not in args.only:
                continue
            began = time.perf_counter()
            print(f"… {name}", file=sys.stderr, flush=True)
            if name == "export":
                probes.append(cpu_probe())
            step = steps[name]()
            results.extend(step)
            for result in step:
                print(f"  {result.name}: {result.value:,.3f} {result.unit}", file=sys.stderr)
            print(f"  ({time.perf_counter() - began:.1f} 秒)", file=sys.stderr, flush=True)
    probes.append(cpu_probe())
    info = machine(probes)
    print(table(results))
    missed = [result.name for result in results if result.met is False]
    payload = {
        "started": started.isoformat(timespec="seconds"),
        "quick": args.quick,
        "sizes": vars(sizes),
        "machine": info,
        "results": [result.to_json() for result in results],
        "missed": missed,
    }
    target = args.json or ROOT / "bench" / "results" / f"{started:%Y%m%d-%H%M%S}.json"
    write_json(target, payload)
    print(f"\nJSON:{target}")
    if args.write_docs:
        update_docs(ROOT / "docs" / "performance.md", results, info, f"{started:%Y-%m-%d}")
    if missed:
        print("未达成:" + "、".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
