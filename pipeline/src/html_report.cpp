#include "neurotax/pipeline/html_report.hpp"

#include "html_sections.hpp"
#include "neurotax/common/text.hpp"
#include "report_assets.hpp"

namespace neurotax::pipeline {

std::string format_html_report(const ReportData& data, const ReportOptions& options) {
  const RankTable table = rank_table(data, options.rank);
  const std::vector<QualityFlag> flags = quality_flags(data, table, options.quality);
  const std::string title = "neurotax report: " + data.title;
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"neurotax " NEUROTAX_VERSION "\">\n<title>" +
      html_escape(title) + "</title>\n<style>\n" + std::string(report_assets::kStyle) +
      "</style>\n<script>\n" + std::string(report_assets::kErrorCatcher) + "</script>\n</head>\n<body>\n<header><h1>" +
      html_escape(title) + "</h1><p class=\"meta\">" + std::to_string(data.samples.size()) +
      (data.samples.size() == 1 ? " sample" : " samples") +
      (options.generated.empty() ? std::string() : " &middot; report made " + html_escape(options.generated)) +
      "</p><nav><a href=\"#summary\">Summary</a> <a href=\"#quality\">Quality</a> <a href=\"#composition\">Composition</a> "
      "<a href=\"#heatmap\">Heatmap</a> <a href=\"#alpha\">Diversity</a> <a href=\"#neuroactive\">Neuroactive potential</a>"
      "</nav><ul id=\"script-errors\"></ul></header>\n<main>\n";
  page += html::run_summary_section(data, table, flags, options);
  page += html::quality_section(data, flags, options);
  page += html::composition_section(table, options);
  page += html::heatmap_section(table, options);
  page += html::alpha_section(data, options);
  page += html::neuroactive_section(data, options);
  page += "</main>\n<footer>Made by neurotax " NEUROTAX_VERSION
          ". A research tool: it reports evidence and abundances, never a diagnosis.</footer>\n<script>\n" +
          std::string(report_assets::kScript) + "</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace neurotax::pipeline
