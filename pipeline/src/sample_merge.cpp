#include "neurotax/pipeline/sample_merge.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>

#include "neurotax/common/errors.hpp"

namespace neurotax::pipeline {

MergedTable merge_samples(const std::vector<SampleAbundance>& samples, const std::vector<std::string>& sources,
                          std::optional<std::uint64_t> rarefy_depth, std::uint64_t seed) {
  if (samples.empty()) throw UsageError("nothing to merge");
  MergedTable table;
  table.level = samples.front().level;
  table.database = samples.front().database;
  table.database_checksum = samples.front().database_checksum;
  std::map<std::uint32_t, std::size_t> row_of;
  for (std::size_t s = 0; s < samples.size(); ++s) {
    const SampleAbundance& sample = samples[s];
    if (sample.database_checksum != table.database_checksum)
      throw InputError(sources[s] + ": made with database " + sample.database + " (checksum " + sample.database_checksum +
                       "), but " + sources[0] + " with " + table.database + " (checksum " + table.database_checksum +
                       "); samples merge only from one database");
    if (sample.level != table.level)
      throw InputError(sources[s] + ": estimated at " + level_name(sample.level) + " level, but " + sources[0] + " at " +
                       level_name(table.level));
    if (std::find(table.samples.begin(), table.samples.end(), sample.sample) != table.samples.end())
      throw InputError(sources[s] + ": sample name '" + sample.sample + "' appears twice");
    table.samples.push_back(sample.sample);
    for (const AbundanceRow& row : sample.rows) {
      auto [found, inserted] = row_of.try_emplace(row.taxid, table.rows.size());
      if (inserted) table.rows.push_back({row.taxid, row.name, row.lineage, {}});
      auto& reads = table.rows[found->second].reads;
      reads.resize(samples.size(), 0);
      reads[s] = row.estimated;
    }
  }
  for (auto& row : table.rows) row.reads.resize(samples.size(), 0);
  std::sort(table.rows.begin(), table.rows.end(), [](const MergedTable::Row& a, const MergedTable::Row& b) {
    const auto total_a = std::accumulate(a.reads.begin(), a.reads.end(), std::uint64_t{0});
    const auto total_b = std::accumulate(b.reads.begin(), b.reads.end(), std::uint64_t{0});
    return total_a != total_b ? total_a > total_b : a.taxid < b.taxid;
  });
  for (std::size_t s = 0; s < samples.size(); ++s) {
    std::vector<std::uint64_t> counts;
    for (const auto& row : table.rows) counts.push_back(row.reads[s]);
    table.alpha.push_back(alpha_diversity(counts, rarefy_depth, seed));
  }
  return table;
}

std::string format_merged_tsv(const MergedTable& table) {
  std::string out = "taxid\tname\tlineage";
  for (const std::string& sample : table.samples) out += '\t' + sample;
  out += '\n';
  for (const auto& row : table.rows) {
    std::string lineage;
    for (const auto& [letter, name] : row.lineage) lineage += (lineage.empty() ? "" : ";") + std::string(1, letter) + "__" + name;
    out += std::to_string(row.taxid) + '\t' + row.name + '\t' + lineage;
    for (const std::uint64_t reads : row.reads) out += '\t' + std::to_string(reads);
    out += '\n';
  }
  return out;
}

std::string format_alpha_tsv(const MergedTable& table) {
  std::string out = "sample\tdepth\trarefied_to\tseed\tobserved\tshannon\tsimpson\tchao1\n";
  char numbers[160];
  for (std::size_t s = 0; s < table.samples.size(); ++s) {
    const AlphaDiversity& alpha = table.alpha[s];
    std::snprintf(numbers, sizeof numbers, "\t%llu\t%.4f\t%.4f\t%.2f\n", static_cast<unsigned long long>(alpha.observed),
                  alpha.shannon, alpha.simpson, alpha.chao1);
    out += table.samples[s] + '\t' + std::to_string(alpha.depth) + '\t' +
           (alpha.rarefied_to ? std::to_string(*alpha.rarefied_to) : std::string("none")) + '\t' +
           (alpha.rarefied_to ? std::to_string(alpha.seed) : std::string("-")) + numbers;
  }
  return out;
}

std::string format_biom(const MergedTable& table, const std::string& date) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : table.rows) {
    nlohmann::ordered_json taxonomy = nlohmann::ordered_json::array();
    // kraken-biom and phyloseq's Greengenes parser expect k__ for the top rank.
    for (const auto& [letter, name] : row.lineage) taxonomy.push_back(std::string(1, letter == 'd' ? 'k' : letter) + "__" + name);
    rows.push_back({{"id", std::to_string(row.taxid)}, {"metadata", {{"taxonomy", taxonomy}}}});
  }
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (const std::string& sample : table.samples) columns.push_back({{"id", sample}, {"metadata", nullptr}});
  nlohmann::ordered_json data = nlohmann::ordered_json::array();
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    for (std::size_t s = 0; s < table.samples.size(); ++s)
      if (table.rows[r].reads[s] > 0) data.push_back({r, s, table.rows[r].reads[s]});
  const nlohmann::ordered_json biom = {
      {"id", nullptr},
      {"format", "Biological Observation Matrix 1.0.0"},
      {"format_url", "http://biom-format.org"},
      {"type", "Taxon table"},
      {"generated_by", "neurotax " NEUROTAX_VERSION},
      {"date", date},
      {"rows", rows},
      {"columns", columns},
      {"matrix_type", "sparse"},
      {"matrix_element_type", "int"},
      {"shape", {table.rows.size(), table.samples.size()}},
      {"data", data}};
  return biom.dump() + "\n";
}

}  // namespace neurotax::pipeline
