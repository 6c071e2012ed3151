# Compile options shared by every neurotax target, carried by an INTERFACE target
# so that no global CMAKE_CXX_FLAGS are edited.
add_library(neurotax_options INTERFACE)
add_library(neurotax::options ALIAS neurotax_options)
target_compile_features(neurotax_options INTERFACE cxx_std_20)
target_compile_options(neurotax_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
# GCC 12 reports std::string concatenations as overlapping memcpy at -O3
# (GCC bug 105329, fixed in 13): a false positive, not a finding.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(neurotax_options INTERFACE -Wno-restrict)
endif()
if(NEUROTAX_WARNINGS_AS_ERRORS)
  target_compile_options(neurotax_options INTERFACE -Werror)
endif()
target_compile_definitions(neurotax_options INTERFACE NEUROTAX_VERSION="${PROJECT_VERSION}")

# Sanitizer builds, for the test suite in CI: address (ASan + UBSan, any report
# fails the test), thread (TSan). -O1 keeps them fast enough to run the suite;
# ASan + UBSan take -Og, because their instrumentation makes -O1 code twice as
# slow to compile as the plain build, and the suite spends longer compiling it
# than running it.
set(NEUROTAX_SANITIZE "" CACHE STRING "Sanitizer build: address (ASan and UBSan), thread (TSan), or empty")
set_property(CACHE NEUROTAX_SANITIZE PROPERTY STRINGS "" address thread)
if(NEUROTAX_SANITIZE STREQUAL "address")
  set(neurotax_sanitizer_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  set(neurotax_sanitizer_optimisation -Og)
elseif(NEUROTAX_SANITIZE STREQUAL "thread")
  set(neurotax_sanitizer_flags -fsanitize=thread)
  set(neurotax_sanitizer_optimisation -O1)
elseif(NOT NEUROTAX_SANITIZE STREQUAL "")
  message(FATAL_ERROR "NEUROTAX_SANITIZE must be address, thread or empty, not '${NEUROTAX_SANITIZE}'")
endif()
if(neurotax_sanitizer_flags)
  # Instrumentation makes GCC 12 see uninitialised members inside libstdc++'s
  # std::regex and std::function: false positives, checked in the plain build.
  target_compile_options(neurotax_options INTERFACE ${neurotax_sanitizer_flags} ${neurotax_sanitizer_optimisation} -g1
                         -Wno-maybe-uninitialized)
  target_link_options(neurotax_options INTERFACE ${neurotax_sanitizer_flags})
endif()

# Fuzzing builds instrument every library for libFuzzer's coverage, with ASan
# and UBSan; the fuzz targets add libFuzzer's main.
if(NEUROTAX_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "NEUROTAX_BUILD_FUZZERS needs clang (Debian's clang): -DCMAKE_CXX_COMPILER=clang++")
  endif()
  set(neurotax_fuzz_flags -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(neurotax_options INTERFACE ${neurotax_fuzz_flags} -O1 -g1)
  target_link_options(neurotax_options INTERFACE ${neurotax_fuzz_flags})
endif()
