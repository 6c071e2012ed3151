#!/usr/bin/env bash
# Builds the default database offline from Debian packages (run by quickstart.sh):
# 16S sequences from ncbi-rrna-data (NCBI Combined16SrRNA and SILVA SSURef 93,
# extracted with blastdbcmd from ncbi-blast+), labelled through the RDP taxonomy
# and with rrnDB copy numbers from rdp-classifier-doc. Rules and counts:
# reference_db/README.md.
# Usage: prepare-default-db.sh NEUROTAX_BINARY OUTPUT_DB [LABELLED_REFERENCE_FASTA]
# The optional third argument also writes the imported references (SINTAX FASTA
# with kraken:taxid ids), from which other tools can be built on the same set.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
neurotax=$1
output=$2
labelled=${3:-}
start=$SECONDS

if ! command -v blastdbcmd >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends ncbi-blast+ >/dev/null 2>&1 || {
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends ncbi-blast+
  }
fi
mkdir -p "$repo/data/packages" "$repo/data/debian"
blastdb="$repo/data/debian/usr/share/ncbi/data"
if [[ ! -f "$blastdb/Combined16SrRNA.nsq" ]]; then
  ls "$repo"/data/packages/ncbi-rrna-data_*.deb >/dev/null 2>&1 ||
    (cd "$repo/data/packages" && apt-get download ncbi-rrna-data)
  dpkg -x "$repo"/data/packages/ncbi-rrna-data_*.deb "$repo/data/debian"
fi
samplefiles="$repo/data/debian/usr/share/doc/rdp-classifier/examples/samplefiles"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "extracting 16S sequences from the BLAST databases"
blastdbcmd -db "$blastdb/Combined16SrRNA" -entry all -out "$work/combined16s.fa"
blastdbcmd -db "$blastdb/SSURef_93.fasta" -entry all -out "$work/ssuref93.fa"

mkdir -p "$(dirname "$output")"
"$neurotax" build-db --format organism \
  --taxonomy "$samplefiles/new_trainset_db_taxid.txt" \
  --copy-numbers "$samplefiles/rrnDBv4.2.2_copynumber.txt" \
  ${labelled:+--write-reference "$labelled"} \
  --output "$output" "$work/combined16s.fa" "$work/ssuref93.fa"
echo "default database $output ready in $((SECONDS - start)) s"
