#!/usr/bin/env bash
# A sequencing run of 24 samples of 50,000 read pairs (V4, simulated from the
# default reference): one `neurotax run --run-dir` against 24 separate
# `kraken2` calls on the same reference and thread count, and neurotax driven
# by Snakemake (one job per sample). Prints total wall times and ratios, and
# the per-sample overhead of each: time not spent classifying reads (start-up,
# DB load, outputs), measured on a run of 24 samples of 10 pairs.
# Needs the working folder of classify_vs_peers.py (its databases and labelled reference).
# Usage: run_vs_kraken2.sh WORKDIR [NEUROTAX] [SIMULATE] [THREADS]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(realpath "$1")
neurotax=$(realpath "${2:-$repo/build/release/pipeline/neurotax}")
simulate=$(realpath "${3:-$repo/build/bench/benchmarks/neurotax-simulate}")
threads=${4:-2}
samples=24
bench=$(mktemp -d)
trap 'rm -rf "$bench"' EXIT

make_run() {  # make_run FOLDER PAIRS
  mkdir -p "$1"
  for s in $(seq 1 $samples); do
    "$simulate" --reference "$work/labelled.fa" --out "$bench/sim" --mode v4-paired --source indb --reads "$2" \
      --seed "$s" 2>/dev/null
    mv "$bench/sim_R1.fq.gz" "$1/sample${s}_S${s}_L001_R1_001.fastq.gz"
    mv "$bench/sim_R2.fq.gz" "$1/sample${s}_S${s}_L001_R2_001.fastq.gz"
  done
}
make_run "$bench/run" 50000
make_run "$bench/tiny" 10

elapsed() { local start=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $start" | bc; }
neurotax_run() { rm -rf "$bench/out"; "$neurotax" run --quiet --threads "$threads" --db "$work/n.ntdb" --outdir "$bench/out" --run-dir "$1"; }
kraken_run() {
  for r1 in "$1"/*_R1_001.fastq.gz; do
    kraken2 --db "$work/k2" --threads "$threads" --paired --output "$bench/k.out" --report "$bench/k.report" \
      "$r1" "${r1/_R1_/_R2_}"
  done
}
snakemake_run() {
  rm -rf "$bench/sm"
  for r1 in "$1"/*_R1_001.fastq.gz; do
    name=$(basename "$r1" | sed 's/_S[0-9]*_L001_R1_001.fastq.gz//')
    printf '%s\t%s\t%s\n' "$name" "$r1" "${r1/_R1_/_R2_}"
  done > "$bench/sheet.tsv"
  printf 'samples: %s\ndb: %s\noutdir: %s\nthreads: %s\nneurotax: %s\n' "$bench/sheet.tsv" "$work/n.ntdb" "$bench/sm" "$threads" "$neurotax" > "$bench/config.yaml"
  (cd "$bench" && snakemake --quiet --snakefile "$repo/workflows/snakemake/workflow/Snakefile" --configfile "$bench/config.yaml" --cores "$threads")
}

n_full=$(elapsed neurotax_run "$bench/run"); k_full=$(elapsed kraken_run "$bench/run"); s_full=$(elapsed snakemake_run "$bench/run")
n_tiny=$(elapsed neurotax_run "$bench/tiny"); k_tiny=$(elapsed kraken_run "$bench/tiny"); s_tiny=$(elapsed snakemake_run "$bench/tiny")
printf '%s samples x 50,000 V4 pairs, %s threads\n' "$samples" "$threads"
printf '%-34s %10s %10s %10s\n' "" "neurotax" "Kraken 2" "ratio"
printf '%-34s %10.1f %10.1f %10.2f\n' "total wall (s), one run --run-dir" "$n_full" "$k_full" "$(echo "$k_full / $n_full" | bc -l)"
printf '%-34s %10.1f %10.1f %10.2f\n' "total wall (s), Snakemake" "$s_full" "$k_full" "$(echo "$k_full / $s_full" | bc -l)"
printf '%-34s %10.3f %10.3f\n' "per-sample overhead (s), run-dir" "$(echo "$n_tiny / $samples" | bc -l)" "$(echo "$k_tiny / $samples" | bc -l)"
printf '%-34s %10.3f\n' "per-sample overhead (s), Snakemake" "$(echo "$s_tiny / $samples" | bc -l)"
