#!/usr/bin/env bash
# Extraction throughput of Chorus against trafilatura (with metadata), side by side:
# the same pages, one core each (`taskset -c $CORE`), alternating A B A B in one run
# (ROUNDS rounds, default 3).
# Prints each run's docs/s and the ratio of the best runs.
#
#   bench/extract-vs-trafilatura.sh [DIR ...] default: the four ../shared/data/extract sets
#
# Needs the peers' venv from ../shared/bench/peer-setup.sh (PEER_VENV overrides its
# path). Absolute docs/s hold only for the run they came from; quote the ratio, measured
# on a quiet machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared="$root/../shared"
venv="${PEER_VENV:-$root/../shared-venv}"
core="${CORE:-1}"
if [ ! -x "$venv/bin/python" ]; then
  echo "no peer venv at $venv: run $shared/bench/peer-setup.sh (or set PEER_VENV)" >&2
  exit 2
fi
if [ $# -eq 0 ]; then
  set -- "$shared"/data/extract/{scrapinghub,wcxb-dev-articles,fundus,htmldate-dev}
fi
# Both tools get the same list of pages.
mapfile -t pages < <(find "$@" -type f \( -name '*.html' -o -name '*.htm' -o -name '*.html.gz' \) | sort)
echo "${#pages[@]} pages"
(cd "$root" && cargo build --release -q -p cli)
chorus="${CARGO_TARGET_DIR:-$root/target}/release/chorus"
best_c=0
best_t=0
for round in $(seq "${ROUNDS:-3}"); do
  c=$(taskset -c "$core" "$chorus" bench "${pages[@]}" 2>&1 | awk '$1 == "extract" { print $(NF-1) }')
  t=$(taskset -c "$core" "$venv/bin/python" "$shared/bench/peer-extract.py" --tool trafilatura "${pages[@]}" 2>&1 >/dev/null \
    | sed -n 's/.*= \([0-9.]*\) docs\/s.*/\1/p')
  echo "round $round: chorus $c docs/s, trafilatura $t docs/s"
  best_c=$(python3 -c "print(max($best_c, $c))")
  best_t=$(python3 -c "print(max($best_t, $t))")
done
python3 -c "print(f'best: chorus $best_c docs/s, trafilatura $best_t docs/s, ratio {$best_c / $best_t:.2f}x')"
