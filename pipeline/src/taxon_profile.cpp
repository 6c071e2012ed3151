#include "neurotax/pipeline/taxon_profile.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include "neurotax/common/errors.hpp"
#include "neurotax/pipeline/kraken_report.hpp"

namespace neurotax::pipeline {
namespace {

kernels::Rank rank_from_code(std::string_view code) {
  if (code == "R") return kernels::Rank::kRoot;
  if (code.size() != 1) return kernels::Rank::kNoRank;
  switch (code[0]) {
    case 'D': return kernels::Rank::kDomain;
    case 'K': return kernels::Rank::kKingdom;
    case 'P': return kernels::Rank::kPhylum;
    case 'C': return kernels::Rank::kClass;
    case 'O': return kernels::Rank::kOrder;
    case 'F': return kernels::Rank::kFamily;
    case 'G': return kernels::Rank::kGenus;
    case 'S': return kernels::Rank::kSpecies;
    default: return kernels::Rank::kNoRank;
  }
}

template <typename T>
bool parse_number(std::string_view text, T& value) {
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc{} && result.ptr == text.data() + text.size();
}

}  // namespace

TaxonProfile profile_from_counts(const TaxonCounts& counts, const db::Database& database, std::string sample) {
  TaxonProfile profile;
  profile.sample = std::move(sample);
  profile.total_reads = counts.total();
  profile.unclassified_reads = counts.unclassified;
  const kernels::TaxonomyView& taxonomy = database.taxonomy();
  const std::vector<std::uint64_t> clade = counts.clade_counts(taxonomy);
  for (std::uint32_t t = 0; t < taxonomy.size(); ++t) {
    if (clade[t] == 0) continue;
    ProfileEntry entry{database.external_id(t), taxonomy.ranks[t], std::string(database.name(t)), clade[t],
                       counts.direct[t], {}};
    if (entry.rank == kernels::Rank::kSpecies) {
      const std::uint32_t genus = taxonomy.ancestor_at(t, kernels::Rank::kGenus);
      if (genus != kernels::kNoTaxon) entry.parent_genus = std::string(database.name(genus));
    }
    profile.entries.push_back(std::move(entry));
  }
  return profile;
}

TaxonProfile read_kraken_report(const std::string& path, std::string sample) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open report");
  TaxonProfile profile;
  profile.sample = std::move(sample);
  std::string line;
  std::size_t number = 0;
  std::vector<std::pair<std::size_t, std::string>> genus_stack;  // depth, name of the genus above
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> fields;
    std::string_view rest(line);
    while (true) {
      const auto tab = rest.find('\t');
      fields.push_back(rest.substr(0, tab));
      if (tab == std::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    const auto fail = [&](const std::string& what) {
      throw InputError(path + ": line " + std::to_string(number) + ": " + what);
    };
    if (fields.size() != 6 && fields.size() != 8) fail("expected 6 or 8 tab-separated kreport columns, found " + std::to_string(fields.size()));
    const std::size_t n = fields.size();
    ProfileEntry entry;
    if (!parse_number(fields[1], entry.clade_reads)) fail("bad clade count '" + std::string(fields[1]) + "'");
    if (!parse_number(fields[2], entry.direct_reads)) fail("bad direct count '" + std::string(fields[2]) + "'");
    if (!parse_number(fields[n - 2], entry.taxid)) fail("bad taxid '" + std::string(fields[n - 2]) + "'");
    const std::string_view code = fields[n - 3];
    std::string_view name = fields[n - 1];
    const std::size_t indent = name.find_first_not_of(' ');
    if (indent == std::string_view::npos) fail("empty taxon name");
    name.remove_prefix(indent);
    const std::size_t depth = indent / 2;
    if (code == "U") {
      profile.unclassified_reads = entry.clade_reads;
      profile.total_reads += entry.clade_reads;
      continue;
    }
    entry.rank = rank_from_code(code);
    entry.name = std::string(name);
    if (entry.rank == kernels::Rank::kRoot) profile.total_reads += entry.clade_reads;
    while (!genus_stack.empty() && genus_stack.back().first >= depth) genus_stack.pop_back();
    if (entry.rank == kernels::Rank::kSpecies && !genus_stack.empty()) entry.parent_genus = genus_stack.back().second;
    if (entry.rank == kernels::Rank::kGenus) genus_stack.emplace_back(depth, entry.name);
    profile.entries.push_back(std::move(entry));
  }
  if (profile.total_reads == 0 && profile.entries.empty()) throw InputError(path + ": empty report");
  return profile;
}

}  // namespace neurotax::pipeline
