#include "neurotax/db/reference_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "neurotax/common/errors.hpp"

// kseq.h is a macro-generated parser from HTSlib; its code is not ours to
// make -Wconversion clean.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#include <htslib/kseq.h>
KSEQ_INIT(gzFile, gzread)
#pragma GCC diagnostic pop

namespace neurotax::db {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\"'");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\"'");
  return text.substr(first, last - first + 1);
}

Rank rank_from_letter(char letter) {
  switch (letter) {
    case 'd': return Rank::kDomain;
    case 'k': return Rank::kKingdom;
    case 'p': return Rank::kPhylum;
    case 'c': return Rank::kClass;
    case 'o': return Rank::kOrder;
    case 'f': return Rank::kFamily;
    case 'g': return Rank::kGenus;
    case 's': return Rank::kSpecies;
    default: throw std::invalid_argument(std::string("unknown rank prefix '") + letter + ":'");
  }
}

void parse_sintax(std::string_view header, ReferenceRecord& record) {
  const auto tax = header.find(";tax=");
  record.id = std::string(header.substr(0, tax));
  std::string_view rest = header.substr(tax + 5);
  while (!rest.empty() && rest.back() == ';') rest.remove_suffix(1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.size() < 2 || item[1] != ':') throw std::invalid_argument("malformed taxonomy item '" + std::string(item) + "'");
    const std::string_view name = trim(item.substr(2));
    if (!name.empty()) record.lineage.push_back({rank_from_letter(item[0]), std::string(name)});
  }
}

/// Positional ranks for lineages without prefixes, as SILVA and DADA2 write them.
constexpr Rank kPositionalRanks[] = {Rank::kDomain, Rank::kPhylum, Rank::kClass,  Rank::kOrder,
                                     Rank::kFamily, Rank::kGenus,  Rank::kSpecies};

void parse_lineage(std::string_view header, ReferenceRecord& record, std::uint64_t record_number) {
  std::string_view lineage = header;
  const auto space = header.find_first_of(" \t");
  if (space != std::string_view::npos) {
    record.id = std::string(header.substr(0, space));
    lineage = trim(header.substr(space + 1));
  } else {
    record.id = "record" + std::to_string(record_number);
  }
  std::size_t position = 0;
  while (!lineage.empty()) {
    const auto semicolon = lineage.find(';');
    std::string_view item = trim(lineage.substr(0, semicolon));
    lineage = semicolon == std::string_view::npos ? std::string_view{} : lineage.substr(semicolon + 1);
    Rank rank = position < std::size(kPositionalRanks) ? kPositionalRanks[position] : Rank::kNoRank;
    ++position;
    if (item.size() > 3 && item[1] == '_' && item[2] == '_') {  // GTDB / QIIME prefixes: d__Bacteria
      rank = rank_from_letter(item[0]);
      item.remove_prefix(3);
    }
    if (position > std::size(kPositionalRanks) && rank == Rank::kNoRank)
      throw std::invalid_argument("lineage has more than 7 unprefixed ranks");
    if (!item.empty()) record.lineage.push_back({rank, std::string(item)});
  }
}

}  // namespace

ReferenceFormat parse_reference_format(const std::string& name) {
  if (name == "auto") return ReferenceFormat::kAuto;
  if (name == "sintax") return ReferenceFormat::kSintax;
  if (name == "lineage" || name == "silva" || name == "dada2") return ReferenceFormat::kLineage;
  throw UsageError("unknown reference format '" + name + "' (expected auto, sintax, lineage)");
}

void parse_reference_header(const std::string& header, ReferenceFormat format, std::uint64_t record_number,
                            ReferenceRecord& record) {
  record.id.clear();
  record.lineage.clear();
  if (format == ReferenceFormat::kSintax) {
    if (header.find(";tax=") == std::string::npos) throw std::invalid_argument("no ';tax=' taxonomy in the header");
    parse_sintax(header, record);
  } else {
    if (header.find(';') == std::string::npos && header.find("__") == std::string::npos)
      throw std::invalid_argument("no lineage in the header");
    parse_lineage(header, record, record_number);
  }
  if (record.lineage.empty()) throw std::invalid_argument("the taxonomy in the header is empty");
}

struct ReferenceReader::Stream {
  gzFile file = nullptr;
  kseq_t* seq = nullptr;
  ~Stream() {
    if (seq != nullptr) kseq_destroy(seq);
    if (file != nullptr) gzclose(file);
  }
};

ReferenceReader::ReferenceReader(const std::string& path, ReferenceFormat format)
    : path_(path), format_(format), stream_(std::make_unique<Stream>()) {
  stream_->file = gzopen(path.c_str(), "rb");
  if (stream_->file == nullptr) throw InputError(path + ": cannot open: " + std::strerror(errno));
  gzbuffer(stream_->file, 1 << 20);
  stream_->seq = kseq_init(stream_->file);
}

ReferenceReader::~ReferenceReader() = default;

bool ReferenceReader::next(ReferenceRecord& record) {
  const int status = kseq_read(stream_->seq);
  if (status == -1) {
    int zerror = Z_OK;
    gzerror(stream_->file, &zerror);
    if (zerror != Z_OK && zerror != Z_STREAM_END)
      throw InputError(path_ + ": after record " + std::to_string(record_number_) + ": truncated or corrupt gzip data");
    if (record_number_ == 0) throw InputError(path_ + ": no sequences (empty or not FASTA)");
    return false;
  }
  ++record_number_;
  const std::string where = path_ + ": record " + std::to_string(record_number_);
  if (status < -1) throw InputError(where + ": truncated or malformed FASTA record");
  if (stream_->seq->qual.l > 0 && stream_->seq->qual.l != stream_->seq->seq.l)
    throw InputError(where + ": sequence and quality lengths differ");

  std::string header(stream_->seq->name.s, stream_->seq->name.l);
  if (stream_->seq->comment.l > 0) header.append(" ").append(stream_->seq->comment.s, stream_->seq->comment.l);
  if (format_ == ReferenceFormat::kAuto)
    format_ = header.find(";tax=") != std::string::npos ? ReferenceFormat::kSintax : ReferenceFormat::kLineage;
  try {
    parse_reference_header(header, format_, record_number_, record);
  } catch (const std::invalid_argument& error) {
    throw InputError(where + " ('" + header.substr(0, 60) + "'): " + error.what());
  }
  record.sequence.assign(stream_->seq->seq.s, stream_->seq->seq.l);
  if (record.sequence.empty()) throw InputError(where + " (" + record.id + "): empty sequence");
  return true;
}

}  // namespace neurotax::db
