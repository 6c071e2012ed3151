#pragma once
#include <string>
#include <vector>

#include "neurotax/pipeline/report_data.hpp"

namespace neurotax::pipeline {

/// Samples x taxa fractions at one rank, summed up from the samples' profiles.
struct RankTable {
  char rank = 'g';                 ///< lineage letter: p c o f g s
  std::vector<std::string> taxa;   ///< by descending mean read fraction over the profiled samples
  std::vector<std::string> samples;
  std::vector<bool> profiled;      ///< per sample: it has a profile with reads
  std::vector<std::string> why_empty;  ///< per sample without one: failed, no classified reads, no profile
  std::vector<std::vector<double>> read_fractions;  ///< [sample][taxon]
  std::vector<std::vector<double>> cell_fractions;  ///< [sample][taxon]
};

/// Parses phylum/class/order/family/genus/species or P/C/O/F/G/S into a lineage letter;
/// throws UsageError for anything else.
[[nodiscard]] char parse_rank(const std::string& text);
[[nodiscard]] const char* rank_title(char rank);

/// Sums every sample's profile rows into their ancestor at `rank` (a row without
/// that rank goes to "unassigned RANK"). Throws UsageError when a profile was
/// estimated above `rank` (species asked of a genus-level profile).
[[nodiscard]] RankTable rank_table(const ReportData& data, char rank);

/// A profiled sample's most abundant taxon at the table's rank and its read fraction.
struct TopTaxon {
  const std::string& name;
  double read_fraction;
};
[[nodiscard]] TopTaxon top_taxon(const RankTable& table, std::size_t sample);

/// Bray-Curtis dissimilarity of two fraction vectors that each sum to one.
[[nodiscard]] double bray_curtis(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace neurotax::pipeline
