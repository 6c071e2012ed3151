#pragma once
#include <stdexcept>

// The error vocabulary shared by every layer, kept at the base of the library
// so that the importers, the pipeline and the CLI agree on exit codes.
namespace neurotax {

/// Bad input data or a failed read/write: the message names the file, the
/// record or line, and what was wrong. Exit code 1.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Wrong command-line use. Exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace neurotax
