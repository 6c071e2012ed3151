#!/usr/bin/env bash
# Validates every CWL file and runs the run_samples workflow with Debian's
# cwltool on two real MiSeq samples, then checks what it wrote.
# Usage: cwl_test.sh NEUROTAX_BINARY SOURCE_DIR DADA2_EXTDATA
set -euo pipefail
neurotax=$1 source=$2 extdata=$3
command -v cwltool >/dev/null || { echo "cwltool is not installed (scripts/install-deps.sh installs it)"; exit 1; }
export NEUROTAX=$neurotax
source "$(dirname "${BASH_SOURCE[0]}")/../support/common.sh"
for tool in "$source"/workflows/cwl/*.cwl; do
  cwltool --validate "$tool" >/dev/null 2>"$work/validate.log" || { cat "$work/validate.log"; exit 1; }
done
neurotax build-db --quiet --output "$work/ref.ntdb" "$extdata/ten_16s.100.fa.gz"
cat > "$work/job.yaml" <<JOB
db: {class: File, path: $work/ref.ntdb}
threads: 1
samples:
  - name: sam1
    reads: [{class: File, path: $extdata/sam1F.fastq.gz}, {class: File, path: $extdata/sam1R.fastq.gz}]
  - name: sam2
    reads: [{class: File, path: $extdata/sam2F.fastq.gz}, {class: File, path: $extdata/sam2R.fastq.gz}]
JOB
(cd "$work" && cwltool --quiet --no-container --preserve-entire-environment --outdir "$work/out" \
   "$source/workflows/cwl/run_samples.cwl" "$work/job.yaml" >"$work/cwl.json" 2>"$work/cwl.log") || { cat "$work/cwl.log"; exit 1; }
head -1 "$work/out/run.tsv" | grep -qP '\tsam1\tsam2$'
sed -n 2p "$work/out/run.tsv" | grep -q 'Bacteroides'
grep -qP '^gaba\tproduces\t' "$work/out/run.neuroactive_matrix.tsv"
test -s "$work/out/sam1.abundance.tsv"
echo "cwl workflow: all tools valid, 2 samples run, merged tables checked"
