#!/usr/bin/env bash
# Runs Debian's MultiQC on a run's output folder: its Kraken module must pick
# up every sample's kreport, under the sample's name.
# Usage: multiqc_test.sh NEUROTAX_BINARY SOURCE_DIR DADA2_EXTDATA
set -euo pipefail
neurotax=$1 extdata=$3
command -v multiqc >/dev/null || { echo "multiqc is not installed (scripts/install-deps.sh --tests installs it)"; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/small_run.sh"
(cd "$work/results" && multiqc --quiet --no-ansi --outdir "$work/multiqc" . > "$work/multiqc.log" 2>&1) ||
  { cat "$work/multiqc.log"; exit 1; }
stats="$work/multiqc/multiqc_data/multiqc_general_stats.txt"
[[ -f $stats ]] || { echo "MultiQC wrote no general statistics"; cat "$work/multiqc.log"; exit 1; }
head -1 "$stats" | grep -q 'Kraken' || { echo "MultiQC's Kraken module found nothing"; cat "$stats"; exit 1; }
for sample in sam1 sam2 "$odd_name"; do
  cut -f1 "$stats" | grep -qxF -- "$sample" || { echo "sample '$sample' is not in MultiQC's report"; cat "$stats"; exit 1; }
done
grep -q 'sam2' "$work/multiqc/multiqc_report.html"
echo "multiqc test: Kraken module reports all 3 samples"
