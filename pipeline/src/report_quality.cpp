#include "neurotax/pipeline/report_quality.hpp"

#include <algorithm>
#include <cstdio>

namespace neurotax::pipeline {
namespace {

std::string format(const char* pattern, double a, double b = 0) {
  char text[160];
  std::snprintf(text, sizeof text, pattern, a, b);
  return text;
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// The value below which `q` of the sorted values lie, linearly interpolated.
double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(position);
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

/// Per sample, the median dissimilarity to the other profiled samples; -1 for the unprofiled.
std::vector<double> median_distances(const RankTable& table) {
  std::vector<double> medians(table.samples.size(), -1);
  for (std::size_t i = 0; i < table.samples.size(); ++i) {
    if (!table.profiled[i]) continue;
    std::vector<double> distances;
    for (std::size_t j = 0; j < table.samples.size(); ++j)
      if (j != i && table.profiled[j]) distances.push_back(bray_curtis(table.read_fractions[i], table.read_fractions[j]));
    if (!distances.empty()) medians[i] = median_of(distances);
  }
  return medians;
}

}  // namespace

std::vector<QualityFlag> quality_flags(const ReportData& data, const RankTable& table,
                                       const QualityThresholds& thresholds) {
  std::vector<double> medians = median_distances(table);
  std::vector<double> profiled_medians;
  for (const double median : medians)
    if (median >= 0) profiled_medians.push_back(median);
  double fence = 2;  // above any dissimilarity: no outliers
  if (profiled_medians.size() >= thresholds.outlier_min_samples) {
    const double q1 = quantile(profiled_medians, 0.25), q3 = quantile(profiled_medians, 0.75);
    fence = std::max(q3 + 1.5 * (q3 - q1), thresholds.outlier_min_distance);
  }

  std::vector<QualityFlag> flags;
  for (std::size_t i = 0; i < data.samples.size(); ++i) {
    const ReportSample& sample = data.samples[i];
    const auto flag = [&](const char* kind, const std::string& detail) { flags.push_back({sample.name, kind, detail}); };
    if (sample.status == "failed") {
      flag("failed", sample.message);
      continue;
    }
    if (sample.reads == 0) {
      flag("no reads", "the sample has no reads");
      continue;
    }
    if (sample.reads < thresholds.min_reads)
      flag("low reads", std::to_string(sample.reads) + " reads, fewer than " + std::to_string(thresholds.min_reads));
    const double unclassified = 1.0 - static_cast<double>(sample.classified) / static_cast<double>(sample.reads);
    if (unclassified > thresholds.max_unclassified)
      flag("unclassified", format("%.1f%% of reads unclassified (flagged above %.0f%%)", 100 * unclassified,
                                  100 * thresholds.max_unclassified));
    if (table.profiled[i]) {
      const TopTaxon top = top_taxon(table, i);
      if (top.read_fraction > thresholds.dominant_fraction)
        flag("dominant taxon", top.name + format(" has %.1f%% of the reads (flagged above %.0f%%)",
                                                 100 * top.read_fraction, 100 * thresholds.dominant_fraction));
    }
    if (medians[i] > fence)
      flag("outlier", format("median Bray-Curtis dissimilarity to the other samples %.2f (fence %.2f)", medians[i], fence));
  }
  return flags;
}

}  // namespace neurotax::pipeline
