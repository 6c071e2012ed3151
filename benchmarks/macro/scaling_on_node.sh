#!/usr/bin/env bash
# Thread scaling on a multicore node where nothing can be installed (a lent
# 16-core machine with no package registry): `bundle` gathers here what the
# node needs, `run` runs there.
#
#   scaling_on_node.sh bundle WORKDIR BUNDLE [SEED]
#     WORKDIR: the working folder of classify_vs_peers.py (its labelled
#     reference, taxdump and Kraken 2 database, made with the same --seed).
#     Copies neurotax, neurotax-simulate, neurotax-parse-ceiling, Kraken 2's
#     classifier and the shared libraries they need beyond the C and C++
#     runtimes, the gzipped reference, the taxonomy, the Kraken 2 database and
#     DADA2's sam1 qualities into BUNDLE (about 25 MB).
#   scaling_on_node.sh run BUNDLE OUTDIR [THREAD COUNTS] [PAIRS] [FRAGMENTS] [RUNS]
#     Simulates the speed sets of classify_vs_peers.py with the same seed
#     (amplicon-like V4 pairs of 300 variants with real MiSeq qualities, and
#     150 bp fragments that never repeat; FRAGMENTS 0 leaves them out), builds
#     the neurotax database from the reference the Kraken 2 database was built
#     from, and prints thread_scaling.py's table (also to OUTDIR/scaling.txt);
#     SCALING_ARGS adds options to thread_scaling.py (--no-minimizers-only).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

bundle() {
  local work=$1 out=$2 seed=${3:-2}
  mkdir -p "$out/real" "$out/lib" "$out/bin" "$out/k2"
  cp "$repo/build/release/pipeline/neurotax" "$repo/build/bench/benchmarks/neurotax-simulate" \
    "$repo/build/bench/benchmarks/neurotax-parse-ceiling" /usr/lib/kraken2/classify "$out/real/"
  cp /usr/lib/kraken2/kraken2 /usr/lib/kraken2/kraken2lib.pm "$out/real/"
  # The node has its own, newer, C and C++ runtimes; everything else travels.
  ldd "$out"/real/neurotax* "$out/real/classify" | awk '/=> \// {print $3}' | sort -u |
    grep -Ev '/(libc|libm|libstdc\+\+|libgcc_s|libpthread|libdl|librt)\.so' | xargs -r cp -L -t "$out/lib"
  for tool in neurotax neurotax-simulate neurotax-parse-ceiling; do
    printf '#!/bin/sh\nhere=$(dirname "$(readlink -f "$0")")\nLD_LIBRARY_PATH="$here/../lib" exec "$here/../real/%s" "$@"\n' \
      "$tool" >"$out/bin/$tool"
    chmod +x "$out/bin/$tool"
  done
  printf '#!/bin/sh\nhere=$(dirname "$(readlink -f "$0")")\nLD_LIBRARY_PATH="$here/../lib" exec perl "$here/../real/kraken2" "$@"\n' \
    >"$out/bin/kraken2"
  chmod +x "$out/bin/kraken2"
  gzip -c "$work/labelled.fa" >"$out/labelled.fa.gz"
  cp -r "$work/taxdump" "$out/"
  cp "$work"/k2/{hash,opts,taxo}.k2d "$out/k2/"
  cp "$repo"/data/debian/usr/lib/R/site-library/dada2/extdata/sam1{F,R}.fastq.gz "$out/"
  echo "$seed" >"$out/seed"
  du -sh "$out"
}

run() {
  local in=$1 out=$2 counts=${3:-1,2,4,8,16} pairs=${4:-500000} fragments=${5:-1000000} runs=${6:-1}
  local seed work cores
  seed=$(cat "$in/seed")
  cores=$(nproc)
  work=$(mktemp -d)
  mkdir -p "$out"
  {
    echo "node: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -r)"
    # The same reads and reference as classify_vs_peers.py's speed sets with this seed.
    "$in/bin/neurotax-simulate" --reference "$in/labelled.fa.gz" --out "$work/amplicons" --mode v4-paired \
      --source indb --reads "$pairs" --seed "$seed" --holdout-fraction 0.1 --community 300 \
      --quality-profile "$in/sam1F.fastq.gz,$in/sam1R.fastq.gz" 2>&1 &
    local sets=(--set "V4 pairs, 300 variants=$work/amplicons_R1.fq.gz,$work/amplicons_R2.fq.gz")
    if [ "$fragments" -gt 0 ]; then
      "$in/bin/neurotax-simulate" --reference "$in/labelled.fa.gz" --out "$work/fragments" --mode fragment \
        --source indb --reads "$fragments" --seed "$seed" --holdout-fraction 0.1 2>&1 &
      sets+=(--set "150 bp fragments=$work/fragments_R1.fq.gz")
    fi
    wait
    "$in/bin/neurotax" build-db --quiet --threads "$cores" --format ncbi --taxonomy "$in/taxdump" \
      --output "$work/n.ntdb" "$work/amplicons.db.fa"
    # shellcheck disable=SC2086 # SCALING_ARGS holds separate options
    PYTHONUNBUFFERED=1 python3 "$repo/benchmarks/macro/thread_scaling.py" --neurotax "$in/bin/neurotax" \
      --db "$work/n.ntdb" --kraken2 "$in/bin/kraken2" --k2db "$in/k2" \
      --parse-ceiling "$in/bin/neurotax-parse-ceiling" --threads "$counts" --runs "$runs" "${sets[@]}" ${SCALING_ARGS:-}
  } 2>&1 | tee "$out/scaling.txt"
  rm -rf "$work"
}

case ${1:-} in
  bundle) shift; bundle "$@" ;;
  run) shift; run "$@" ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
