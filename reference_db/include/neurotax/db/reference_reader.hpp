#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "neurotax/db/taxonomy.hpp"

namespace neurotax::db {

/// Header conventions of labelled 16S references.
enum class ReferenceFormat {
  kAuto,     ///< decided from the first record
  kSintax,   ///< `>id;tax=d:Bacteria,p:Firmicutes,...,g:Bacillus;` (SINTAX, vsearch, UNITE)
  kLineage,  ///< `>id Bacteria;Firmicutes;...;Bacillus` or a bare lineage (SILVA, DADA2, GTDB)
};

[[nodiscard]] ReferenceFormat parse_reference_format(const std::string& name);

struct ReferenceRecord {
  std::string id;
  Lineage lineage;
  std::string sequence;
};

/// Parses one FASTA header into id and lineage; throws std::invalid_argument
/// with the reason when it carries no usable taxonomy.
void parse_reference_header(const std::string& header, ReferenceFormat format, std::uint64_t record_number,
                            ReferenceRecord& record);

/// Streams labelled references from a FASTA file, plain or gzip-compressed.
/// Errors throw InputError naming the file and the record number.
class ReferenceReader {
 public:
  ReferenceReader(const std::string& path, ReferenceFormat format);
  ~ReferenceReader();
  ReferenceReader(const ReferenceReader&) = delete;
  ReferenceReader& operator=(const ReferenceReader&) = delete;

  /// Reads the next record; false at the end of the file.
  bool next(ReferenceRecord& record);
  [[nodiscard]] ReferenceFormat format() const noexcept { return format_; }

 private:
  struct Stream;
  std::string path_;
  ReferenceFormat format_;
  std::unique_ptr<Stream> stream_;
  std::uint64_t record_number_ = 0;
};

}  // namespace neurotax::db
