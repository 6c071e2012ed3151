#include "neurotax/db/ncbi_taxonomy.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "neurotax/common/atomic_output.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/db/database.hpp"
#include "neurotax/db/rdp_taxonomy.hpp"

namespace neurotax::db {
namespace {

/// Splits a .dmp line ("a\t|\tb\t|\t...\t|") into its fields.
std::vector<std::string_view> dmp_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  while (!line.empty()) {
    const auto bar = line.find("\t|");
    fields.push_back(line.substr(0, bar));
    if (bar == std::string_view::npos) break;
    line.remove_prefix(bar + 2);
    if (!line.empty() && line.front() == '\t') line.remove_prefix(1);
  }
  return fields;
}

std::uint32_t parse_taxid(std::string_view text, const std::string& where) {
  std::uint32_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc{} || result.ptr != text.data() + text.size())
    throw InputError(where + ": bad taxid '" + std::string(text) + "'");
  return value;
}

}  // namespace

NcbiTaxonomy::NcbiTaxonomy(const std::string& directory) {
  const std::string nodes_path = directory + "/nodes.dmp";
  const std::string names_path = directory + "/names.dmp";
  std::ifstream nodes(nodes_path);
  if (!nodes) throw InputError(nodes_path + ": cannot open (an NCBI taxdump folder needs nodes.dmp and names.dmp)");
  std::string line;
  std::size_t number = 0;
  while (std::getline(nodes, line)) {
    ++number;
    const std::string where = nodes_path + ": line " + std::to_string(number);
    const auto fields = dmp_fields(line);
    if (fields.size() < 3) throw InputError(where + ": expected taxid | parent | rank");
    const std::uint32_t taxid = parse_taxid(fields[0], where);
    const std::uint32_t parent = parse_taxid(fields[1], where);
    const Rank rank = taxid == 1 ? Rank::kRoot : rank_from_word(fields[2]);
    if (!nodes_.emplace(taxid, Node{parent, rank, {}}).second) throw InputError(where + ": duplicate taxid " + std::to_string(taxid));
  }
  std::ifstream names(names_path);
  if (!names) throw InputError(names_path + ": cannot open");
  number = 0;
  while (std::getline(names, line)) {
    ++number;
    const std::string where = names_path + ": line " + std::to_string(number);
    const auto fields = dmp_fields(line);
    if (fields.size() < 4) throw InputError(where + ": expected taxid | name | unique name | class");
    if (fields[3] != "scientific name") continue;
    const auto node = nodes_.find(parse_taxid(fields[0], where));
    if (node == nodes_.end()) throw InputError(where + ": taxid " + std::string(fields[0]) + " is not in nodes.dmp");
    node->second.name = std::string(fields[1]);
  }
  if (!nodes_.count(1)) throw InputError(nodes_path + ": no root (taxid 1)");
  for (const auto& [taxid, node] : nodes_) {
    if (node.name.empty()) throw InputError(names_path + ": taxid " + std::to_string(taxid) + " has no scientific name");
    if (taxid != 1 && !nodes_.count(node.parent))
      throw InputError(nodes_path + ": taxid " + std::to_string(taxid) + " has unknown parent " + std::to_string(node.parent));
  }
}

Lineage NcbiTaxonomy::lineage_of(std::uint32_t taxid) const {
  Lineage lineage;
  std::uint32_t current = taxid;
  while (current != 1) {
    const auto node = nodes_.find(current);
    if (node == nodes_.end()) throw std::invalid_argument("taxid " + std::to_string(current) + " is not in the taxonomy");
    if (lineage.size() > nodes_.size())
      throw std::invalid_argument("the parents of taxid " + std::to_string(taxid) + " form a cycle");
    lineage.push_back({node->second.rank, node->second.name, current});
    current = node->second.parent;
  }
  return {lineage.rbegin(), lineage.rend()};
}

void write_taxdump(const Database& database, const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw InputError(directory + ": cannot create folder: " + error.message());
  std::string nodes, names;
  const kernels::TaxonomyView& taxonomy = database.taxonomy();
  for (std::uint32_t t = 0; t < database.taxon_count(); ++t) {
    const Rank rank = taxonomy.ranks[t];
    const std::string rank_word = rank == Rank::kDomain ? "superkingdom"
                                  : rank == Rank::kRoot || rank == Rank::kNoRank ? "no rank"
                                                                                 : std::string(kernels::rank_name(rank));
    const std::string taxid = std::to_string(database.external_id(t));
    nodes += taxid + "\t|\t" + std::to_string(database.external_id(taxonomy.parents[t])) + "\t|\t" + rank_word + "\t|\n";
    names += taxid + "\t|\t" + std::string(database.name(t)) + "\t|\t\t|\tscientific name\t|\n";
  }
  write_file_atomically(directory + "/nodes.dmp", nodes);
  write_file_atomically(directory + "/names.dmp", names);
}

}  // namespace neurotax::db
