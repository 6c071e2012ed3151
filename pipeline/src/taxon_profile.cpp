#include "neurotax/pipeline/taxon_profile.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>

#include "neurotax/common/errors.hpp"
#include "neurotax/common/text.hpp"
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
  profile.fraction_basis = "all reads of the sample, before re-estimation";
  const kernels::TaxonomyView& taxonomy = database.taxonomy();
  const std::vector<std::uint64_t> clade = counts.clade_counts(taxonomy);
  const double total = std::max<double>(1.0, static_cast<double>(counts.total()));
  for (std::uint32_t t = 1; t < taxonomy.size(); ++t) {
    if (clade[t] == 0) continue;
    ProfileEntry entry;
    entry.taxid = database.external_id(t);
    entry.rank = taxonomy.ranks[t];
    entry.name = std::string(database.name(t));
    for (std::uint32_t a = taxonomy.parents[t]; a != 0; a = taxonomy.parents[a])
      entry.ancestors.insert(entry.ancestors.begin(), std::string(database.name(a)));
    entry.reads = clade[t];
    entry.called_here = counts.direct[t];
    entry.read_fraction = static_cast<double>(clade[t]) / total;
    profile.entries.push_back(std::move(entry));
  }
  return profile;
}

TaxonProfile profile_from_abundance(const SampleAbundance& abundance) {
  TaxonProfile profile;
  profile.sample = abundance.sample;
  profile.fraction_basis = std::string("reads re-estimated at ") + level_name(abundance.level) + " level";
  const kernels::Rank rank = abundance.level == EstimationLevel::kGenus ? kernels::Rank::kGenus : kernels::Rank::kSpecies;
  for (const AbundanceRow& row : abundance.rows) {
    ProfileEntry entry;
    entry.taxid = row.taxid;
    entry.rank = rank;
    entry.name = row.name;
    for (const auto& [letter, name] : row.lineage)
      if (name != row.name) entry.ancestors.push_back(name);
    entry.reads = row.estimated;
    entry.called_here = row.assigned;
    entry.read_fraction = row.read_fraction;
    entry.cell_fraction = row.cell_fraction;
    profile.entries.push_back(std::move(entry));
  }
  return profile;
}

TaxonProfile read_kraken_report(const std::string& file, std::string sample) {
  std::ifstream in(file);
  if (!in) throw InputError(file + ": cannot open report");
  TaxonProfile profile;
  profile.sample = std::move(sample);
  profile.fraction_basis = "all reads of the sample (kreport clade counts)";
  std::string line;
  std::size_t number = 0;
  std::uint64_t total = 0;
  std::vector<std::pair<std::size_t, std::string>> path;  // depth and name of each ancestor
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string_view> fields = split_fields(line, '\t');
    const auto fail = [&](const std::string& what) {
      throw InputError(file + ": line " + std::to_string(number) + ": " + what);
    };
    if (fields.size() != 6 && fields.size() != 8) fail("expected 6 or 8 tab-separated kreport columns, found " + std::to_string(fields.size()));
    const std::size_t n = fields.size();
    ProfileEntry entry;
    if (!parse_number(fields[1], entry.reads)) fail("bad clade count '" + std::string(fields[1]) + "'");
    if (!parse_number(fields[2], entry.called_here)) fail("bad direct count '" + std::string(fields[2]) + "'");
    if (!parse_number(fields[n - 2], entry.taxid)) fail("bad taxid '" + std::string(fields[n - 2]) + "'");
    const std::string_view code = fields[n - 3];
    std::string_view name = fields[n - 1];
    const std::size_t indent = name.find_first_not_of(' ');
    if (indent == std::string_view::npos) fail("empty taxon name");
    name.remove_prefix(indent);
    const std::size_t depth = indent / 2;
    if (code == "U") {
      total += entry.reads;
      continue;
    }
    entry.rank = rank_from_code(code);
    entry.name = std::string(name);
    while (!path.empty() && path.back().first >= depth) path.pop_back();
    for (const auto& [ancestor_depth, ancestor] : path)
      if (ancestor != "root") entry.ancestors.push_back(ancestor);
    path.emplace_back(depth, entry.name);
    if (entry.rank == kernels::Rank::kRoot) {
      total += entry.reads;
      continue;
    }
    profile.entries.push_back(std::move(entry));
  }
  if (number == 0) throw InputError(file + ": empty report");
  for (ProfileEntry& entry : profile.entries)
    entry.read_fraction = total > 0 ? static_cast<double>(entry.reads) / static_cast<double>(total) : 0.0;
  return profile;
}

}  // namespace neurotax::pipeline
