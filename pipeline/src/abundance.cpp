#include "neurotax/pipeline/abundance.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "neurotax/common/errors.hpp"
#include "neurotax/common/text.hpp"

namespace neurotax::pipeline {
namespace {

std::vector<std::pair<char, std::string>> ranked_lineage(const db::Database& database, std::uint32_t taxon) {
  std::vector<std::pair<char, std::string>> lineage;
  for (std::uint32_t t = taxon; t != 0; t = database.taxonomy().parents[t]) {
    const kernels::Rank rank = database.taxonomy().ranks[t];
    if (rank != kernels::Rank::kNoRank) lineage.emplace_back(kernels::rank_letter(rank), std::string(database.name(t)));
  }
  std::reverse(lineage.begin(), lineage.end());
  return lineage;
}

/// Copy number per taxon: rrnDB's genus means where the database has them;
/// otherwise the mean over the genera with numbers under the nearest ancestor
/// that has any, so a genus without a number takes its family's (or order's) mean.
std::vector<std::pair<double, bool>> copy_numbers(const db::Database& database) {
  const auto& taxonomy = database.taxonomy();
  const std::size_t taxa = database.taxon_count();
  std::vector<double> sum(taxa, 0.0);
  std::vector<std::uint32_t> known(taxa, 0);
  for (std::size_t t = taxa; t-- > 0;) {
    if (database.copy_number(static_cast<std::uint32_t>(t)) > 0) {
      sum[t] += database.copy_number(static_cast<std::uint32_t>(t));
      ++known[t];
    }
    if (t > 0) {
      sum[taxonomy.parents[t]] += sum[t];
      known[taxonomy.parents[t]] += known[t];
    }
  }
  std::vector<std::pair<double, bool>> result(taxa, {0.0, false});
  for (std::uint32_t t = 0; t < taxa; ++t) {
    // A species takes its genus's number.
    const std::uint32_t genus = taxonomy.ancestor_at(t, kernels::Rank::kGenus);
    std::uint32_t own = genus != kernels::kNoTaxon ? genus : t;
    if (database.copy_number(own) > 0) {
      result[t] = {database.copy_number(own), false};
      continue;
    }
    std::uint32_t ancestor = own;
    while (ancestor != 0 && known[ancestor] == 0) ancestor = taxonomy.parents[ancestor];
    result[t] = {known[ancestor] > 0 ? sum[ancestor] / known[ancestor] : 1.0, true};
  }
  return result;
}

}  // namespace

const char* level_name(EstimationLevel level) noexcept { return level == EstimationLevel::kGenus ? "genus" : "species"; }

EstimationLevel parse_level(const std::string& text) {
  if (text == "G" || text == "genus") return EstimationLevel::kGenus;
  if (text == "S" || text == "species") return EstimationLevel::kSpecies;
  throw UsageError("unknown level '" + text + "' (expected G or S)");
}

SampleAbundance estimate_abundance(const TaxonCounts& counts, const db::Database& database, const std::string& sample,
                                   const AbundanceOptions& options) {
  const auto& taxonomy = database.taxonomy();
  const std::size_t rank_index = rank_index_of(options.level);
  if (options.level == EstimationLevel::kSpecies &&
      std::none_of(taxonomy.ranks.begin(), taxonomy.ranks.end(), [](kernels::Rank r) { return r == kernels::Rank::kSpecies; }))
    throw UsageError(database.path() +
                     " has no species (16S references often stop at genus); estimate at genus level (--level G)");

  SampleAbundance abundance;
  abundance.sample = sample;
  abundance.database = std::filesystem::path(database.path()).filename().string();
  abundance.database_checksum = hex64(database.header().checksum);
  abundance.level = options.level;
  abundance.total_reads = counts.total();
  abundance.unclassified_reads = counts.unclassified;

  const std::vector<std::uint64_t> clade = counts.clade_counts(taxonomy);
  const LevelEstimate estimate = reestimate(
      clade, options.level == EstimationLevel::kGenus ? counts.above_genus : counts.above_species, rank_index, taxonomy);
  abundance.unresolved_reads = estimate.unresolved;
  const auto copies = copy_numbers(database);

  std::vector<std::uint64_t> estimated_counts;
  for (std::size_t s = 0; s < estimate.taxa.size(); ++s) {
    AbundanceRow row;
    const std::uint32_t taxon = estimate.taxa[s];
    row.taxid = database.external_id(taxon);
    row.name = std::string(database.name(taxon));
    row.lineage = ranked_lineage(database, taxon);
    row.assigned = estimate.assigned[s];
    row.estimated = static_cast<std::uint64_t>(std::llround(static_cast<double>(row.assigned) + estimate.added[s]));
    row.added = row.estimated - row.assigned;
    row.copy_number = copies[taxon].first;
    row.copy_number_inferred = copies[taxon].second;
    if (row.estimated < std::max<std::uint64_t>(1, options.min_reads)) continue;
    abundance.rows.push_back(std::move(row));
  }
  double reads = 0, cells = 0;
  for (const AbundanceRow& row : abundance.rows) {
    reads += static_cast<double>(row.estimated);
    cells += static_cast<double>(row.estimated) / row.copy_number;
  }
  for (AbundanceRow& row : abundance.rows) {
    row.read_fraction = reads > 0 ? static_cast<double>(row.estimated) / reads : 0.0;
    row.cell_fraction = cells > 0 ? static_cast<double>(row.estimated) / row.copy_number / cells : 0.0;
  }
  std::sort(abundance.rows.begin(), abundance.rows.end(), [](const AbundanceRow& a, const AbundanceRow& b) {
    return a.estimated != b.estimated ? a.estimated > b.estimated : a.taxid < b.taxid;
  });
  for (const AbundanceRow& row : abundance.rows) estimated_counts.push_back(row.estimated);
  abundance.alpha = alpha_diversity(estimated_counts, options.rarefy_depth, options.seed);
  return abundance;
}

std::string format_bracken(const SampleAbundance& abundance) {
  std::string out = "name\ttaxonomy_id\ttaxonomy_lvl\tkraken_assigned_reads\tadded_reads\tnew_est_reads\tfraction_total_reads\n";
  const char* level = abundance.level == EstimationLevel::kGenus ? "G" : "S";
  for (const AbundanceRow& row : abundance.rows)
    out += row.name + '\t' + std::to_string(row.taxid) + '\t' + level + '\t' + std::to_string(row.assigned) + '\t' +
           std::to_string(row.added) + '\t' + std::to_string(row.estimated) + '\t' + fixed_point(row.read_fraction, 5) + '\n';
  return out;
}

std::string format_abundance_table(const SampleAbundance& abundance) {
  std::string out = "# neurotax abundance\tsample=" + abundance.sample + "\tdatabase=" + abundance.database +
                    "\tdatabase_checksum=" + abundance.database_checksum + "\tlevel=" + level_name(abundance.level) +
                    "\treads=" + std::to_string(abundance.total_reads) +
                    "\tunclassified=" + std::to_string(abundance.unclassified_reads) +
                    "\tunresolved_above_level=" + std::to_string(abundance.unresolved_reads) + '\n';
  const AlphaDiversity& alpha = abundance.alpha;
  out += "# alpha_diversity\tdepth=" + std::to_string(alpha.depth) + "\trarefied=" +
         (alpha.rarefied_to ? std::to_string(*alpha.rarefied_to) + "\tseed=" + std::to_string(alpha.seed) : std::string("no")) +
         "\tobserved=" + std::to_string(alpha.observed) + "\tshannon=" + fixed_point(alpha.shannon, 4) +
         "\tsimpson=" + fixed_point(alpha.simpson, 4) + "\tchao1=" + fixed_point(alpha.chao1, 2) + '\n';
  out += "taxid\tname\tlineage\tassigned_reads\tadded_reads\testimated_reads\tread_fraction\tcopy_number\tcopy_number_source\tcell_fraction\n";
  for (const AbundanceRow& row : abundance.rows) {
    std::string lineage;
    for (const auto& [letter, name] : row.lineage) lineage += (lineage.empty() ? "" : ";") + std::string(1, letter) + "__" + name;
    out += std::to_string(row.taxid) + '\t' + row.name + '\t' + lineage + '\t' + std::to_string(row.assigned) + '\t' +
           std::to_string(row.added) + '\t' + std::to_string(row.estimated) + '\t' + fixed_point(row.read_fraction, 6) + '\t' +
           fixed_point(row.copy_number, 2) + '\t' + (row.copy_number_inferred ? "ancestor_mean" : "rrndb") + '\t' +
           fixed_point(row.cell_fraction, 6) + '\n';
  }
  return out;
}

std::string format_krona(const SampleAbundance& abundance) {
  std::string out;
  for (const AbundanceRow& row : abundance.rows) {
    out += std::to_string(row.estimated);
    for (const auto& [letter, name] : row.lineage) out += '\t' + name;
    out += '\n';
  }
  if (abundance.unclassified_reads > 0) out += std::to_string(abundance.unclassified_reads) + "\tUnclassified\n";
  return out;
}

std::string format_mpa(const TaxonCounts& counts, const db::Database& database) {
  const auto& taxonomy = database.taxonomy();
  const std::vector<std::uint64_t> clade = counts.clade_counts(taxonomy);
  std::vector<std::vector<std::uint32_t>> children(taxonomy.size());
  for (std::uint32_t t = 1; t < taxonomy.size(); ++t)
    if (clade[t] > 0) children[taxonomy.parents[t]].push_back(t);
  std::string out;
  std::function<void(std::uint32_t, const std::string&)> visit = [&](std::uint32_t taxon, const std::string& path) {
    std::string here = path;
    const kernels::Rank rank = taxonomy.ranks[taxon];
    if (taxon != 0 && rank != kernels::Rank::kNoRank) {
      here += (path.empty() ? "" : "|") + std::string(1, kernels::rank_letter(rank)) + "__" + std::string(database.name(taxon));
      out += here + '\t' + std::to_string(clade[taxon]) + '\n';
    }
    auto& kids = children[taxon];
    std::sort(kids.begin(), kids.end(), [&](std::uint32_t a, std::uint32_t b) {
      return clade[a] != clade[b] ? clade[a] > clade[b] : database.external_id(a) < database.external_id(b);
    });
    for (const std::uint32_t child : kids) visit(child, here);
  };
  if (!clade.empty() && clade[0] > 0) visit(0, "");
  return out;
}

namespace {

template <typename Fail>
void read_alpha_fields(const std::vector<std::string>& fields, AlphaDiversity& alpha, const Fail& fail) {
  try {
    for (const std::string& field : fields) {
      const auto equals = field.find('=');
      if (equals == std::string::npos) continue;
      const std::string key = field.substr(0, equals), value = field.substr(equals + 1);
      if (key == "depth") alpha.depth = std::stoull(value);
      if (key == "rarefied" && value != "no") alpha.rarefied_to = std::stoull(value);
      if (key == "seed") alpha.seed = std::stoull(value);
      if (key == "observed") alpha.observed = std::stoull(value);
      if (key == "shannon") alpha.shannon = std::stod(value);
      if (key == "simpson") alpha.simpson = std::stod(value);
      if (key == "chao1") alpha.chao1 = std::stod(value);
    }
  } catch (const std::exception&) {
    fail("malformed number in the alpha diversity line");
  }
}

}  // namespace

SampleAbundance read_abundance_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open abundance table");
  SampleAbundance abundance;
  std::string line;
  std::size_t number = 0;
  const auto fail = [&](const std::string& what) { throw InputError(path + ": line " + std::to_string(number) + ": " + what); };
  bool header_seen = false;
  while (std::getline(in, line)) {
    ++number;
    const auto fields = split_field_strings(line, '\t');
    if (number == 1) {
      if (fields.empty() || fields[0] != "# neurotax abundance") fail("not a neurotax abundance table (abundance --output writes them)");
      for (const std::string& field : fields) {
        const auto equals = field.find('=');
        if (equals == std::string::npos) continue;
        const std::string key = field.substr(0, equals), value = field.substr(equals + 1);
        if (key == "sample") abundance.sample = value;
        if (key == "database") abundance.database = value;
        if (key == "database_checksum") abundance.database_checksum = value;
        try {
          if (key == "level") abundance.level = parse_level(value);
          if (key == "reads") abundance.total_reads = std::stoull(value);
          if (key == "unclassified") abundance.unclassified_reads = std::stoull(value);
        } catch (const std::exception&) {  // found by fuzz_report: stoull's own message named nothing
          fail("bad " + key + " '" + value + "' in the header");
        }
      }
      if (abundance.database_checksum.empty()) fail("the header names no database checksum");
      continue;
    }
    if (!fields.empty() && fields[0] == "# alpha_diversity") {
      read_alpha_fields(fields, abundance.alpha, fail);
      continue;
    }
    if (!line.empty() && line[0] == '#') continue;
    if (!header_seen) {
      if (fields.size() != 10 || fields[0] != "taxid") fail("expected the column header");
      header_seen = true;
      continue;
    }
    if (fields.size() != 10) fail("expected 10 tab-separated fields, found " + std::to_string(fields.size()));
    AbundanceRow row;
    try {
      row.taxid = static_cast<std::uint32_t>(std::stoul(fields[0]));
      row.assigned = std::stoull(fields[3]);
      row.added = std::stoull(fields[4]);
      row.estimated = std::stoull(fields[5]);
      row.read_fraction = std::stod(fields[6]);
      row.copy_number = std::stod(fields[7]);
      row.cell_fraction = std::stod(fields[9]);
    } catch (const std::exception&) {
      fail("malformed number");
    }
    row.name = fields[1];
    row.copy_number_inferred = fields[8] == "ancestor_mean";
    std::stringstream lineage(fields[2]);
    for (std::string item; std::getline(lineage, item, ';');)
      if (item.size() > 3 && item[1] == '_' && item[2] == '_') row.lineage.emplace_back(item[0], item.substr(3));
    abundance.rows.push_back(std::move(row));
  }
  if (number == 0) throw InputError(path + ": empty file");
  return abundance;
}

}  // namespace neurotax::pipeline
