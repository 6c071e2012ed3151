#!/usr/bin/env bash
# Runs every fuzz target for a bounded time on its seed corpus, after replaying
# the inputs of every crash found so far (tests/fuzz/regressions/TARGET/).
# A crash, leak, timeout or sanitizer report fails the run and leaves the input
# in the work folder it prints.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET]   (BUILD_DIR configured with -DNEUROTAX_BUILD_FUZZERS=ON)
set -euo pipefail
build=$(realpath "$1") seconds=${2:-45}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
cp -r "$here/corpus" "$work/corpus"
# The database target starts from a real database: this build's neurotax on the SINTAX seed.
tail -c +2 "$here/corpus/fuzz_references/sintax.fa" > "$work/seed.fa"
mkdir -p "$work/corpus/fuzz_database"
"$build/pipeline/neurotax" build-db --quiet --output "$work/corpus/fuzz_database/seed.ntdb" "$work/seed.fa"

status=0
for target in fuzz_reads fuzz_references fuzz_database fuzz_knowledge_base fuzz_report; do
  binary="$build/tests/fuzz/$target"
  mkdir -p "$work/artifacts/$target"
  options=(-timeout=20 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/$target/")
  if compgen -G "$here/regressions/$target/*" >/dev/null; then
    "$binary" "${options[@]}" "$here/regressions/$target"/* > "$work/$target.replay.log" 2>&1 ||
      { echo "$target: a regression input fails again"; tail -40 "$work/$target.replay.log"; status=1; continue; }
  fi
  if "$binary" "${options[@]}" -max_total_time="$seconds" -print_final_stats=1 "$work/corpus/$target" > "$work/$target.log" 2>&1; then
    echo "$target: $(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' "$work/$target.log" | grep -o '[0-9]*$') runs in ${seconds} s, no crash"
  else
    echo "$target: FAILED; input and log kept in $work"
    grep -A30 -m1 "ERROR\|==ERROR\|runtime error\|deadly signal\|Timeout\|out-of-memory" "$work/$target.log" | head -40
    status=1
  fi
done
[[ $status == 0 ]] && rm -rf "$work"
exit $status
