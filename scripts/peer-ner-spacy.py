#!/usr/bin/env python3
"""Runs spaCy's small English model over the bodies `chorus eval entities` analyses and
writes its mentions for `chorus eval entities --peer`, so both are scored with the same
metric on the same text.

    chorus eval entities --data ../shared/data/ner/wikigold --dump-bodies /tmp/wg.jsonl
    python3 scripts/peer-ner-spacy.py /tmp/wg.jsonl /tmp/wg-spacy.jsonl
    chorus eval entities --data ../shared/data/ner/wikigold --peer /tmp/wg-spacy.jsonl

The model is `en_core_web_sm` (the package name may carry a suffix when it comes from a
PyPI mirror; pass it with --model). Labels are mapped to the eval's three types:
PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC; the rest is left out, as the eval leaves
out MISC. Offsets are converted from characters to UTF-8 bytes.
"""

import argparse
import json
import sys
import time

LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def byte_offsets(text):
    """Maps every character index of `text` (and its end) to a UTF-8 byte offset."""
    out = [0] * (len(text) + 1)
    at = 0
    for i, c in enumerate(text):
        out[i] = at
        at += len(c.encode("utf-8"))
    out[len(text)] = at
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bodies", help="JSON lines from --dump-bodies")
    parser.add_argument("out", help="JSON lines for --peer")
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args()
    try:
        import spacy
    except ImportError:
        sys.exit("spaCy is not installed: pip install spacy and an en_core_web_sm package")
    try:
        nlp = spacy.load(args.model)
    except OSError as err:
        sys.exit(f"cannot load the model {args.model}: {err}")
    docs = []
    with open(args.bodies, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                docs.append(json.loads(line))
    started = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as out:
        for d in docs:
            body = d["body"]
            doc = nlp(body)
            offsets = byte_offsets(body)
            mentions = [
                [offsets[e.start_char], offsets[e.end_char], LABELS[e.label_]]
                for e in doc.ents
                if e.label_ in LABELS
            ]
            out.write(json.dumps({"doc": d["doc"], "mentions": mentions}) + "\n")
    elapsed = time.perf_counter() - started
    print(
        f"{args.model} {nlp.meta.get('version', '?')}: {len(docs)} documents in "
        f"{elapsed:.1f} s ({len(docs) / max(elapsed, 1e-9):.1f} docs/s)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
