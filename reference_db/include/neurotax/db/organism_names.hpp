#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "neurotax/db/rdp_taxonomy.hpp"

namespace neurotax::db {

/// Labels 16S sequences whose deflines carry organism names, not lineages
/// (NCBI's Combined16SrRNA and SILVA SSURef as BLAST databases:
/// `gb|DQ801117| Lactobacillus reuteri strain X 16S ribosomal RNA gene, partial`),
/// by finding the genus in the RDP taxonomy. The rules, each with the reason
/// it reports when it drops a record, are listed in reference_db/README.md.
class OrganismNameResolver {
 public:
  explicit OrganismNameResolver(const RdpTaxonomy& taxonomy);

  /// Fills `lineage` (genus, and species for a binomial) from a defline's
  /// description; returns the reason when the record is to be dropped.
  [[nodiscard]] std::optional<std::string> resolve(std::string_view description, Lineage& lineage) const;

 private:
  const RdpTaxonomy& taxonomy_;
  std::map<std::string, std::string, std::less<>> rdp_genus_of_;  // GenBank genus -> RDP genus
};

}  // namespace neurotax::db
