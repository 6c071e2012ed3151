#!/usr/bin/env bash
# Runs the Snakemake workflow with Debian's snakemake on two real MiSeq samples
# (DADA2's sam1 and sam2) and checks what it wrote.
# Usage: snakemake_test.sh NEUROTAX_BINARY SOURCE_DIR DADA2_EXTDATA
set -euo pipefail
neurotax=$1 source=$2 extdata=$3
command -v snakemake >/dev/null || { echo "snakemake is not installed (scripts/install-deps.sh installs it)"; exit 1; }
export NEUROTAX=$neurotax
source "$(dirname "${BASH_SOURCE[0]}")/../support/common.sh"
neurotax build-db --quiet --output "$work/ref.ntdb" "$extdata/ten_16s.100.fa.gz"
printf 'sample\tR1\tR2\nsam1\t%s\t%s\nsam2\t%s\t%s\n' "$extdata/sam1F.fastq.gz" "$extdata/sam1R.fastq.gz" \
  "$extdata/sam2F.fastq.gz" "$extdata/sam2R.fastq.gz" > "$work/samples.tsv"
cat > "$work/config.yaml" <<CONFIG
samples: $work/samples.tsv
db: $work/ref.ntdb
outdir: $work/results
threads: 1
CONFIG
(cd "$work" && snakemake --quiet --snakefile "$source/workflows/snakemake/workflow/Snakefile" \
   --configfile "$work/config.yaml" --cores 2 >/dev/null 2>"$work/snakemake.log") || { cat "$work/snakemake.log"; exit 1; }
# Content checks: both samples in the merged tables, Bacteroides dominant, GABA flagged.
head -1 "$work/results/run.tsv" | grep -qP '\tsam1\tsam2$'
sed -n 2p "$work/results/run.tsv" | grep -q 'Bacteroides'
grep -qP '^gaba\tproduces\t0\.[0-9]+\t0\.[0-9]+$' "$work/results/run.neuroactive_matrix.tsv"
grep -q '"shape": \[\|"shape":\[' "$work/results/run.biom"
test -s "$work/results/sam2/sam2.kreport"
grep -q '>sam2<' "$work/results/report.html"
grep -q 'confidence=0.7' "$work/results/report.html"  # the samples' run_info.json found
echo "snakemake workflow: 2 samples, merged tables checked"
