#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "record_reader.hpp"

struct inflate_state;

namespace neurotax::pipeline {

/// The bytes of a file that HTSlib opened (a file, a pipe, standard input),
/// inflated with ISA-L when they are gzip, plain or BGZF, of any number of
/// members. Reading compressed FASTQ is mostly inflating, and ISA-L inflates
/// several times faster than zlib.
class InflatingStream {
 public:
  InflatingStream(HFilePtr file, bool gzip);
  ~InflatingStream();
  InflatingStream(const InflatingStream&) = delete;
  InflatingStream& operator=(const InflatingStream&) = delete;

  /// Up to `capacity` bytes into `out`; 0 only at the end of the data. Damaged
  /// or truncated gzip and failed reads throw RecordError.
  std::size_t read(char* out, std::size_t capacity);
  /// Bytes taken from the file so far, for progress.
  [[nodiscard]] std::uint64_t consumed_bytes() const;

 private:
  std::size_t inflate(char* out, std::size_t capacity);
  /// Reads more compressed input; false at the end of the file.
  bool refill();
  std::size_t read_file(void* out, std::size_t capacity);

  HFilePtr file_;
  bool gzip_;
  std::unique_ptr<inflate_state> state_;
  std::vector<std::uint8_t> input_;
  bool input_ended_ = false;
  bool between_members_ = true;
};

}  // namespace neurotax::pipeline
