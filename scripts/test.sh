#!/usr/bin/env bash
# README command two: install, build with tests, run the whole suite with ctest.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
bash scripts/install-deps.sh --tests
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=Release -DNEUROTAX_BUILD_TESTS=ON \
  -DNEUROTAX_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build build/test
ctest --test-dir build/test --output-on-failure --no-tests=error -j 2
