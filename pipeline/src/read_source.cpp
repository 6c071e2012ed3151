#include "neurotax/pipeline/read_source.hpp"

#include <htslib/hfile.h>
#include <htslib/hts.h>
#include <tbb/parallel_invoke.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <utility>
#include <vector>

#include "fastq_records.hpp"
#include "hts_records.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/common/thread_handover.hpp"

namespace neurotax::pipeline {

std::string_view strip_mate_suffix(std::string_view name) {
  const std::size_t n = name.size();
  if (n >= 2 && std::isdigit(static_cast<unsigned char>(name[n - 1])) &&
      (name[n - 2] == '/' || name[n - 2] == '.' || name[n - 2] == '_'))
    name.remove_suffix(2);
  return name;
}

/// One sequence file: HTSlib opens it and tells its format; FASTQ, the bulk
/// of every sequencing run, is parsed here from bytes inflated by ISA-L, and
/// everything else is read by HTSlib.
class FragmentReader::SequenceFile {
 public:
  explicit SequenceFile(std::string path) : path_(std::move(path)) {
    std::error_code error;
    if (std::filesystem::is_regular_file(path_, error)) {
      const auto size = std::filesystem::file_size(path_, error);
      bytes_ = error ? 0 : size;
    }
    errno = 0;
    HFilePtr file(hopen(path_.c_str(), "r"));
    if (!file) throw InputError(path_ + ": cannot open: " + std::strerror(errno != 0 ? errno : ENOENT));
    htsFormat format{};
    if (hts_detect_format2(file.get(), path_.c_str(), &format) < 0)
      throw InputError(path_ + ": cannot read: " + std::strerror(errno != 0 ? errno : EIO));
    // Empty data (an empty file or pipe, a demultiplexer's gzip of no reads)
    // is an empty sample, not an error; the FASTQ reader still checks the
    // gzip around it.
    const bool fastq_or_empty = format.format == fastq_format || format.format == empty_format;
    try {
      if (fastq_or_empty &&
          (format.compression == no_compression || format.compression == gzip || format.compression == bgzf))
        records_ = std::make_unique<FastqRecords>(std::move(file), format.compression != no_compression);
      else
        records_ = std::make_unique<HtsRecords>(std::move(file), path_);
    } catch (const RecordError& failure) {
      throw_at(0, failure.what());
    }
  }

  /// Reads the next primary record into name and sequence; false at the end.
  bool read(std::string& name, std::string& sequence, std::string& quality) {
    if (next_ahead_ < parsed_ahead_) {
      Record& record = ahead_[next_ahead_++];
      name.swap(record.name);
      sequence.swap(record.sequence);
      quality.swap(record.quality);
      ++delivered_;
      return true;
    }
    if (ahead_error_) std::rethrow_exception(std::exchange(ahead_error_, nullptr));
    if (ahead_ended_) return false;
    if (!read_record(name, sequence, quality)) return false;
    ++delivered_;
    return true;
  }

  /// Parses records ahead of read() until `records` records or `bases` bases
  /// wait (or the file ends), so that another thread can parse this file while
  /// its mate's is parsed; an error met is raised by the read() that reaches
  /// it, with the record it belongs to.
  void parse_ahead(std::size_t records, std::size_t bases) {
    // Records left from the last batch move to the front (their buffers swap
    // places), so the queue never grows past one batch ahead.
    std::size_t waiting_bases = 0;
    for (std::size_t r = next_ahead_; r < parsed_ahead_; ++r) {
      waiting_bases += ahead_[r].sequence.size();
      std::swap(ahead_[r - next_ahead_], ahead_[r]);
    }
    parsed_ahead_ -= next_ahead_;
    next_ahead_ = 0;
    try {
      while (!ahead_ended_ && parsed_ahead_ < records && waiting_bases < bases) {
        if (ahead_.size() == parsed_ahead_) ahead_.emplace_back();
        Record& record = ahead_[parsed_ahead_];
        if (!read_record(record.name, record.sequence, record.quality)) {
          ahead_ended_ = true;
          break;
        }
        waiting_bases += record.sequence.size();
        ++parsed_ahead_;
      }
    } catch (const InputError&) {
      ahead_error_ = std::current_exception();
      ahead_ended_ = true;
    }
  }

  [[nodiscard]] std::uint64_t consumed_bytes() const { return records_->consumed_bytes(); }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// Size when opened (0 for a pipe or FIFO), for progress.
  [[nodiscard]] std::uint64_t bytes() const noexcept { return bytes_; }
  /// Records handed out by read(): the last one read.
  [[nodiscard]] std::uint64_t record_number() const noexcept { return delivered_; }
  /// Throws about the last record read.
  [[noreturn]] void throw_here(const std::string& what) const { throw_at(delivered_, what); }

 private:
  [[noreturn]] void throw_at(std::uint64_t record, const std::string& what) const {
    throw InputError(path_ + ": record " + std::to_string(record == 0 ? 1 : record) + ": " + what);
  }
  /// The parser's next record; a RecordError becomes an InputError naming the
  /// record being parsed (none yet while the file is opened: an error at its header).
  bool read_record(std::string& name, std::string& sequence, std::string& quality) {
    try {
      return records_->read(name, sequence, quality);
    } catch (const RecordError& failure) {
      throw_at(records_->records(), failure.what());
    }
  }
  struct Record {
    std::string name, sequence, quality;
  };
  std::vector<Record> ahead_;  // [next_ahead_, parsed_ahead_): parsed, not yet read
  std::size_t next_ahead_ = 0;
  std::size_t parsed_ahead_ = 0;
  bool ahead_ended_ = false;           // the parser has met the end (or an error)
  std::exception_ptr ahead_error_;     // met by parse_ahead, raised by the read that reaches it
  std::uint64_t delivered_ = 0;
  std::string path_;
  std::unique_ptr<RecordReader> records_;
  std::uint64_t bytes_ = 0;
};

ReadFiles ReadFiles::from(const std::vector<std::string>& paths, PairingMode mode) {
  ReadFiles files;
  if (mode == PairingMode::kPaired) {
    if (paths.size() != 2)
      throw UsageError("paired input needs exactly two files (R1 and R2), got " + std::to_string(paths.size()));
    files.first = {paths[0]};
    files.second = {paths[1]};
  } else {
    files.first = paths;
    files.interleaved = mode == PairingMode::kInterleaved;
  }
  return files;
}

std::vector<std::string> ReadFiles::all() const {
  std::vector<std::string> paths(first);
  paths.insert(paths.end(), second.begin(), second.end());
  return paths;
}

FragmentReader::FragmentReader(const std::vector<std::string>& paths, PairingMode mode)
    : FragmentReader(ReadFiles::from(paths, mode)) {}

FragmentReader::FragmentReader(const ReadFiles& files) : interleaved_(files.interleaved) {
  if (files.first.empty()) throw UsageError("no read files given");
  if (!files.second.empty() && files.second.size() != files.first.size())
    throw UsageError("paired input needs one second-mate file per first-mate file");
  const auto open = [this](const std::string& path, std::vector<std::unique_ptr<SequenceFile>>& into) {
    into.push_back(std::make_unique<SequenceFile>(path));
    total_bytes_ += into.back()->bytes();
  };
  for (const std::string& path : files.first) open(path, files_);
  for (const std::string& path : files.second) open(path, mates_);
}

FragmentReader::~FragmentReader() = default;

std::uint64_t FragmentReader::consumed_bytes() const {
  std::uint64_t bytes = 0;
  for (const auto* list : {&files_, &mates_}) {
    for (std::size_t f = 0; f < list->size(); ++f) {
      if (f < current_file_) {
        bytes += (*list)[f]->bytes();
      } else if (f == current_file_) {
        bytes += (*list)[f]->consumed_bytes();
      }
    }
  }
  return bytes;
}

bool FragmentReader::read_fragment(Fragment& fragment) {
  while (current_file_ < files_.size()) {
    SequenceFile& file = *files_[current_file_];
    if (!mates_.empty()) {
      SequenceFile& second = *mates_[current_file_];
      const bool has_first = file.read(fragment.id, fragment.mates[0], fragment.qualities[0]);
      const bool has_second = second.read(mate_name_, fragment.mates[1], fragment.qualities[1]);
      if (has_first != has_second) {
        SequenceFile& shorter = has_first ? second : file;
        const SequenceFile& longer = has_first ? file : second;
        throw InputError(shorter.path() + ": ends after record " + std::to_string(shorter.record_number()) + " while " +
                         longer.path() + " goes on (mates out of step)");
      }
      if (!has_first) {
        ++current_file_;
        continue;
      }
      fragment.id.resize(strip_mate_suffix(fragment.id).size());
      if (strip_mate_suffix(mate_name_) != fragment.id)
        second.throw_here("mate name '" + mate_name_ + "' does not match '" + fragment.id + "' in " + file.path());
      fragment.paired = true;
      return true;
    }
    if (!file.read(fragment.id, fragment.mates[0], fragment.qualities[0])) {
      ++current_file_;
      continue;
    }
    fragment.paired = interleaved_;
    if (fragment.paired) {
      if (!file.read(mate_name_, fragment.mates[1], fragment.qualities[1]))
        file.throw_here("interleaved input ends with an unpaired read '" + fragment.id + "'");
      fragment.id.resize(strip_mate_suffix(fragment.id).size());
      if (strip_mate_suffix(mate_name_) != fragment.id)
        file.throw_here("mate name '" + mate_name_ + "' does not match the previous record '" + fragment.id + "'");
    } else {
      fragment.mates[1].clear();
      fragment.qualities[1].clear();
    }
    return true;
  }
  return false;
}

bool FragmentReader::next_batch(ReadBatch& batch, std::size_t max_fragments, std::size_t max_bases) {
  if (!mates_.empty() && current_file_ < files_.size()) {
    // Inflating and parsing the two mates' files is the serial input's work,
    // and they are independent: both are parsed at once, a batch ahead, and
    // the fragments are then paired from memory. A single thread does one
    // after the other.
    int token = 0;
    hand_over(&token);
    const TakeOverAtExit joined(&token);
    const auto parse_ahead = [&](SequenceFile& file) {
      return [&token, &file, max_fragments, max_bases] {
        take_over(&token);
        const HandOverAtExit done(&token);
        file.parse_ahead(max_fragments, max_bases);
      };
    };
    tbb::parallel_invoke(parse_ahead(*files_[current_file_]), parse_ahead(*mates_[current_file_]));
  }
  batch.index = batches_;
  batch.size = 0;
  std::size_t bases = 0;
  while (batch.size < max_fragments && bases < max_bases) {
    if (batch.fragments.size() <= batch.size) batch.fragments.emplace_back();
    Fragment& fragment = batch.fragments[batch.size];
    if (!read_fragment(fragment)) break;
    bases += fragment.mates[0].size() + fragment.mates[1].size();
    ++batch.size;
  }
  fragments_read_ += batch.size;
  batch.input_bytes = consumed_bytes();
  if (batch.size == 0) return false;
  ++batches_;
  return true;
}

}  // namespace neurotax::pipeline
