#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neurotax/pipeline/abundance.hpp"

namespace neurotax::pipeline {

/// A taxa x samples table of estimated reads at one rank.
struct MergedTable {
  EstimationLevel level = EstimationLevel::kGenus;
  std::string database;
  std::string database_checksum;
  std::vector<std::string> samples;
  struct Row {
    std::uint32_t taxid;
    std::string name;
    std::vector<std::pair<char, std::string>> lineage;
    std::vector<std::uint64_t> reads;  ///< per sample
  };
  std::vector<Row> rows;  ///< by descending total reads, then taxid
  std::vector<AlphaDiversity> alpha;  ///< per sample
};

/// Merges per-sample profiles; throws InputError when they come from different
/// databases or levels, or when two share a sample name. Alpha diversity is
/// recomputed, rarefied to `rarefy_depth` (or not) with `seed`.
[[nodiscard]] MergedTable merge_samples(const std::vector<SampleAbundance>& samples,
                                        const std::vector<std::string>& sources,
                                        std::optional<std::uint64_t> rarefy_depth, std::uint64_t seed);

[[nodiscard]] std::string format_merged_tsv(const MergedTable& table);
[[nodiscard]] std::string format_alpha_tsv(const MergedTable& table);
/// BIOM 1.0 JSON (sparse, integer counts), rows with taxonomy metadata as
/// phyloseq and QIIME read it (k__/p__/.../g__ prefixes).
[[nodiscard]] std::string format_biom(const MergedTable& table, const std::string& date);

}  // namespace neurotax::pipeline
