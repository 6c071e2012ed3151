# Every dependency is a Debian package. A missing one stops the configure step
# with the package to install, because "could not find X" alone sends people searching.
find_package(PkgConfig)
if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config")
endif()

macro(neurotax_require_pkg target module debian_package)
  pkg_check_modules(${target} QUIET IMPORTED_TARGET ${module})
  if(NOT ${target}_FOUND)
    message(FATAL_ERROR "${module} not found: apt-get install ${debian_package}")
  endif()
endmacro()

neurotax_require_pkg(HTSLIB htslib libhts-dev)
neurotax_require_pkg(XXHASH libxxhash libxxhash-dev)
# ISA-L inflates gzip FASTQ several times faster than zlib.
neurotax_require_pkg(ISAL libisal libisal-dev)

find_package(ZLIB QUIET)
if(NOT ZLIB_FOUND)
  message(FATAL_ERROR "zlib not found: apt-get install zlib1g-dev")
endif()

find_package(TBB CONFIG QUIET COMPONENTS tbb)
if(NOT TBB_FOUND)
  message(FATAL_ERROR "oneTBB not found: apt-get install libtbb-dev")
endif()

find_package(Boost 1.74 QUIET COMPONENTS program_options)
if(NOT Boost_FOUND)
  message(FATAL_ERROR "Boost.Program_options not found: apt-get install libboost-program-options-dev")
endif()

find_package(nlohmann_json 3 QUIET)
if(NOT nlohmann_json_FOUND)
  message(FATAL_ERROR "nlohmann JSON not found: apt-get install nlohmann-json3-dev")
endif()

find_package(Threads REQUIRED)

if(NEUROTAX_BUILD_TESTS)
  find_package(GTest QUIET)
  if(NOT GTest_FOUND)
    message(FATAL_ERROR "GoogleTest not found: apt-get install libgtest-dev (or configure with -DNEUROTAX_BUILD_TESTS=OFF)")
  endif()
endif()
if(NEUROTAX_BUILD_BENCHMARKS)
  find_package(benchmark QUIET)
  if(NOT benchmark_FOUND)
    message(FATAL_ERROR "Google Benchmark not found: apt-get install libbenchmark-dev")
  endif()
endif()
