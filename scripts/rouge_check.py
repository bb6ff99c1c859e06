#!/usr/bin/env python3
"""Scores the summaries dumped by `chorus eval summary --dump FILE` with Google's
rouge-score (the implementation most multi-document summarisation papers report, and
the NeuS paper): RougeScorer(['rouge1', 'rouge2', 'rougeLsum'], use_stemmer=True), F1
averaged over clusters, rougeLsum with one summary sentence per line.

Usage: python scripts/rouge_check.py FILE
The reference is the dumped one ("Headline. Roundup"), split into sentences after
'.', '!' or '?' followed by white space for rougeLsum.
Needs `pip install rouge-score` (e.g. in a private venv).
"""
import json
import re
import sys

from rouge_score import rouge_scorer


def main() -> int:
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    path = args[0]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    systems = ("brief", "lead", "lexrank")
    sums = {s: {m: [0.0, 0.0, 0.0] for m in ("rouge1", "rouge2", "rougeLsum")} for s in systems}
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            # rougeLsum splits on newlines: one reference sentence per line.
            ref_lines = "\n".join(
                s for s in re.split(r"(?<=[.!?])\s+", row["reference"]) if s.strip()
            )
            for s in systems:
                cand = "\n".join(row[s])
                scores = scorer.score(ref_lines, cand)
                for m, v in scores.items():
                    sums[s][m][0] += v.precision
                    sums[s][m][1] += v.recall
                    sums[s][m][2] += v.fmeasure
            n += 1
    if n == 0:
        print("no cluster in " + path, file=sys.stderr)
        return 1
    print(f"rouge-score, {n} clusters, P/R/F1 x100")
    for s in systems:
        cells = ", ".join(
            f"{m} {100 * p / n:.2f}/{100 * r / n:.2f}/{100 * f1 / n:.2f}"
            for m, (p, r, f1) in sums[s].items()
        )
        print(f"{s:8} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
