#!/usr/bin/env python3
"""datasketch MinHashLSH over the same documents as `dedup_bench`, for a side-by-side run.

Reads JSON lines ({"id", "published", "body"}), and for each body in file order:
normalises it the way Chorus fingerprints text (lower case, runs of word characters),
takes 5-word shingles, builds a 128-permutation MinHash, queries a MinHashLSH index
(32 bands of 4 rows, as Chorus's defaults), confirms candidates whose estimated Jaccard
similarity reaches 0.8, then inserts the body. Prints documents per CPU second of the
loop (reading the file is not timed) and the copies found; --flagged writes their ids.

Usage: ../shared-venv/bin/python bench/dedup_peer.py FILE.jsonl [--flagged OUT]
"""
import argparse
import json
import re
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")
SHINGLE = 5
PERMS = 128
THRESHOLD = 0.8


def shingles(body):
    words = WORD.findall(body.lower())
    if not words:
        return []
    if len(words) <= SHINGLE:
        return [" ".join(words).encode()]
    return list({" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--flagged")
    args = parser.parse_args()
    docs = []
    with open(args.file, encoding="utf-8") as f:
        for line in f:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("body"), str):
                docs.append((str(record.get("id", len(docs))), record["body"]))

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMS, params=(32, 4))
    kept = {}
    copies = []
    cpu = time.process_time()
    wall = time.perf_counter()
    for doc_id, body in docs:
        grams = shingles(body)
        if not grams:
            continue
        m = MinHash(num_perm=PERMS)
        m.update_batch(grams)
        if any(m.jaccard(kept[k]) >= THRESHOLD for k in lsh.query(m)):
            copies.append(doc_id)
        lsh.insert(doc_id, m)
        kept[doc_id] = m
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    print(f"datasketch LSH  {len(docs)} docs, {len(copies)} copies; "
          f"{len(docs) / max(wall, 1e-9):.0f} docs/s wall, {len(docs) / max(cpu, 1e-9):.0f} docs per CPU s")
    if args.flagged:
        with open(args.flagged, "w", encoding="utf-8") as out:
            out.write("".join(f"{i}\n" for i in copies))


if __name__ == "__main__":
    main()
