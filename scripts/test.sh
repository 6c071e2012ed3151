#!/usr/bin/env bash
# README command two, and what CI runs: install, then build and run the test
# suite three times (plain Release with warnings as errors; AddressSanitizer +
# UndefinedBehaviorSanitizer; ThreadSanitizer), then a bounded run of every
# libFuzzer target. Any test failure or sanitizer report fails it.
# NEUROTAX_FUZZ_SECONDS sets the time per fuzz target (default 30).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
bash scripts/install-deps.sh --tests

suite() {  # NAME CMAKE_OPTIONS...: configure, build and run the suite in build/NAME
  local name=$1
  shift
  echo "== test suite: $name (${SECONDS} s since the start)"
  cmake -S . -B "build/$name" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNEUROTAX_BUILD_TESTS=ON "$@" >/dev/null
  cmake --build "build/$name"
  ctest --test-dir "build/$name" --output-on-failure --no-tests=error -j 2
}

suite test -DNEUROTAX_WARNINGS_AS_ERRORS=ON

# Sanitizer reports go to files, so that one in a neurotax process a test
# expected to fail is not mistaken for that failure.
reports=$(mktemp -d)
export ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$reports/ubsan"
suite asan -DNEUROTAX_SANITIZE=address
export TSAN_OPTIONS="suppressions=$repo/tests/sanitizers/tsan.supp:log_path=$reports/tsan"
suite tsan -DNEUROTAX_SANITIZE=thread
unset ASAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS
if compgen -G "$reports/*" >/dev/null; then
  echo "sanitizer reports:"
  cat "$reports"/*
  exit 1
fi

echo "== fuzzing (${SECONDS} s since the start)"
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release -DNEUROTAX_BUILD_TESTS=OFF \
  -DNEUROTAX_BUILD_FUZZERS=ON >/dev/null
cmake --build build/fuzz --target neurotax fuzzers
bash tests/fuzz/run.sh build/fuzz "${NEUROTAX_FUZZ_SECONDS:-30}"
echo "== all passed in ${SECONDS} s"
