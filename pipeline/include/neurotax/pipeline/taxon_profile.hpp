#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "neurotax/db/database.hpp"
#include "neurotax/kernels/taxonomy_view.hpp"
#include "neurotax/pipeline/abundance.hpp"
#include "neurotax/pipeline/taxon_counts.hpp"

namespace neurotax::pipeline {

/// One taxon of a sample's profile, independent of the database it came from,
/// so that annotation works in memory after classification, on neurotax's
/// abundance tables and on kreports written by neurotax or Kraken 2.
struct ProfileEntry {
  std::uint32_t taxid = 0;
  kernels::Rank rank = kernels::Rank::kNoRank;
  std::string name;
  std::vector<std::string> ancestors;    ///< names from the domain down, the taxon excluded
  std::uint64_t reads = 0;               ///< the taxon's reads (clade, or re-estimated at its level)
  std::uint64_t called_here = 0;         ///< reads the classifier stopped at this taxon (above genus: possible)
  double read_fraction = 0;
  std::optional<double> cell_fraction;   ///< when copy numbers were applied
};

struct TaxonProfile {
  std::string sample;
  std::string fraction_basis;         ///< what read_fraction is a fraction of
  std::vector<ProfileEntry> entries;  ///< taxa with reads
};

/// The classifier's calls, before re-estimation: clade reads over all reads.
[[nodiscard]] TaxonProfile profile_from_counts(const TaxonCounts& counts, const db::Database& database,
                                               std::string sample);
/// A re-estimated profile: taxa at its level with read and cell fractions,
/// plus the taxa reads stayed unresolved at.
[[nodiscard]] TaxonProfile profile_from_abundance(const SampleAbundance& abundance);

/// Parses a kreport (6 or 8 columns); throws InputError naming file and line.
[[nodiscard]] TaxonProfile read_kraken_report(const std::string& path, std::string sample);

}  // namespace neurotax::pipeline
