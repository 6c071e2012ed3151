#pragma once
// The report's sections, each from the loaded data; html_report.cpp puts them on one page.
#include <string>

#include "neurotax/pipeline/html_report.hpp"
#include "neurotax/pipeline/rank_table.hpp"

namespace neurotax::pipeline::html {

[[nodiscard]] std::string run_summary_section(const ReportData& data, const RankTable& table,
                                              const std::vector<QualityFlag>& flags, const ReportOptions& options);
[[nodiscard]] std::string quality_section(const ReportData& data, const std::vector<QualityFlag>& flags,
                                          const ReportOptions& options);
[[nodiscard]] std::string composition_section(const RankTable& table, const ReportOptions& options);
[[nodiscard]] std::string heatmap_section(const RankTable& table, const ReportOptions& options);
[[nodiscard]] std::string alpha_section(const ReportData& data, const ReportOptions& options);
[[nodiscard]] std::string neuroactive_section(const ReportData& data, const ReportOptions& options);

}  // namespace neurotax::pipeline::html
