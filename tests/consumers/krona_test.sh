#!/usr/bin/env bash
# `neurotax report --krona` writes Krona's text input; KronaTools' ktImportText
# (Debian's radiant) turns it into a chart with every sample and genus.
# Usage: krona_test.sh NEUROTAX_BINARY SOURCE_DIR DADA2_EXTDATA
set -euo pipefail
neurotax=$1 extdata=$3
command -v ktImportText >/dev/null || { echo "ktImportText is not installed (Debian's radiant; scripts/install-deps.sh --tests)"; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/small_run.sh"
neurotax report --quiet --krona "$work/krona" --output "$work/report.html" "$work/results"
ktImportText -o "$work/krona.html" "$work/krona/sam1.krona.txt,sam1" "$work/krona/sam2.krona.txt,sam2" > "$work/krona.log" 2>&1 ||
  { cat "$work/krona.log"; exit 1; }
for text in '<dataset>sam1</dataset>' '<dataset>sam2</dataset>' 'name="Bacteroides"'; do
  grep -qF "$text" "$work/krona.html" || { echo "'$text' is not in Krona's chart"; exit 1; }
done
echo "krona test: ktImportText charted both samples"
