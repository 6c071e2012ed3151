#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "neurotax/pipeline/rank_table.hpp"
#include "neurotax/pipeline/report_data.hpp"

namespace neurotax::pipeline {

/// When a sample is worth a second look. The defaults suit 16S amplicon runs
/// against a 16S database, where most reads should classify.
struct QualityThresholds {
  std::uint64_t min_reads = 1000;      ///< fewer reads: a weak library or a failed demultiplex
  double max_unclassified = 0.30;      ///< more unclassified: contamination, wrong target or database
  double dominant_fraction = 0.50;     ///< one taxon above this share of the reads
  double outlier_min_distance = 0.50;  ///< an outlier's median Bray-Curtis to the others is at least this
  std::size_t outlier_min_samples = 4; ///< fewer profiled samples say nothing about outliers
};

struct QualityFlag {
  std::string sample;
  std::string kind;    ///< failed, no reads, low reads, unclassified, dominant taxon, outlier
  std::string detail;  ///< the numbers behind it
};

/// Flags in sample order. An outlier is a sample whose median Bray-Curtis
/// dissimilarity to the other profiled samples lies above Q3 + 1.5 IQR of all
/// samples' medians (Tukey's fence) and above `outlier_min_distance`.
[[nodiscard]] std::vector<QualityFlag> quality_flags(const ReportData& data, const RankTable& table,
                                                     const QualityThresholds& thresholds);

}  // namespace neurotax::pipeline
