#include "neurotax/db/reference_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unordered_map>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "neurotax/common/errors.hpp"
#include "neurotax/db/ncbi_taxonomy.hpp"
#include "neurotax/db/organism_names.hpp"
#include "neurotax/db/rdp_taxonomy.hpp"

// kseq.h is a macro-generated parser from HTSlib; its code is not ours to
// make -Wconversion clean.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#include <htslib/kseq.h>
KSEQ_INIT(gzFile, gzread)
#pragma GCC diagnostic pop

namespace neurotax::db {
namespace {

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
    const std::string_view name = clean_name(item.substr(2));
    if (!name.empty()) record.lineage.push_back({rank_from_letter(item[0]), std::string(name), 0});
  }
}

/// Positional ranks for lineages without prefixes, as SILVA and DADA2 write them.
constexpr Rank kPositionalRanks[] = {Rank::kDomain, Rank::kPhylum, Rank::kClass,  Rank::kOrder,
                                     Rank::kFamily, Rank::kGenus,  Rank::kSpecies};

/// Items of a lineage string, by position or by their d__/p__ prefixes.
void parse_lineage_items(std::string_view lineage, Lineage& out) {
  std::size_t position = 0;
  while (!lineage.empty()) {
    const auto semicolon = lineage.find(';');
    std::string_view item = clean_name(lineage.substr(0, semicolon));
    lineage = semicolon == std::string_view::npos ? std::string_view{} : lineage.substr(semicolon + 1);
    Rank rank = position < std::size(kPositionalRanks) ? kPositionalRanks[position] : Rank::kNoRank;
    ++position;
    if (item.size() > 3 && item[1] == '_' && item[2] == '_') {  // GTDB / QIIME prefixes: d__Bacteria
      rank = rank_from_letter(item[0]);
      item.remove_prefix(3);
    }
    if (position > std::size(kPositionalRanks) && rank == Rank::kNoRank)
      throw std::invalid_argument("lineage has more than 7 unprefixed ranks");
    if (!item.empty()) out.push_back({rank, std::string(item)});
  }
}

void parse_lineage(std::string_view header, ReferenceRecord& record, std::uint64_t record_number) {
  std::string_view lineage = header;
  const auto space = header.find_first_of(" \t");
  if (space != std::string_view::npos) {
    record.id = std::string(header.substr(0, space));
    lineage = clean_name(header.substr(space + 1));
  } else {
    record.id = "record" + std::to_string(record_number);
  }
  parse_lineage_items(lineage, record.lineage);
}

}  // namespace

ReferenceFormat parse_reference_format(const std::string& name) {
  if (name == "auto") return ReferenceFormat::kAuto;
  if (name == "sintax" || name == "vsearch" || name == "unite") return ReferenceFormat::kSintax;
  if (name == "lineage" || name == "silva" || name == "dada2" || name == "gtdb") return ReferenceFormat::kLineage;
  if (name == "qiime" || name == "greengenes2") return ReferenceFormat::kQiime;
  if (name == "rdp") return ReferenceFormat::kRdp;
  if (name == "ncbi" || name == "kraken") return ReferenceFormat::kNcbi;
  if (name == "organism") return ReferenceFormat::kOrganism;
  throw UsageError("unknown reference format '" + name + "' (expected auto, sintax, lineage, qiime, rdp, ncbi, organism)");
}

const char* format_name(ReferenceFormat format) {
  switch (format) {
    case ReferenceFormat::kAuto: return "auto";
    case ReferenceFormat::kSintax: return "sintax";
    case ReferenceFormat::kLineage: return "lineage";
    case ReferenceFormat::kQiime: return "qiime";
    case ReferenceFormat::kRdp: return "rdp";
    case ReferenceFormat::kNcbi: return "ncbi";
    case ReferenceFormat::kOrganism: return "organism";
  }
  return "auto";
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


/// One FASTA file read through kseq, plain or gzip.
class ReferenceSource::FastaFile {
 public:
  explicit FastaFile(std::string path) : path_(std::move(path)) {
    file_ = gzopen(path_.c_str(), "rb");
    if (file_ == nullptr) throw InputError(path_ + ": cannot open: " + std::strerror(errno));
    gzbuffer(file_, 1 << 20);
    seq_ = kseq_init(file_);
  }
  ~FastaFile() {
    kseq_destroy(seq_);
    gzclose(file_);
  }
  FastaFile(const FastaFile&) = delete;
  FastaFile& operator=(const FastaFile&) = delete;

  /// Reads the next record; false at the end of the file.
  bool next(std::string& id, std::string& comment, std::string& sequence) {
    const int status = kseq_read(seq_);
    if (status == -1) {
      int zerror = Z_OK;
      gzerror(file_, &zerror);
      if (zerror != Z_OK && zerror != Z_STREAM_END)
        throw InputError(path_ + ": after record " + std::to_string(record_) + ": truncated or corrupt gzip data");
      if (record_ == 0) throw InputError(path_ + ": no sequences (empty or not FASTA)");
      return false;
    }
    ++record_;
    if (status < -1) throw InputError(where() + ": truncated or malformed FASTA record");
    id.assign(seq_->name.s, seq_->name.l);
    comment.assign(seq_->comment.l > 0 ? seq_->comment.s : "", seq_->comment.l);
    sequence.assign(seq_->seq.s, seq_->seq.l);
    if (sequence.empty()) throw InputError(where() + " (" + id + "): empty sequence");
    return true;
  }
  [[nodiscard]] std::string where() const { return path_ + ": record " + std::to_string(record_); }
  [[nodiscard]] std::uint64_t record() const noexcept { return record_; }

 private:
  std::string path_;
  gzFile file_ = nullptr;
  kseq_t* seq_ = nullptr;
  std::uint64_t record_ = 0;
};

/// Header conventions and side tables of one format.
class ReferenceSource::Interpreter {
 public:
  Interpreter(ReferenceFormat format, const ReferenceInputs& inputs) : format_(format) {
    switch (format) {
      case ReferenceFormat::kQiime: load_qiime_table(inputs.taxonomy); break;
      case ReferenceFormat::kRdp: rdp_ = std::make_unique<RdpTaxonomy>(inputs.taxonomy); break;
      case ReferenceFormat::kOrganism:
        rdp_ = std::make_unique<RdpTaxonomy>(inputs.taxonomy);
        organisms_ = std::make_unique<OrganismNameResolver>(*rdp_);
        break;
      case ReferenceFormat::kNcbi:
        ncbi_ = std::make_unique<NcbiTaxonomy>(inputs.taxonomy);
        if (!inputs.seqid_map.empty()) load_seqid_map(inputs.seqid_map);
        break;
      default: break;
    }
  }

  /// Fills `record`'s id and lineage; returns a reason to drop the record, or
  /// throws std::invalid_argument for a record that is wrong.
  std::optional<std::string> interpret(const std::string& id, const std::string& comment, std::uint64_t number,
                                       ReferenceRecord& record) {
    record.id = id;
    record.lineage.clear();
    switch (format_) {
      case ReferenceFormat::kSintax:
      case ReferenceFormat::kLineage:
        parse_reference_header(comment.empty() ? id : id + " " + comment, format_, number, record);
        return std::nullopt;
      case ReferenceFormat::kQiime: {
        const auto found = qiime_lineage_.find(id);
        if (found == qiime_lineage_.end()) throw std::invalid_argument("id '" + id + "' is not in the taxonomy table");
        parse_lineage_items(found->second, record.lineage);
        break;
      }
      case ReferenceFormat::kRdp: {
        std::vector<std::string_view> names;
        std::string_view rest(comment);
        while (!rest.empty()) {
          const auto semicolon = rest.find(';');
          const std::string_view name = clean_name(rest.substr(0, semicolon));
          if (!name.empty()) names.push_back(name);
          rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
        }
        if (names.empty()) throw std::invalid_argument("no Root;... lineage after the id");
        record.lineage = rdp_->lineage_of_path(names);
        break;
      }
      case ReferenceFormat::kOrganism:
        return organisms_->resolve(comment, record.lineage);
      case ReferenceFormat::kNcbi:
        record.lineage = ncbi_->lineage_of(taxid_of(id));
        break;
      case ReferenceFormat::kAuto: break;
    }
    if (record.lineage.empty()) throw std::invalid_argument("the taxonomy is empty");
    return std::nullopt;
  }

 private:
  std::uint32_t taxid_of(const std::string& id) const {
    const auto tag = id.find("kraken:taxid|");
    if (tag != std::string::npos) {
      const char* first = id.data() + tag + 13;
      const char* last = id.data() + id.size();
      std::uint32_t taxid = 0;
      const auto result = std::from_chars(first, last, taxid);
      if (result.ec != std::errc{}) throw std::invalid_argument("bad kraken:taxid tag");
      return taxid;
    }
    const auto found = taxid_of_seqid_.find(id);
    if (found == taxid_of_seqid_.end())
      throw std::invalid_argument("no taxid: neither a kraken:taxid|N tag nor an entry in the seqid map");
    return found->second;
  }

  void load_qiime_table(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open taxonomy table");
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#' || (number == 1 && line.starts_with("Feature ID"))) continue;
      const auto tab = line.find('\t');
      if (tab == std::string::npos)
        throw InputError(path + ": line " + std::to_string(number) + ": expected id<TAB>taxonomy");
      const auto end = line.find('\t', tab + 1);
      std::string id = line.substr(0, tab);
      if (!qiime_lineage_.emplace(id, line.substr(tab + 1, end == std::string::npos ? std::string::npos : end - tab - 1)).second)
        throw InputError(path + ": line " + std::to_string(number) + ": duplicate id '" + id + "'");
    }
  }

  void load_seqid_map(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open seqid map");
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (line.empty()) continue;
      const auto tab = line.find('\t');
      std::uint32_t taxid = 0;
      if (tab == std::string::npos ||
          std::from_chars(line.data() + tab + 1, line.data() + line.size(), taxid).ec != std::errc{})
        throw InputError(path + ": line " + std::to_string(number) + ": expected seqid<TAB>taxid");
      taxid_of_seqid_[line.substr(0, tab)] = taxid;
    }
  }

  ReferenceFormat format_;
  std::unique_ptr<RdpTaxonomy> rdp_;
  std::unique_ptr<OrganismNameResolver> organisms_;
  std::unique_ptr<NcbiTaxonomy> ncbi_;
  std::unordered_map<std::string, std::uint32_t> taxid_of_seqid_;
  std::unordered_map<std::string, std::string> qiime_lineage_;
};

namespace {

/// Which format `inputs` are in, when not given: the side file decides, then the first header.
ReferenceFormat detect_format(const ReferenceInputs& inputs, const std::string& first_id, const std::string& first_comment) {
  if (!inputs.taxonomy.empty()) {
    if (std::filesystem::is_directory(inputs.taxonomy)) return ReferenceFormat::kNcbi;
    std::ifstream in(inputs.taxonomy);
    std::string line;
    std::getline(in, line);
    if (std::count(line.begin(), line.end(), '*') == 4)
      return first_comment.starts_with("Root;") ? ReferenceFormat::kRdp : ReferenceFormat::kOrganism;
    return ReferenceFormat::kQiime;
  }
  const std::string header = first_id + " " + first_comment;
  if (header.find(";tax=") != std::string::npos) return ReferenceFormat::kSintax;
  if (header.find("kraken:taxid|") != std::string::npos)
    throw UsageError("kraken:taxid headers need --taxonomy with an NCBI taxdump folder (nodes.dmp, names.dmp)");
  return ReferenceFormat::kLineage;
}

bool needs_taxonomy(ReferenceFormat format) {
  return format == ReferenceFormat::kQiime || format == ReferenceFormat::kRdp || format == ReferenceFormat::kNcbi ||
         format == ReferenceFormat::kOrganism;
}

}  // namespace

ReferenceSource::ReferenceSource(const ReferenceInputs& inputs) : inputs_(inputs), format_(inputs.format) {
  if (inputs_.fasta.empty()) throw UsageError("no reference files given");
  if (needs_taxonomy(format_) && inputs_.taxonomy.empty())
    throw UsageError(std::string("format ") + format_name(format_) + " needs --taxonomy");
  if (!needs_taxonomy(format_) && format_ != ReferenceFormat::kAuto && !inputs_.taxonomy.empty())
    throw UsageError(std::string("format ") + format_name(format_) + " takes no --taxonomy");
}

ReferenceSource::~ReferenceSource() = default;

std::string ReferenceSource::where() const { return file_ ? file_->where() : std::string("(no file open)"); }

bool ReferenceSource::next(ReferenceRecord& record) {
  std::string id, comment;
  while (true) {
    if (!file_) {
      if (file_index_ == inputs_.fasta.size()) return false;
      file_ = std::make_unique<FastaFile>(inputs_.fasta[file_index_++]);
    }
    if (!file_->next(id, comment, record.sequence)) {
      file_.reset();
      continue;
    }
    if (!interpreter_) {
      if (format_ == ReferenceFormat::kAuto) format_ = detect_format(inputs_, id, comment);
      interpreter_ = std::make_unique<Interpreter>(format_, inputs_);
    }
    try {
      const auto reason = interpreter_->interpret(id, comment, file_->record(), record);
      if (reason) {
        ++dropped_[*reason];
        continue;
      }
    } catch (const std::invalid_argument& error) {
      const std::string header = (id + " " + comment).substr(0, 60);
      throw InputError(file_->where() + " ('" + header + "'): " + error.what());
    }
    return true;
  }
}

}  // namespace neurotax::db
