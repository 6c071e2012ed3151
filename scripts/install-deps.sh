#!/usr/bin/env bash
# Installs what neurotax needs on Debian 12, skipping what is already there, and
# unpacks the real 16S data that the default database and the tests use.
# Idempotent: safe to run again. Needs root (apt-get).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

build_packages=(build-essential cmake ninja-build pkg-config
                libhts-dev libtbb-dev zlib1g-dev libboost-program-options-dev
                libgtest-dev nlohmann-json3-dev libxxhash-dev)

missing=()
for package in "${build_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Real data from Debian packages, unpacked under data/debian (no R needed).
data="$repo/data/debian"
dada2_extdata="$data/usr/lib/R/site-library/dada2/extdata"
if [[ ! -f "$dada2_extdata/ten_16s.100.fa.gz" ]]; then
  mkdir -p "$repo/data/packages" "$data"
  if ! ls "$repo"/data/packages/r-bioc-dada2_*.deb >/dev/null 2>&1; then
    (cd "$repo/data/packages" && apt-get download r-bioc-dada2 2>/dev/null) || {
      apt-get update -qq
      (cd "$repo/data/packages" && apt-get download r-bioc-dada2)
    }
  fi
  dpkg -x "$repo"/data/packages/r-bioc-dada2_*.deb "$data"
fi
echo "dependencies ready; real 16S data in $dada2_extdata"
