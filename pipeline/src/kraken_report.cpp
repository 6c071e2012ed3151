#include "neurotax/pipeline/kraken_report.hpp"

#include <algorithm>
#include <cstdio>

namespace neurotax::pipeline {

std::vector<std::string> kraken_rank_codes(const kernels::TaxonomyView& taxonomy) {
  std::vector<std::string> codes(taxonomy.size());
  std::vector<int> distance(taxonomy.size(), 0);
  for (std::size_t t = 0; t < taxonomy.size(); ++t) {
    const kernels::Rank rank = taxonomy.ranks[t];
    if (rank == kernels::Rank::kNoRank) {
      const std::uint32_t parent = taxonomy.parents[t];
      distance[t] = distance[parent] + 1;
      const std::string& base = codes[parent];
      codes[t] = base.substr(0, 1) + std::to_string(distance[t]);
    } else {
      codes[t] = rank == kernels::Rank::kRoot ? "R" : std::string(1, static_cast<char>(std::toupper(kernels::rank_letter(rank))));
    }
  }
  return codes;
}

std::string format_kraken_report(const TaxonCounts& counts, const db::Database& database, bool report_zero_counts) {
  const kernels::TaxonomyView& taxonomy = database.taxonomy();
  const std::vector<std::uint64_t> clade = counts.clade_counts(taxonomy);
  const std::vector<std::string> codes = kraken_rank_codes(taxonomy);
  const double total = static_cast<double>(counts.total());

  std::vector<std::vector<std::uint32_t>> children(taxonomy.size());
  for (std::uint32_t t = 1; t < taxonomy.size(); ++t)
    if (report_zero_counts || clade[t] > 0) children[taxonomy.parents[t]].push_back(t);

  std::string out;
  char line[64];
  const auto append_line = [&](std::uint64_t clade_count, std::uint64_t direct, const std::string& code,
                               std::uint32_t taxid, std::size_t depth, std::string_view name) {
    std::snprintf(line, sizeof line, "%6.2f\t%llu\t%llu\t", total > 0 ? 100.0 * static_cast<double>(clade_count) / total : 0.0,
                  static_cast<unsigned long long>(clade_count), static_cast<unsigned long long>(direct));
    out += line;
    out += code;
    out += '\t';
    out += std::to_string(taxid);
    out += '\t';
    out.append(2 * depth, ' ');
    out += name;
    out += '\n';
  };
  if (counts.unclassified > 0 || report_zero_counts)
    append_line(counts.unclassified, counts.unclassified, "U", 0, 0, "unclassified");
  if (clade[0] == 0 && !report_zero_counts) return out;

  std::vector<std::uint32_t> stack{0};
  while (!stack.empty()) {
    const std::uint32_t taxon = stack.back();
    stack.pop_back();
    append_line(clade[taxon], counts.direct[taxon], codes[taxon], database.external_id(taxon), taxonomy.depths[taxon],
                database.name(taxon));
    auto& kids = children[taxon];
    std::sort(kids.begin(), kids.end(), [&](std::uint32_t a, std::uint32_t b) {
      return clade[a] != clade[b] ? clade[a] > clade[b] : database.external_id(a) < database.external_id(b);
    });
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
  }
  return out;
}

}  // namespace neurotax::pipeline
