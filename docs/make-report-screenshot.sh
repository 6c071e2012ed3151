#!/usr/bin/env bash
# Remakes docs/report.png: the report of DADA2's three real samples (sam1 and
# sam2 MiSeq V4 pairs, samPB PacBio full-length reads) on the default database.
# Needs what scripts/quickstart.sh made (the Release build and the default
# database) and Debian's chromium.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
neurotax=build/release/pipeline/neurotax
extdata=$repo/data/debian/usr/lib/R/site-library/dada2/extdata
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'sam1\t%s\t%s\nsam2\t%s\t%s\nsamPB\t%s\n' "$extdata/sam1F.fastq.gz" "$extdata/sam1R.fastq.gz" \
  "$extdata/sam2F.fastq.gz" "$extdata/sam2R.fastq.gz" "$extdata/samPB.fastq.gz" > "$work/samples.tsv"
$neurotax run --quiet --force --db data/db/default.ntdb --outdir results/dada2-run --samples "$work/samples.tsv"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --user-data-dir="$work/profile" --hide-scrollbars --window-size=1280,2300 \
  --screenshot="$repo/docs/report.png" "file://$repo/results/dada2-run/report.html" 2>/dev/null
echo "wrote docs/report.png from results/dada2-run/report.html"
