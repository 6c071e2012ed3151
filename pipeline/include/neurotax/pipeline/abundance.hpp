#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neurotax/db/database.hpp"
#include "neurotax/pipeline/diversity.hpp"
#include "neurotax/pipeline/reestimation.hpp"
#include "neurotax/pipeline/taxon_counts.hpp"

namespace neurotax::pipeline {

struct AbundanceOptions {
  EstimationLevel level = EstimationLevel::kGenus;
  std::optional<std::uint64_t> rarefy_depth;  ///< for alpha diversity only
  std::uint64_t seed = 1;
  std::uint64_t min_reads = 0;                ///< taxa with fewer estimated reads are left out
};

/// One taxon at the estimation level.
struct AbundanceRow {
  std::uint32_t taxid = 0;
  std::string name;
  std::vector<std::pair<char, std::string>> lineage;  ///< (rank letter, name) from the domain down
  std::uint64_t assigned = 0;   ///< reads the classifier put at or below the taxon
  std::uint64_t added = 0;      ///< reads re-estimated down from above the level
  std::uint64_t estimated = 0;  ///< assigned + added
  double read_fraction = 0;     ///< of all estimated reads at the level
  double copy_number = 0;       ///< 16S copies per genome used for the cell fraction
  bool copy_number_inferred = false;  ///< true when taken from the nearest ancestor's mean
  double cell_fraction = 0;     ///< read fraction divided by copy number, renormalised
};

/// A sample's profile at one rank, with where it came from.
struct SampleAbundance {
  std::string sample;
  std::string database;          ///< file name of the database
  std::string database_checksum; ///< its XXH3, hex: merging demands the same one
  EstimationLevel level = EstimationLevel::kGenus;
  std::uint64_t total_reads = 0;
  std::uint64_t unclassified_reads = 0;
  std::uint64_t unresolved_reads = 0;  ///< classified above the level with no taxon below to go to
  std::vector<AbundanceRow> rows;      ///< by descending estimated reads, then taxid
  AlphaDiversity alpha;
};

/// Re-estimates `counts` at the chosen level (see reestimate()), corrects for
/// 16S copy number and computes alpha diversity. Throws UsageError for species
/// level on a database without species.
[[nodiscard]] SampleAbundance estimate_abundance(const TaxonCounts& counts, const db::Database& database,
                                                 const std::string& sample, const AbundanceOptions& options);

/// Bracken's output table (name, taxonomy_id, taxonomy_lvl, kraken_assigned_reads,
/// added_reads, new_est_reads, fraction_total_reads), as est_abundance.py writes it.
[[nodiscard]] std::string format_bracken(const SampleAbundance& abundance);
/// neurotax's own table: `#` lines with the database, level, reads and alpha
/// diversity, then taxid, name, lineage, reads, fractions and copy numbers.
/// `abundance --merge` reads it back.
[[nodiscard]] std::string format_abundance_table(const SampleAbundance& abundance);
/// Krona's text input: estimated reads, then the lineage names, tab-separated.
[[nodiscard]] std::string format_krona(const SampleAbundance& abundance);
/// The MPA-style report of `kraken2 --use-mpa-style`: d__/p__/.../s__ paths of
/// main-rank taxa with their clade reads, depth first, children by count.
[[nodiscard]] std::string format_mpa(const TaxonCounts& counts, const db::Database& database);

/// Reads a table written by format_abundance_table; throws InputError naming file and line.
[[nodiscard]] SampleAbundance read_abundance_table(const std::string& path);

[[nodiscard]] const char* level_name(EstimationLevel level) noexcept;
[[nodiscard]] EstimationLevel parse_level(const std::string& text);

}  // namespace neurotax::pipeline
