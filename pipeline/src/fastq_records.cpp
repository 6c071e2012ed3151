#include "fastq_records.hpp"

#include <htslib/hts.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "neurotax/pipeline/read_source.hpp"

namespace neurotax::pipeline {

namespace {

constexpr std::size_t kInitialBufferBytes = std::size_t{1} << 20;

/// Each byte as HTSlib stores it in a record: IUPAC letters upper-cased,
/// anything else N; the same table HTSlib's own FASTQ reader applies.
const std::array<char, 256> kStoredBase = [] {
  std::array<char, 256> table{};
  for (std::size_t byte = 0; byte < 256; ++byte) table[byte] = seq_nt16_str[seq_nt16_table[byte]];
  return table;
}();

/// Whether a sequence line is stored as it is (almost every line is): a
/// branch-free test the compiler vectorises, cheaper than a table per byte.
bool only_acgt(std::string_view line) {
  bool clean = true;
  for (const char base : line) clean &= (base == 'A') | (base == 'C') | (base == 'G') | (base == 'T');
  return clean;
}

/// The start of a line for an error message, with unprintable bytes shown as '?'.
std::string excerpt(std::string_view line) {
  std::string shown(line.substr(0, 40));
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) c = '?';
  return line.size() > 40 ? shown + "..." : shown;
}

std::string length_mismatch(std::size_t bases, std::size_t qualities) {
  return "sequence of " + std::to_string(bases) + " bases but quality of " + std::to_string(qualities) + " characters";
}

}  // namespace

FastqRecords::FastqRecords(HFilePtr file, bool gzip) : stream_(std::move(file), gzip), buffer_(kInitialBufferBytes) {}

bool FastqRecords::fill() {
  if (at_end_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  const std::size_t got = stream_.read(buffer_.data() + end_, buffer_.size() - end_);
  if (got == 0) {
    at_end_ = true;
    return false;
  }
  end_ += got;
  return true;
}

bool FastqRecords::next_line(std::string_view& line, std::size_t limit, std::size_t& overlong) {
  overlong = 0;
  std::size_t searched = begin_;
  while (true) {
    const auto* newline = static_cast<const char*>(std::memchr(buffer_.data() + searched, '\n', end_ - searched));
    if (newline != nullptr) {
      const auto stop = static_cast<std::size_t>(newline - buffer_.data());
      line = std::string_view(buffer_.data() + begin_, stop - begin_);
      begin_ = stop + 1;
      break;
    }
    // One byte of slack: a CR of a CR LF line end may be all that is read of
    // the line end so far.
    if (end_ - begin_ > limit + 1) {
      // Count the rest of the line without holding it (a CR before the LF not counted).
      std::size_t counted = end_ - begin_;
      bool ends_with_cr = buffer_[end_ - 1] == '\r';
      begin_ = end_ = 0;
      while (fill()) {
        const auto* stop = static_cast<const char*>(std::memchr(buffer_.data(), '\n', end_));
        if (stop != nullptr) {
          begin_ = static_cast<std::size_t>(stop - buffer_.data()) + 1;
          counted += begin_ - 1;
          ends_with_cr = begin_ > 1 ? buffer_[begin_ - 2] == '\r' : ends_with_cr;
          break;
        }
        counted += end_;
        ends_with_cr = buffer_[end_ - 1] == '\r';
        end_ = 0;
      }
      overlong = counted - (ends_with_cr ? 1 : 0);
      line = {};
      return true;
    }
    const std::size_t unread = end_ - begin_;
    if (!fill()) {
      if (begin_ == end_) return false;
      line = std::string_view(buffer_.data() + begin_, end_ - begin_);  // a last line without a line end
      begin_ = end_;
      break;
    }
    searched = begin_ + unread;
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() > limit) {
    overlong = line.size();
    line = {};
  }
  return true;
}

void FastqRecords::read_sequence(std::string& sequence) {
  sequence.clear();
  std::string_view line;
  std::size_t overlong = 0;
  while (true) {
    if (!next_line(line, kMaxReadBases - sequence.size(), overlong))
      throw RecordError("the file ends before the record's '+' line");
    if (overlong != 0)
      throw RecordError("read of " + std::to_string(sequence.size() + overlong) + " bases is longer than the limit of " +
                        std::to_string(kMaxReadBases) + " bases per read");
    if (!line.empty() && line.front() == '+') return;
    if (!line.empty() && line.front() == '@')
      throw RecordError("no '+' line before the next record '" + excerpt(line) + "'");
    const std::size_t old_size = sequence.size();
    sequence.append(line);
    if (!only_acgt(line)) {
      char* out = sequence.data() + old_size;
      for (const char base : line) *out++ = kStoredBase[static_cast<unsigned char>(base)];
    }
  }
}

void FastqRecords::read_quality(std::string& quality, std::size_t length) {
  quality.clear();
  std::string_view line;
  std::size_t overlong = 0;
  // Quality lines until they cover the sequence (a long record may wrap
  // them); a line that starts the next record instead means a short quality.
  for (bool first = true; first || quality.size() < length; first = false) {
    if (!next_line(line, kMaxReadBases, overlong)) {
      if (first && length == 0) return;
      throw RecordError("the file ends inside the record's quality (" + length_mismatch(length, quality.size()) + ")");
    }
    if (overlong != 0) throw RecordError(length_mismatch(length, quality.size() + overlong));
    if (!first && !line.empty() && line.front() == '@' && quality.size() + line.size() != length)
      throw RecordError(length_mismatch(length, quality.size()));
    quality.append(line);
  }
  if (quality.size() != length) throw RecordError(length_mismatch(length, quality.size()));
}

bool FastqRecords::read(std::string& name, std::string& sequence, std::string& quality) {
  ++records_;
  std::string_view line;
  std::size_t overlong = 0;
  do {
    if (!next_line(line, kMaxReadBases, overlong)) {
      --records_;
      return false;
    }
  } while (overlong == 0 && line.empty());  // blank lines between records
  if (overlong != 0)
    throw RecordError("a header line of " + std::to_string(overlong) + " characters is longer than the limit of " +
                      std::to_string(kMaxReadBases));
  if (line.front() != '@') throw RecordError("expected a FASTQ record starting with '@', found '" + excerpt(line) + "'");
  line.remove_prefix(1);
  line = line.substr(0, line.find_first_of(" \t\v\f\r"));
  // HTSlib drops a mate marker "/1" or "/2" (any digit) from FASTQ names.
  if (line.size() > 2 && line[line.size() - 2] == '/' && line.back() >= '0' && line.back() <= '9') line.remove_suffix(2);
  name.assign(line);
  read_sequence(sequence);
  read_quality(quality, sequence.size());
  return true;
}

}  // namespace neurotax::pipeline
