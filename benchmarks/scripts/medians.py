#!/usr/bin/env python3
"""Prints the median and minimum of the measured iterations of JMH JSON results (-rf json).

The machine the benchmarks run on is shared, so the mean JMH prints is pulled around by
iterations that lost the CPU; the median of the iterations is the figure docs/benchmarks.md uses.

    python3 benchmarks/scripts/medians.py results.json [more.json ...]
"""
import json
import statistics
import sys

for path in sys.argv[1:]:
    with open(path) as results:
        for result in json.load(results):
            scores = [score for fork in result["primaryMetric"]["rawData"] for score in fork]
            name = ".".join(result["benchmark"].split(".")[-2:])
            params = " ".join(f"{k}={v}" for k, v in sorted(result.get("params", {}).items()))
            unit = result["primaryMetric"]["scoreUnit"]
            print(f"{name:40s} {params:32s} median {statistics.median(scores):12.3f} "
                  f"min {min(scores):12.3f} {unit} (n={len(scores)})")
