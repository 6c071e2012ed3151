#include "neurotax/pipeline/rank_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string_view>

#include "neurotax/common/errors.hpp"

namespace neurotax::pipeline {
namespace {

constexpr std::string_view kRankLetters = "pcofgs";
constexpr const char* kRankTitles[] = {"phylum", "class", "order", "family", "genus", "species"};

}  // namespace

char parse_rank(const std::string& text) {
  for (std::size_t i = 0; i < kRankLetters.size(); ++i) {
    const char letter = kRankLetters[i];
    if (text == kRankTitles[i] || (text.size() == 1 && (text[0] == letter || text[0] == letter - 'a' + 'A'))) return letter;
  }
  throw UsageError("unknown rank '" + text + "': use phylum, class, order, family, genus or species (or P C O F G S)");
}

const char* rank_title(char rank) {
  const auto position = kRankLetters.find(rank);
  return position == std::string_view::npos ? "taxon" : kRankTitles[position];
}

RankTable rank_table(const ReportData& data, char rank) {
  RankTable table;
  table.rank = rank;
  const std::string unassigned = std::string("unassigned ") + rank_title(rank);
  std::vector<std::map<std::string, std::pair<double, double>>> per_sample;
  std::map<std::string, double> totals;
  for (const ReportSample& sample : data.samples) {
    table.samples.push_back(sample.name);
    auto& fractions = per_sample.emplace_back();
    const bool profiled = sample.profile && !sample.profile->rows.empty();
    table.profiled.push_back(profiled);
    table.why_empty.emplace_back(profiled                  ? ""
                                 : sample.status == "failed" ? "failed"
                                 : sample.profile            ? "no classified reads"
                                                             : "no profile");
    if (!profiled) continue;
    if (rank == 's' && sample.profile->level != EstimationLevel::kSpecies)
      throw UsageError("sample " + sample.name + " was estimated at genus level: its report cannot show species");
    for (const AbundanceRow& row : sample.profile->rows) {
      const auto at_rank = std::find_if(row.lineage.begin(), row.lineage.end(),
                                        [rank](const auto& item) { return item.first == rank; });
      const std::string& name = at_rank != row.lineage.end() ? at_rank->second : unassigned;
      auto& [reads, cells] = fractions[name];
      reads += row.read_fraction;
      cells += row.cell_fraction;
      totals[name] += row.read_fraction;
    }
  }
  for (const auto& [name, total] : totals) table.taxa.push_back(name);
  std::stable_sort(table.taxa.begin(), table.taxa.end(),
                   [&](const std::string& a, const std::string& b) { return totals[a] > totals[b]; });
  for (const auto& fractions : per_sample) {
    auto& reads = table.read_fractions.emplace_back(table.taxa.size(), 0.0);
    auto& cells = table.cell_fractions.emplace_back(table.taxa.size(), 0.0);
    for (std::size_t t = 0; t < table.taxa.size(); ++t) {
      const auto found = fractions.find(table.taxa[t]);
      if (found == fractions.end()) continue;
      reads[t] = found->second.first;
      cells[t] = found->second.second;
    }
  }
  return table;
}

TopTaxon top_taxon(const RankTable& table, std::size_t sample) {
  const auto& fractions = table.read_fractions[sample];
  const auto top = std::max_element(fractions.begin(), fractions.end());
  return {table.taxa[static_cast<std::size_t>(top - fractions.begin())], *top};
}

double bray_curtis(const std::vector<double>& a, const std::vector<double>& b) {
  double shared = 0, total = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    shared += std::min(a[i], b[i]);
    total += a[i] + b[i];
  }
  return total > 0 ? 1.0 - 2.0 * shared / total : 0.0;
}

}  // namespace neurotax::pipeline
