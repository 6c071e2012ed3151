// Composition, heatmap and alpha diversity sections.
#include <algorithm>
#include <cstdio>

#include "html_parts.hpp"
#include "html_sections.hpp"
#include "neurotax/common/text.hpp"
#include "neurotax/pipeline/svg_charts.hpp"

namespace neurotax::pipeline::html {
namespace {

/// Bars of the first `shown` taxa and "other", for the samples in [first, last).
std::vector<std::vector<double>> bar_values(const std::vector<std::vector<double>>& fractions, std::size_t shown,
                                            std::size_t first, std::size_t last) {
  std::vector<std::vector<double>> values;
  for (std::size_t s = first; s < last; ++s) {
    std::vector<double> bar(fractions[s].begin(), fractions[s].begin() + static_cast<std::ptrdiff_t>(shown));
    double rest = 0;
    for (std::size_t t = shown; t < fractions[s].size(); ++t) rest += fractions[s][t];
    bar.push_back(rest);
    values.push_back(std::move(bar));
  }
  return values;
}

std::vector<std::string> labels_of(const RankTable& table, std::size_t first, std::size_t last) {
  std::vector<std::string> labels;
  for (std::size_t s = first; s < last; ++s)
    labels.push_back(table.samples[s] + (table.profiled[s] ? "" : " (" + table.why_empty[s] + ")"));
  return labels;
}

}  // namespace

std::string composition_section(const RankTable& table, const ReportOptions& options) {
  const std::size_t shown = std::min(options.bar_taxa, table.taxa.size());
  std::vector<ChartSeries> series;
  for (std::size_t t = 0; t < shown; ++t) series.push_back({table.taxa[t], series_colour(t)});
  series.push_back({"other", kOtherColour});
  std::string legend = "<ul class=\"legend\">";
  for (const ChartSeries& item : series)
    legend += "<li><span class=\"swatch\" style=\"background:" + item.colour + "\"></span>" + html_escape(item.name) + "</li>";
  legend += "</ul>";

  std::vector<std::string> pages;
  for (const auto& [first, last] : page_ranges(table.samples.size(), options.page_size)) {
    const std::vector<std::string> labels = labels_of(table, first, last);
    pages.push_back("<div class=\"pair\"><figure><figcaption>Read fractions</figcaption>" +
                    svg_stacked_bars(labels, bar_values(table.read_fractions, shown, first, last), series,
                                     "Read fractions per sample") +
                    "</figure><figure><figcaption>Cell fractions (16S copy-number corrected)</figcaption>" +
                    svg_stacked_bars(labels, bar_values(table.cell_fractions, shown, first, last), series,
                                     "Cell fractions per sample") +
                    "</figure></div>");
  }
  const std::string rank = rank_title(table.rank);
  const std::string body = "<p class=\"note\">The " + std::to_string(shown) + " most abundant " + rank +
                           (shown == 1 ? "" : " taxa") + " over the run (by mean read fraction); the rest as other. "
                           "Fractions are of the reads estimated at the profile's level; cell fractions divide each "
                           "taxon's reads by its 16S copy number.</p>" + legend + pager(pages, "samples");
  return section("composition", "Composition by " + rank, body);
}

std::string heatmap_section(const RankTable& table, const ReportOptions& options) {
  const std::size_t columns = std::min(options.heatmap_taxa, table.taxa.size());
  const std::vector<std::string> column_labels(table.taxa.begin(), table.taxa.begin() + static_cast<std::ptrdiff_t>(columns));
  double maximum = 0;
  for (const auto& fractions : table.read_fractions)
    for (std::size_t t = 0; t < columns; ++t) maximum = std::max(maximum, fractions[t]);
  std::vector<std::string> pages;
  for (const auto& [first, last] : page_ranges(table.samples.size(), options.page_size)) {
    std::vector<std::vector<double>> values;
    for (std::size_t s = first; s < last; ++s)
      values.emplace_back(table.read_fractions[s].begin(), table.read_fractions[s].begin() + static_cast<std::ptrdiff_t>(columns));
    pages.push_back(svg_heatmap(labels_of(table, first, last), column_labels, values, maximum,
                                "Relative abundance, samples by " + std::string(rank_title(table.rank))));
  }
  const std::string body = "<p class=\"note\">Read fractions of the " + std::to_string(columns) + " most abundant " +
                           rank_title(table.rank) + " taxa; hover a cell for its value.</p><div class=\"scroll\">" +
                           pager(pages, "samples") + "</div>";
  return section("heatmap", "Samples by " + std::string(rank_title(table.rank)), body);
}

std::string alpha_section(const ReportData& data, const ReportOptions& options) {
  std::vector<std::string> rows;
  for (const ReportSample& sample : data.samples) {
    if (!sample.profile) continue;
    const AlphaDiversity& alpha = sample.profile->alpha;
    rows.push_back(cell(sample.name) + number_cell(static_cast<double>(alpha.depth), std::to_string(alpha.depth)) +
                   number_cell(static_cast<double>(alpha.observed), std::to_string(alpha.observed)) +
                   number_cell(alpha.shannon, fixed_point(alpha.shannon, 3)) + number_cell(alpha.simpson, fixed_point(alpha.simpson, 3)) +
                   number_cell(alpha.chao1, fixed_point(alpha.chao1, 1)) +
                   cell(alpha.rarefied_to ? "to " + std::to_string(*alpha.rarefied_to) + " (seed " + std::to_string(alpha.seed) + ")" : "no"));
  }
  std::string level = "the profile's";
  for (const ReportSample& sample : data.samples)
    if (sample.profile) level = level_name(sample.profile->level);
  const std::string body =
      "<p class=\"note\">Of the estimated reads at " + level + " level: observed taxa, Shannon (natural log), "
      "Gini-Simpson and bias-corrected Chao1.</p>" +
      (rows.empty() ? std::string("<p>No sample has a profile.</p>")
                    : table({"Sample", "Reads used", "Observed", "Shannon", "Gini-Simpson", "Chao1", "Rarefied"}, rows,
                            options.page_size));
  return section("alpha", "Alpha diversity", body);
}

}  // namespace neurotax::pipeline::html
