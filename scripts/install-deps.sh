#!/usr/bin/env bash
# Installs what neurotax needs on Debian 12, skipping what is already there, and
# unpacks the real 16S data that the default database and the tests use.
# With --tests, also the real consumers and engines the tests run: biom-format
# (loads our BIOM), snakemake and cwltool (run our workflows), chromium (renders
# the HTML report), multiqc and radiant (KronaTools: read our kreports and Krona input),
# clang (libFuzzer targets).
# Idempotent: safe to run again. Needs root (apt-get).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(build-essential cmake ninja-build pkg-config
          libhts-dev libtbb-dev zlib1g-dev libboost-program-options-dev
          libgtest-dev nlohmann-json3-dev libxxhash-dev libisal-dev)
if [[ ${1:-} == --tests ]]; then
  packages+=(python3-biom-format snakemake cwltool chromium fonts-dejavu-core multiqc radiant clang libclang-rt-14-dev)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Real data from Debian packages, unpacked under data/debian (no R or Java needed):
# DADA2's 16S reads and SINTAX reference, and the RDP classifier's taxonomy,
# training set and rrnDB copy numbers.
fetch_data_package() {
  local package=$1 marker=$2
  [[ -e "$repo/data/debian/$marker" ]] && return
  mkdir -p "$repo/data/packages" "$repo/data/debian"
  if ! ls "$repo"/data/packages/"${package}"_*.deb >/dev/null 2>&1; then
    (cd "$repo/data/packages" && apt-get download "$package" 2>/dev/null) || {
      apt-get update -qq
      (cd "$repo/data/packages" && apt-get download "$package")
    }
  fi
  dpkg -x "$repo"/data/packages/"${package}"_*.deb "$repo/data/debian"
}
fetch_data_package r-bioc-dada2 usr/lib/R/site-library/dada2/extdata/ten_16s.100.fa.gz
fetch_data_package rdp-classifier-doc usr/share/doc/rdp-classifier/examples/samplefiles/new_trainset_db_taxid.txt
dada2_extdata="$repo/data/debian/usr/lib/R/site-library/dada2/extdata"
echo "dependencies ready; real 16S data in $dada2_extdata"
