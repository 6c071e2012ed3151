#!/usr/bin/env bash
# Database build and load, neurotax against Kraken 2 (Debian's kraken2), both
# built from exactly the same labelled 16S reference and taxonomy: the default
# reference from ncbi-rrna-data + rdp-classifier-doc, written by build-db
# --write-reference, and its taxonomy exported with inspect-db --export-taxdump.
# Prints wall time, peak RSS and size of each build (median of RUNS runs) and
# load times with a cold and a warm page cache, with neurotax/Kraken 2 ratios.
# Usage: benchmarks/macro/build_db_vs_kraken2.sh [NEUROTAX_BINARY] [THREADS] [RUNS]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
neurotax=$(realpath "${1:-$repo/build/release/pipeline/neurotax}")
threads=${2:-2}
runs=${3:-3}
export DEBIAN_FRONTEND=noninteractive
for tool in kraken2-build:kraken2 vmtouch:vmtouch /usr/bin/time:time; do
  command -v "${tool%%:*}" >/dev/null || apt-get install -y -qq "${tool##*:}" >/dev/null
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "preparing the shared reference in $work"
bash "$repo/scripts/prepare-default-db.sh" "$neurotax" "$work/prepared.ntdb" "$work/reference.fa" >/dev/null 2>&1
"$neurotax" inspect-db --export-taxdump "$work/taxonomy" "$work/prepared.ntdb"
sequences=$(grep -c '>' "$work/reference.fa")
bases=$(grep -v '>' "$work/reference.fa" | tr -d '\n' | wc -c)

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
measure() {  # measure OUTFILE COMMAND... : appends "seconds peak_kib"
  # Wall time from the clock in nanoseconds: time's %e counts hundredths,
  # too coarse for a 20 ms load.
  local out=$1 start end; shift
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/time" "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo "$(echo "scale=4; ($end - $start) / 1000000000" | bc) $(cat "$work/time")" >> "$out"
}

for run in $(seq "$runs"); do
  rm -f "$work/n.ntdb"
  measure "$work/neurotax.build" "$neurotax" build-db --quiet --threads "$threads" --output "$work/n.ntdb" "$work/reference.fa"
  rm -rf "$work/k2"; mkdir -p "$work/k2"; cp -r "$work/taxonomy" "$work/k2/taxonomy"
  measure "$work/kraken2.add" kraken2-build --db "$work/k2" --add-to-library "$work/reference.fa" --no-masking
  measure "$work/kraken2.build" kraken2-build --db "$work/k2" --build --threads "$threads"
done
paste -d' ' "$work/kraken2.add" "$work/kraken2.build" | awk '{print $1 + $3, ($2 > $4 ? $2 : $4)}' > "$work/kraken2.total"

touch "$work/empty.fq"
for run in $(seq "$runs"); do
  vmtouch -q -e "$work/n.ntdb" "$work/k2/hash.k2d" "$work/k2/taxo.k2d" "$work/k2/opts.k2d"
  measure "$work/neurotax.cold" "$neurotax" classify --quiet --threads "$threads" --db "$work/n.ntdb" --report /dev/null "$work/empty.fq"
  measure "$work/kraken2.cold" kraken2 --threads "$threads" --db "$work/k2" --output /dev/null "$work/empty.fq"
  measure "$work/neurotax.warm" "$neurotax" classify --quiet --threads "$threads" --db "$work/n.ntdb" --report /dev/null "$work/empty.fq"
  measure "$work/kraken2.warm" kraken2 --threads "$threads" --db "$work/k2" --output /dev/null "$work/empty.fq"
done

column() { cut -d' ' -f"$2" "$work/$1" | median; }
n_size=$(stat -c %s "$work/n.ntdb")
k_size=$(( $(stat -c %s "$work/k2/hash.k2d") + $(stat -c %s "$work/k2/taxo.k2d") + $(stat -c %s "$work/k2/opts.k2d") ))
echo
echo "reference: $sequences sequences, $bases bases; $threads threads; median of $runs runs"
printf '%-28s %12s %12s %8s\n' "" neurotax "Kraken 2" ratio
row() { printf '%-28s %12s %12s %8.2f\n' "$1" "$2" "$3" "$(echo "$2 / $3" | bc -l)"; }
row "build wall (s)" "$(column neurotax.build 1)" "$(column kraken2.total 1)"
row "build peak RSS (MiB)" "$(echo "$(column neurotax.build 2) / 1024" | bc)" "$(echo "$(column kraken2.total 2) / 1024" | bc)"
row "size on disk (MB)" "$(echo "scale=1; $n_size / 1000000" | bc)" "$(echo "scale=1; $k_size / 1000000" | bc)"
row "load, cold cache (s)" "$(column neurotax.cold 1)" "$(column kraken2.cold 1)"
row "load, warm cache (s)" "$(column neurotax.warm 1)" "$(column kraken2.warm 1)"
echo "Kraken 2 build split: add-to-library $(column kraken2.add 1) s, build $(column kraken2.build 1) s"
echo "neurotax sections (bytes):"
"$neurotax" inspect-db "$work/n.ntdb" | grep '^section_bytes_' | sed 's/^section_bytes_/  /'
