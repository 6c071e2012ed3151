#include "neurotax/pipeline/read_source.hpp"

#include <htslib/bgzf.h>
#include <htslib/hfile.h>
#include <htslib/hts.h>
#include <htslib/sam.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "neurotax/common/errors.hpp"
#include "neurotax/kernels/nucleotide.hpp"

namespace neurotax::pipeline {

std::string strip_mate_suffix(std::string name) {
  const std::size_t n = name.size();
  if (n >= 2 && std::isdigit(static_cast<unsigned char>(name[n - 1])) &&
      (name[n - 2] == '/' || name[n - 2] == '.' || name[n - 2] == '_'))
    name.resize(n - 2);
  return name;
}

namespace {

/// HTSlib packs two 4-bit bases per byte: every byte's two letters.
const std::array<std::array<char, 2>, 256> kBasePairs = [] {
  std::array<std::array<char, 2>, 256> pairs{};
  for (std::size_t byte = 0; byte < 256; ++byte) pairs[byte] = {seq_nt16_str[byte >> 4], seq_nt16_str[byte & 15]};
  return pairs;
}();

}  // namespace

/// One sequence file opened through HTSlib.
class FragmentReader::SequenceFile {
 public:
  explicit SequenceFile(std::string path) : path_(std::move(path)) {
    // An empty file is an empty sample (a barcode with no reads), not an
    // error, though HTSlib cannot tell its format.
    std::error_code error;
    if (std::filesystem::is_regular_file(path_, error)) {
      const auto size = std::filesystem::file_size(path_, error);
      bytes_ = error ? 0 : size;
      if (!error && size == 0) {
        empty_ = true;
        return;
      }
    }
    errno = 0;
    file_ = hts_open(path_.c_str(), "r");
    if (file_ == nullptr) {
      const std::string reason = errno != 0 ? std::strerror(errno) : "unrecognised format";
      throw InputError(path_ + ": cannot open: " + reason);
    }
    // A constructor that throws runs no destructor: release what is open first.
    const auto give_up = [this](const std::string& what) {
      if (header_ != nullptr) sam_hdr_destroy(header_);
      hts_close(file_);
      header_ = nullptr;
      file_ = nullptr;
      throw_here(what);
    };
    const htsFormat* format = hts_get_format(file_);
    if (format->category != sequence_data && format->format != fasta_format && format->format != fastq_format &&
        format->format != sam && format->format != bam && format->format != cram)
      give_up("not a FASTQ, FASTA, SAM, BAM or CRAM file");
    header_ = sam_hdr_read(file_);
    if (header_ == nullptr) give_up("cannot read the header");
    record_ = bam_init1();
  }
  ~SequenceFile() {
    if (record_ != nullptr) bam_destroy1(record_);
    if (header_ != nullptr) sam_hdr_destroy(header_);
    if (file_ != nullptr) hts_close(file_);
  }
  SequenceFile(const SequenceFile&) = delete;
  SequenceFile& operator=(const SequenceFile&) = delete;

  /// Reads the next primary record into name and sequence; false at the end.
  bool read(std::string& name, std::string& sequence, std::string& quality) {
    if (empty_) return false;
    while (true) {
      const int status = sam_read1(file_, header_, record_);
      if (status == -1) return false;
      ++record_number_;
      if (status < -1) throw_here("malformed or truncated record");
      // Aligned input may hold secondary/supplementary copies of a read.
      if ((record_->core.flag & (BAM_FSECONDARY | BAM_FSUPPLEMENTARY)) != 0) continue;
      name.assign(bam_get_qname(record_));
      const std::uint8_t* packed = bam_get_seq(record_);
      const auto length = static_cast<std::size_t>(record_->core.l_qseq);
      if (length > kMaxReadBases)
        throw_here("read of " + std::to_string(length) + " bases is longer than the limit of " +
                   std::to_string(kMaxReadBases) + " bases per read");
      sequence.resize(length);
      // Two bases per packed byte, looked up as a pair.
      for (std::size_t i = 0; i + 1 < length; i += 2) std::memcpy(&sequence[i], kBasePairs[packed[i / 2]].data(), 2);
      if (length % 2 != 0) sequence[length - 1] = kBasePairs[packed[length / 2]][0];
      // Qualities are kept for the classified/unclassified read files; FASTA
      // and quality-less records have none (0xff).
      const std::uint8_t* qualities = bam_get_qual(record_);
      quality.clear();
      if (length > 0 && qualities[0] != 0xff) {
        quality.resize(length);
        for (std::size_t i = 0; i < length; ++i) quality[i] = static_cast<char>(qualities[i] + 33);
      }
      if ((record_->core.flag & BAM_FREVERSE) != 0) {
        kernels::reverse_complement(sequence);
        std::reverse(quality.begin(), quality.end());
      }
      return true;
    }
  }

  [[nodiscard]] std::uint64_t consumed_bytes() const {
    if (empty_) return 0;
    if (file_->is_bgzf) return static_cast<std::uint64_t>(htell(file_->fp.bgzf->fp));
    if (file_->is_cram) return 0;
    return static_cast<std::uint64_t>(htell(file_->fp.hfile));
  }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// Size when opened (0 for a pipe or FIFO), for progress.
  [[nodiscard]] std::uint64_t bytes() const noexcept { return bytes_; }
  [[nodiscard]] std::uint64_t record_number() const noexcept { return record_number_; }
  [[noreturn]] void throw_here(const std::string& what) const {
    throw InputError(path_ + ": record " + std::to_string(record_number_ == 0 ? 1 : record_number_) + ": " + what);
  }

 private:
  std::string path_;
  htsFile* file_ = nullptr;
  sam_hdr_t* header_ = nullptr;
  bam1_t* record_ = nullptr;
  std::uint64_t record_number_ = 0;
  std::uint64_t bytes_ = 0;
  bool empty_ = false;
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
      std::string mate_name;
      const bool has_second = second.read(mate_name, fragment.mates[1], fragment.qualities[1]);
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
      fragment.id = strip_mate_suffix(std::move(fragment.id));
      if (strip_mate_suffix(mate_name) != fragment.id)
        second.throw_here("mate name '" + mate_name + "' does not match '" + fragment.id + "' in " + file.path());
      fragment.paired = true;
      return true;
    }
    if (!file.read(fragment.id, fragment.mates[0], fragment.qualities[0])) {
      ++current_file_;
      continue;
    }
    fragment.paired = interleaved_;
    if (fragment.paired) {
      std::string mate_name;
      if (!file.read(mate_name, fragment.mates[1], fragment.qualities[1]))
        file.throw_here("interleaved input ends with an unpaired read '" + fragment.id + "'");
      fragment.id = strip_mate_suffix(std::move(fragment.id));
      if (strip_mate_suffix(mate_name) != fragment.id)
        file.throw_here("mate name '" + mate_name + "' does not match the previous record '" + fragment.id + "'");
    } else {
      fragment.mates[1].clear();
      fragment.qualities[1].clear();
    }
    return true;
  }
  return false;
}

bool FragmentReader::next_batch(ReadBatch& batch, std::size_t max_fragments, std::size_t max_bases) {
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
