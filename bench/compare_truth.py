#!/usr/bin/env python3
"""Compare sweep's JSON lines with a truth file at the level of (file, line, indicator, observed).

  compare_truth.py TRUTH.tsv SWEEP.jsonl

Prints one JSON object: pairs in each, pairs missing from sweep (false negatives), pairs sweep
reported that the truth lacks (false positives), and up to five examples of each. Exit 0 when
the two sets are equal, else 1. Python 3 standard library only.
"""
import json
import os
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    truth = set()
    with open(sys.argv[1], encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split("\t")
            truth.add((p[0], int(p[1]), p[2], p[6]))
    got = set()
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            m = json.loads(line)
            got.add((os.path.basename(m["file"]), m["line"], str(m["indicator"]), m["observed"]))
    fn = sorted(truth - got)
    fp = sorted(got - truth)
    print(json.dumps({"truth_pairs": len(truth), "sweep_pairs": len(got), "false_negatives": len(fn),
                      "false_positives": len(fp), "fn_examples": fn[:5], "fp_examples": fp[:5]}, indent=1))
    sys.exit(0 if not fn and not fp else 1)


if __name__ == "__main__":
    main()
