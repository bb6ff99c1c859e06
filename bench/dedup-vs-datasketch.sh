#!/usr/bin/env bash
# Duplicate detection, Chorus's Deduper against datasketch's MinHashLSH, on the same
# synthetic documents, one core each, in one run.
#
# Usage: bench/dedup-vs-datasketch.sh [N]   (N documents, default 50000)
# Needs ../shared/data/cluster and the peer venv (../shared/bench/peer-setup.sh).
# The documents are generated into a temporary directory and deleted afterwards.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n="${1:-50000}"
venv="${PEER_VENV:-$here/../shared-venv}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$here"
cargo build -q --release -p eval --example stream_bench --example dedup_bench
bin="${CARGO_TARGET_DIR:-$here/target}/release/examples"
"$bin/stream_bench" --n 0 --texts-out "$tmp/docs.jsonl" --texts "$n" >/dev/null
pin() { if command -v taskset >/dev/null; then taskset -c 0 "$@"; else "$@"; fi; }
pin "$bin/dedup_bench" "$tmp/docs.jsonl" --flagged "$tmp/chorus.txt"
pin "$venv/bin/python" bench/dedup_peer.py "$tmp/docs.jsonl" --flagged "$tmp/peer.txt"
both=$(sort "$tmp/chorus.txt" | comm -12 - <(sort "$tmp/peer.txt") | wc -l)
echo "copies flagged by both: $both"
