#pragma once
#include <cstddef>
#include <string>

#include "neurotax/pipeline/report_data.hpp"
#include "neurotax/pipeline/report_quality.hpp"

namespace neurotax::pipeline {

struct ReportOptions {
  char rank = 'g';                ///< lineage letter of the composition charts (see parse_rank)
  std::size_t bar_taxa = 12;      ///< taxa drawn in the stacked bars; the rest is "other"
  std::size_t heatmap_taxa = 30;  ///< columns of the samples x taxa heatmap
  std::size_t page_size = 50;     ///< samples per chart page and rows per table page
  QualityThresholds quality;
  std::string generated;          ///< when the report was made, shown in its header
};

/// One self-contained HTML page (styles, script and SVG charts inline, nothing
/// fetched when opened): run summary, quality flags, composition at a rank as
/// read and cell fractions, samples x taxa heatmap, alpha diversity, and the
/// neuroactive potential per compound with evidence and sources. Every name
/// from the data is escaped. Pages of `page_size` samples keep large runs usable.
[[nodiscard]] std::string format_html_report(const ReportData& data, const ReportOptions& options);

}  // namespace neurotax::pipeline
