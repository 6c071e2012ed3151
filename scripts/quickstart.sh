#!/usr/bin/env bash
# README command one: install, build Release, prepare the default database and
# run the whole pipeline on a real MiSeq sample (DADA2's sam1, 2x250 V4 pairs).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
start=$SECONDS
bash scripts/install-deps.sh

cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNEUROTAX_BUILD_TESTS=OFF >/dev/null
cmake --build build/release
neurotax=build/release/pipeline/neurotax

extdata=data/debian/usr/lib/R/site-library/dada2/extdata
database=data/db/default.ntdb
[[ -f $database ]] || bash scripts/prepare-default-db.sh "$neurotax" "$database"
$neurotax inspect-db "$database" | head -11

$neurotax run --db "$database" --outdir results/sam1 --sample sam1 \
  "$extdata/sam1F.fastq.gz" "$extdata/sam1R.fastq.gz"

echo
echo "Top of the report (results/sam1/sam1.kreport):"
head -n 12 results/sam1/sam1.kreport
echo
echo "Neuroactive potential (results/sam1/sam1.neuroactive_summary.tsv):"
cat results/sam1/sam1.neuroactive_summary.tsv
echo
echo "Outputs are in $repo/results/sam1/; open results/sam1/report.html in a browser (took $((SECONDS - start)) s)"
