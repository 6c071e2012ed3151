#include "hts_records.hpp"

#include <htslib/bgzf.h>
#include <htslib/hfile.h>
#include <htslib/hts.h>
#include <htslib/sam.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <new>

#include "neurotax/kernels/nucleotide.hpp"
#include "neurotax/pipeline/read_source.hpp"

namespace neurotax::pipeline {

namespace {

/// HTSlib packs two 4-bit bases per byte: every byte's two letters.
const std::array<std::array<char, 2>, 256> kBasePairs = [] {
  std::array<std::array<char, 2>, 256> pairs{};
  for (std::size_t byte = 0; byte < 256; ++byte) pairs[byte] = {seq_nt16_str[byte >> 4], seq_nt16_str[byte & 15]};
  return pairs;
}();

}  // namespace

HtsRecords::HtsRecords(HFilePtr file, const std::string& path) {
  file_ = hts_hopen(file.get(), path.c_str(), "r");
  if (file_ == nullptr) throw RecordError("not a FASTQ, FASTA, SAM, BAM or CRAM file");
  (void)file.release();  // closed with file_ from here on
  // A constructor that throws runs no destructor: release what is open first.
  const auto give_up = [this](const std::string& what) {
    if (header_ != nullptr) sam_hdr_destroy(header_);
    hts_close(file_);
    throw RecordError(what);
  };
  const htsFormat* format = hts_get_format(file_);
  if (format->category != sequence_data && format->format != fasta_format && format->format != fastq_format &&
      format->format != sam && format->format != bam && format->format != cram)
    give_up("not a FASTQ, FASTA, SAM, BAM or CRAM file");
  header_ = sam_hdr_read(file_);
  if (header_ == nullptr) give_up("cannot read the header");
  record_ = bam_init1();
  if (record_ == nullptr) {
    sam_hdr_destroy(header_);
    hts_close(file_);
    throw std::bad_alloc();
  }
}

HtsRecords::~HtsRecords() {
  bam_destroy1(record_);
  sam_hdr_destroy(header_);
  hts_close(file_);
}

std::uint64_t HtsRecords::consumed_bytes() const {
  if (file_->is_bgzf) return static_cast<std::uint64_t>(htell(file_->fp.bgzf->fp));
  if (file_->is_cram) return 0;
  return static_cast<std::uint64_t>(htell(file_->fp.hfile));
}

bool HtsRecords::read(std::string& name, std::string& sequence, std::string& quality) {
  while (true) {
    ++records_;
    const int status = sam_read1(file_, header_, record_);
    if (status == -1) {
      --records_;
      return false;
    }
    if (status < -1) throw RecordError("malformed or truncated record");
    // Aligned input may hold secondary/supplementary copies of a read.
    if ((record_->core.flag & (BAM_FSECONDARY | BAM_FSUPPLEMENTARY)) != 0) continue;
    name.assign(bam_get_qname(record_));
    const std::uint8_t* packed = bam_get_seq(record_);
    const auto length = static_cast<std::size_t>(record_->core.l_qseq);
    if (length > kMaxReadBases)
      throw RecordError("read of " + std::to_string(length) + " bases is longer than the limit of " +
                        std::to_string(kMaxReadBases) + " bases per read");
    sequence.resize(length);
    // Two bases per packed byte, looked up as a pair.
    for (std::size_t i = 0; i + 1 < length; i += 2) std::memcpy(&sequence[i], kBasePairs[packed[i / 2]].data(), 2);
    if (length % 2 != 0) sequence[length - 1] = kBasePairs[packed[length / 2]][0];
    // FASTA and quality-less records have no qualities (0xff).
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

}  // namespace neurotax::pipeline
