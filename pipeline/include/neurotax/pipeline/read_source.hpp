#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace neurotax::pipeline {

/// The longest read accepted. Classification keeps a taxon per k-mer of a read
/// and the per-read output lists them, so a read's memory grows with its
/// length: 10 Mb bounds that working set (about 0.2 GB) while passing any real
/// long read; a longer record is an error naming it.
inline constexpr std::size_t kMaxReadBases = 10'000'000;

/// One read or read pair: paired mates are classified as one fragment.
struct Fragment {
  std::string id;  ///< the first mate's name up to the first whitespace, mate suffix removed
  std::string mates[2];
  std::string qualities[2];  ///< Phred+33; empty for FASTA input
  bool paired = false;
};

struct ReadBatch {
  std::uint64_t index = 0;           ///< batch serial number, for ordered output
  std::vector<Fragment> fragments;   ///< reused between batches to keep allocations down
  std::size_t size = 0;              ///< fragments in use
  std::uint64_t input_bytes = 0;     ///< compressed input consumed when the batch was cut
};

enum class PairingMode { kSingle, kPaired, kInterleaved };

/// The files of one sample: lanes are read one after another; paired mates
/// come from `first` and `second` lane by lane, or alternate within `first`.
struct ReadFiles {
  std::vector<std::string> first;   ///< single-end reads or first mates
  std::vector<std::string> second;  ///< second mates, one file per file of `first`; empty if none
  bool interleaved = false;

  /// Files as given on a command line: two paired files, or any number of others.
  [[nodiscard]] static ReadFiles from(const std::vector<std::string>& paths, PairingMode mode);
  [[nodiscard]] bool paired() const noexcept { return interleaved || !second.empty(); }
  [[nodiscard]] std::vector<std::string> all() const;
};

/// Reads fragments through HTSlib, so FASTQ and FASTA (plain, gzip, bgzip) and
/// unaligned SAM/BAM/CRAM all work. Paired mates come from two files, or from
/// consecutive records with `kInterleaved`. Any problem throws InputError naming
/// the file and the record number.
class FragmentReader {
 public:
  explicit FragmentReader(const ReadFiles& files);
  FragmentReader(const std::vector<std::string>& paths, PairingMode mode);
  ~FragmentReader();
  FragmentReader(const FragmentReader&) = delete;
  FragmentReader& operator=(const FragmentReader&) = delete;

  /// Fills `batch` with up to `max_fragments` fragments or about `max_bases`
  /// bases; false when the input is exhausted and nothing was read.
  bool next_batch(ReadBatch& batch, std::size_t max_fragments, std::size_t max_bases);

  [[nodiscard]] std::uint64_t total_input_bytes() const noexcept { return total_bytes_; }
  [[nodiscard]] std::uint64_t fragments_read() const noexcept { return fragments_read_; }

 private:
  class SequenceFile;
  bool read_fragment(Fragment& fragment);
  [[nodiscard]] std::uint64_t consumed_bytes() const;

  bool interleaved_ = false;
  std::vector<std::unique_ptr<SequenceFile>> files_;  // single-end reads or first mates
  std::vector<std::unique_ptr<SequenceFile>> mates_;  // second mates, one per file of files_
  std::size_t current_file_ = 0;                      // lanes are read one after another
  std::uint64_t total_bytes_ = 0;
  std::uint64_t fragments_read_ = 0;
  std::uint64_t batches_ = 0;
  std::string mate_name_;  // the second mate's name, reused: names outgrow the small-string buffer
};

/// Removes a trailing mate marker ("/1", ".2", "_1") as Kraken 2 does for pairs.
[[nodiscard]] std::string_view strip_mate_suffix(std::string_view name);

}  // namespace neurotax::pipeline
