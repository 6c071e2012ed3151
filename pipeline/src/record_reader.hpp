#pragma once
#include <htslib/hfile.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

// What the fragment reader asks of one sequence file, whichever parser reads it.
namespace neurotax::pipeline {

/// What is wrong with the record being read, without the file or record
/// number: the fragment reader adds both.
class RecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An open HTSlib file, closed however its owner goes away.
struct HFileCloser {
  void operator()(hFILE* file) const noexcept { hclose_abruptly(file); }
};
using HFilePtr = std::unique_ptr<hFILE, HFileCloser>;

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  /// The next primary record, its sequence in upper-case IUPAC letters and
  /// its qualities as Phred+33 (empty when the file has none); false at the end.
  virtual bool read(std::string& name, std::string& sequence, std::string& quality) = 0;
  /// Records started so far: the one being read when an error is thrown.
  [[nodiscard]] virtual std::uint64_t records() const noexcept = 0;
  /// Bytes taken from the file so far (compressed bytes for compressed files).
  [[nodiscard]] virtual std::uint64_t consumed_bytes() const = 0;
};

}  // namespace neurotax::pipeline
