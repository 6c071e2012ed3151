#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "inflating_stream.hpp"
#include "record_reader.hpp"

namespace neurotax::pipeline {

/// FASTQ records read straight from the (inflated) bytes, as HTSlib would
/// read them: the name up to the first whitespace, less a "/1"-style mate
/// digit; the sequence in upper-case IUPAC letters (anything else is N); the
/// qualities as written. Sequence and quality may span several lines; CR LF
/// line ends are accepted. A line longer than the read limit is counted, not
/// held, so one bad record cannot take the memory.
class FastqRecords final : public RecordReader {
 public:
  /// `gzip` when HTSlib detected gzip or BGZF.
  FastqRecords(HFilePtr file, bool gzip);

  bool read(std::string& name, std::string& sequence, std::string& quality) override;
  [[nodiscard]] std::uint64_t records() const noexcept override { return records_; }
  [[nodiscard]] std::uint64_t consumed_bytes() const override { return stream_.consumed_bytes(); }

 private:
  /// The next line without its line end, valid until the next call; false at
  /// the end of the data. A line over `limit` bytes is skipped and its length
  /// returned in `overlong` (0 otherwise).
  bool next_line(std::string_view& line, std::size_t limit, std::size_t& overlong);
  /// Moves unread bytes to the front and reads more; false at the end of the data.
  bool fill();
  /// Sequence lines up to the '+' line.
  void read_sequence(std::string& sequence);
  void read_quality(std::string& quality, std::size_t length);

  InflatingStream stream_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // first unread byte
  std::size_t end_ = 0;    // end of the bytes read
  bool at_end_ = false;
  std::uint64_t records_ = 0;
};

}  // namespace neurotax::pipeline
