#pragma once
#include <string>

#include "record_reader.hpp"

struct htsFile;
struct sam_hdr_t;
struct bam1_t;

namespace neurotax::pipeline {

/// Records read by HTSlib itself: FASTA, SAM, BAM and CRAM (unaligned or
/// aligned; secondary and supplementary copies skipped, reverse-strand reads
/// turned back to their sequenced orientation).
class HtsRecords final : public RecordReader {
 public:
  /// Throws RecordError when `file` is not in a sequence format.
  HtsRecords(HFilePtr file, const std::string& path);
  ~HtsRecords() override;
  HtsRecords(const HtsRecords&) = delete;
  HtsRecords& operator=(const HtsRecords&) = delete;

  bool read(std::string& name, std::string& sequence, std::string& quality) override;
  [[nodiscard]] std::uint64_t records() const noexcept override { return records_; }
  [[nodiscard]] std::uint64_t consumed_bytes() const override;

 private:
  htsFile* file_ = nullptr;
  sam_hdr_t* header_ = nullptr;
  bam1_t* record_ = nullptr;
  std::uint64_t records_ = 0;
};

}  // namespace neurotax::pipeline
