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
