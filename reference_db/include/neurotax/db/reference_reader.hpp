#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "neurotax/db/taxonomy.hpp"

namespace neurotax::db {

/// Conventions of labelled 16S references.
enum class ReferenceFormat {
  kAuto,     ///< decided from --taxonomy and the first header
  kSintax,   ///< `>id;tax=d:Bacteria,p:Firmicutes,...,g:Bacillus;` (SINTAX, vsearch, UNITE)
  kLineage,  ///< `>id Bacteria;Firmicutes;...;Bacillus`, a bare lineage, or d__/p__ prefixes (SILVA, DADA2, GTDB)
  kQiime,    ///< FASTA plus a taxonomy TSV `id<TAB>d__Bacteria; p__...` (QIIME 2, Greengenes2)
  kRdp,      ///< RDP training set: `>id<TAB>Root;Bacteria;...` plus its taxid*name*parent*depth*rank file
  kNcbi,     ///< NCBI taxdump folder plus `kraken:taxid|N` in headers or a seqid-to-taxid map (Kraken 2)
  kOrganism, ///< organism names in deflines (GenBank, BLAST databases) plus an RDP taxonomy file
};

[[nodiscard]] ReferenceFormat parse_reference_format(const std::string& name);
[[nodiscard]] const char* format_name(ReferenceFormat format);

/// Everything an importer may need besides the FASTA files.
struct ReferenceInputs {
  std::vector<std::string> fasta;
  ReferenceFormat format = ReferenceFormat::kAuto;
  std::string taxonomy;   ///< QIIME TSV, RDP taxid file, or NCBI taxdump folder
  std::string seqid_map;  ///< NCBI: `seqid<TAB>taxid` lines (Kraken 2's seqid2taxid.map)

  /// FASTA files whose headers carry the taxonomy themselves.
  [[nodiscard]] static ReferenceInputs from_fasta(std::vector<std::string> files) {
    ReferenceInputs inputs;
    inputs.fasta = std::move(files);
    return inputs;
  }
};

struct ReferenceRecord {
  std::string id;
  Lineage lineage;
  std::string sequence;
};

/// Parses a SINTAX or lineage-style header into id and lineage; throws
/// std::invalid_argument with the reason when it carries no usable taxonomy.
void parse_reference_header(const std::string& header, ReferenceFormat format, std::uint64_t record_number,
                            ReferenceRecord& record);

/// Streams labelled references from FASTA files (plain or gzip) in any of the
/// formats above. Errors throw InputError naming the file and the record;
/// records an importer deliberately drops (organism names it cannot place) are
/// counted per reason instead.
class ReferenceSource {
 public:
  explicit ReferenceSource(const ReferenceInputs& inputs);
  ~ReferenceSource();
  ReferenceSource(const ReferenceSource&) = delete;
  ReferenceSource& operator=(const ReferenceSource&) = delete;

  /// The next usable record; false when every file is read.
  bool next(ReferenceRecord& record);

  [[nodiscard]] ReferenceFormat format() const noexcept { return format_; }
  /// "file: record N" of the record last returned.
  [[nodiscard]] std::string where() const;
  /// Dropped records per reason.
  [[nodiscard]] const std::map<std::string, std::uint64_t>& dropped() const noexcept { return dropped_; }

 private:
  class FastaFile;
  class Interpreter;
  bool interpret(const std::string& id, const std::string& comment, ReferenceRecord& record);

  ReferenceInputs inputs_;
  ReferenceFormat format_;
  std::size_t file_index_ = 0;
  std::unique_ptr<FastaFile> file_;
  std::unique_ptr<Interpreter> interpreter_;
  std::map<std::string, std::uint64_t> dropped_;
};

}  // namespace neurotax::db
