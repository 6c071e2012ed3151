#include "neurotax/db/rdp_taxonomy.hpp"

#include <charconv>
#include <fstream>
#include <set>
#include <stdexcept>

#include "neurotax/common/errors.hpp"
#include "neurotax/common/text.hpp"

namespace neurotax::db {

Rank rank_from_word(std::string_view word) {
  if (word == "rootrank" || word == "root") return Rank::kRoot;
  if (word == "domain" || word == "superkingdom") return Rank::kDomain;
  if (word == "kingdom") return Rank::kKingdom;
  if (word == "phylum") return Rank::kPhylum;
  if (word == "class") return Rank::kClass;
  if (word == "order") return Rank::kOrder;
  if (word == "family") return Rank::kFamily;
  if (word == "genus") return Rank::kGenus;
  if (word == "species") return Rank::kSpecies;
  return Rank::kNoRank;
}

RdpTaxonomy::RdpTaxonomy(const std::string& path) : path_(path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open taxonomy file");
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto fail = [&](const std::string& what) {
      throw InputError(path + ": line " + std::to_string(number) + ": " + what);
    };
    const std::vector<std::string_view> fields = split_fields(line, '*');
    if (fields.size() != 5) fail("expected taxid*name*parent*depth*rank, found " + std::to_string(fields.size()) + " fields");
    std::int64_t taxid = 0, parent = 0;
    if (std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), taxid).ec != std::errc{})
      fail("bad taxid '" + std::string(fields[0]) + "'");
    if (std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), parent).ec != std::errc{})
      fail("bad parent taxid '" + std::string(fields[2]) + "'");
    const Rank rank = rank_from_word(fields[4]);
    const std::string name(clean_name(fields[1]));
    if (name.empty()) fail("empty name");
    if (!nodes_.emplace(taxid, Node{parent, name, rank}).second) fail("duplicate taxid " + std::to_string(taxid));
    if (rank == Rank::kRoot) {
      if (root_ >= 0) fail("a second root");
      root_ = taxid;
    }
  }
  if (root_ < 0) throw InputError(path + ": no root (a line with rank rootrank)");
  // Every parent must exist before any chain is walked: a walk from one taxon
  // passes through others (found by fuzz_references).
  for (const auto& [taxid, node] : nodes_)
    if (taxid != root_ && !nodes_.count(node.parent))
      throw InputError(path + ": taxon " + std::to_string(taxid) + " (" + node.name + ") has unknown parent " +
                       std::to_string(node.parent));
  for (const auto& [taxid, node] : nodes_) {
    if (taxid == root_) continue;
    // Every chain must reach the root within as many steps as there are taxa.
    std::int64_t current = taxid;
    for (std::size_t steps = 0; current != root_; ++steps) {
      if (steps > nodes_.size())
        throw InputError(path + ": the parents of taxon " + std::to_string(taxid) + " (" + node.name + ") form a cycle");
      current = nodes_.at(current).parent;
    }
    child_by_name_.emplace(std::make_pair(node.parent, node.name), taxid);
    if (node.rank == Rank::kGenus) genera_by_name_[node.name].push_back(taxid);
  }
}

Lineage RdpTaxonomy::lineage_of(std::int64_t taxid) const {
  Lineage lineage;
  for (std::int64_t current = taxid; current != root_; current = nodes_.at(current).parent) {
    const Node& node = nodes_.at(current);
    lineage.push_back({node.rank, node.name, 0});
  }
  return {lineage.rbegin(), lineage.rend()};
}

Lineage RdpTaxonomy::lineage_of_path(const std::vector<std::string_view>& names) const {
  std::int64_t current = root_;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string name(clean_name(names[i]));
    if (i == 0 && current == root_ && name == nodes_.at(root_).name) continue;
    const auto child = child_by_name_.find(std::make_pair(current, name));
    if (child == child_by_name_.end())
      throw std::invalid_argument("'" + name + "' is not a child of '" + nodes_.at(current).name + "' in " + path_);
    current = child->second;
  }
  return lineage_of(current);
}

Lineage RdpTaxonomy::lineage_of_genus(std::string_view genus) const {
  const auto found = genera_by_name_.find(clean_name(genus));
  if (found == genera_by_name_.end() || found->second.size() != 1) return {};
  return lineage_of(found->second.front());
}

std::vector<std::string> RdpTaxonomy::genus_names() const {
  std::vector<std::string> names;
  for (const auto& [name, taxids] : genera_by_name_) names.push_back(name);
  return names;
}

}  // namespace neurotax::db
