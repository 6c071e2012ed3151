#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "neurotax/db/database.hpp"
#include "neurotax/kernels/taxonomy_view.hpp"
#include "neurotax/pipeline/taxon_counts.hpp"

namespace neurotax::pipeline {

/// One taxon of a sample's profile, independent of the database it came from,
/// so that annotation works both in memory after classification and on a
/// kreport written by neurotax or by Kraken 2.
struct ProfileEntry {
  std::uint32_t taxid = 0;
  kernels::Rank rank = kernels::Rank::kNoRank;
  std::string name;
  std::uint64_t clade_reads = 0;
  std::uint64_t direct_reads = 0;
  std::string parent_genus;  ///< for species: the genus above it, if any
};

struct TaxonProfile {
  std::string sample;
  std::uint64_t total_reads = 0;  ///< classified and unclassified
  std::uint64_t unclassified_reads = 0;
  std::vector<ProfileEntry> entries;  ///< taxa with at least one read, in kreport order
};

[[nodiscard]] TaxonProfile profile_from_counts(const TaxonCounts& counts, const db::Database& database,
                                               std::string sample);

/// Parses a kreport (6 or 8 columns); throws InputError naming file and line.
[[nodiscard]] TaxonProfile read_kraken_report(const std::string& path, std::string sample);

}  // namespace neurotax::pipeline
