#!/usr/bin/env bash
# Peak memory of `neurotax classify` against the number of reads: DADA2's real
# sam1 MiSeq reads streamed 1 million and 10 million times over (through a
# pipe, so no 10M-read file is needed), per-read output and report written.
# Peak RSS should be the database plus a working set that does not grow with
# the reads. Prints peak RSS, the database size and reads/s per size.
# Usage: classify_memory.sh [DB] [NEUROTAX] [THREADS]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
database=$(realpath "${1:-$repo/data/db/default.ntdb}")
neurotax=$(realpath "${2:-$repo/build/release/pipeline/neurotax}")
threads=${3:-2}
sam1="$repo/data/debian/usr/lib/R/site-library/dada2/extdata/sam1F.fastq.gz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 1,500 reads per copy; each copy renamed so that the output holds distinct ids.
zcat "$sam1" > "$work/sam1.fq"
reads_per_copy=$(($(wc -l < "$work/sam1.fq") / 4))

stream() {  # stream READS: that many reads on stdout
  local copies=$(($1 / reads_per_copy))
  for ((c = 0; c < copies; c++)); do sed "1~4s/^@/@c${c}_/" "$work/sam1.fq"; done
}

printf '%-10s %12s %14s %12s %10s\n' reads "peak RSS MiB" "database MiB" "reads/s" "RSS/DB"
db_mib=$(( $(stat -c %s "$database") / 1048576 ))
for reads in 1000000 10000000; do
  start=$(date +%s.%N)
  stream $reads | /usr/bin/time -f '%M' -o "$work/time.txt" \
    "$neurotax" classify --quiet --threads "$threads" --db "$database" --output "$work/out.kraken.gz" --report "$work/out.kreport" -
  end=$(date +%s.%N)
  peak=$(( $(tail -1 "$work/time.txt") / 1024 ))
  counted=$(awk -F'\t' 'NR <= 2 { sum += $2 } END { print sum }' "$work/out.kreport")
  [[ $counted == $((reads / reads_per_copy * reads_per_copy)) ]] || { echo "counted $counted reads of $reads"; exit 1; }
  awk -v n="$counted" -v peak="$peak" -v db="$db_mib" -v t="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" \
    'BEGIN { printf "%-10s %12d %14d %12.0f %10.2f\n", n, peak, db, n / t, peak / db }'
done
