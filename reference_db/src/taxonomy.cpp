#include "neurotax/db/taxonomy.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <stdexcept>

#include "neurotax/kernels/taxonomy_view.hpp"

namespace neurotax::db {

TaxonomyBuilder::TaxonomyBuilder() {
  parents_.push_back(0);
  ranks_.push_back(Rank::kRoot);
  depths_.push_back(0);
  names_.emplace_back("root");
  source_taxids_.push_back(0);
}

std::vector<std::uint32_t> TaxonomyBuilder::external_ids() const {
  std::uint32_t next = 1;
  for (const std::uint32_t taxid : source_taxids_) next = std::max(next, taxid + 1);
  std::vector<std::uint32_t> ids(source_taxids_);
  // The root is taxid 1, as in NCBI's taxonomy and every Kraken report.
  if (ids[0] == 0) ids[0] = taxon_of_source_taxid_.count(1) ? next++ : 1;
  next = std::max(next, ids[0] + 1);
  for (std::uint32_t& id : ids)
    if (id == 0) id = next++;
  return ids;
}

bool is_placeholder_name(std::string_view name) {
  std::string lower;
  for (const char c : clean_name(name)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.empty()) return true;
  for (const std::string_view exact : {"uncultured", "unidentified", "unknown", "unclassified", "metagenome",
                                       "environmental sample", "environmental samples", "incertae sedis",
                                       "incertae_sedis", "na", "none"})
    if (lower == exact) return true;
  for (const std::string_view prefix : {"uncultured ", "unidentified ", "unclassified ", "unknown "})
    if (lower.starts_with(prefix)) return true;
  return lower.ends_with(" metagenome");
}

std::string_view clean_name(std::string_view name) {
  const auto first = name.find_first_not_of(" \t\r\"'");
  if (first == std::string_view::npos) return {};
  const auto last = name.find_last_not_of(" \t\r\"'");
  return name.substr(first, last - first + 1);
}

std::uint32_t TaxonomyBuilder::add_lineage(const Lineage& lineage) {
  std::uint32_t parent = 0;
  Rank previous_rank = Rank::kRoot;
  for (const LineageEntry& entry : lineage) {
    if (entry.rank != Rank::kNoRank) {
      if (entry.rank <= previous_rank)
        throw std::invalid_argument("rank " + std::string(kernels::rank_name(entry.rank)) + " ('" + entry.name +
                                    "') comes after rank " + std::string(kernels::rank_name(previous_rank)));
      previous_rank = entry.rank;
    }
    auto key = std::make_tuple(parent, entry.rank, entry.name);
    auto found = child_ids_.find(key);
    if (found != child_ids_.end()) {
      if (entry.taxid != 0 && source_taxids_[found->second] != entry.taxid)
        throw std::invalid_argument("taxon '" + entry.name + "' has taxid " + std::to_string(entry.taxid) +
                                    " here but " + std::to_string(source_taxids_[found->second]) + " before");
      parent = found->second;
      continue;
    }
    if (entry.taxid != 0) {
      const auto named = taxon_of_source_taxid_.find(entry.taxid);
      if (named != taxon_of_source_taxid_.end())
        throw std::invalid_argument("taxid " + std::to_string(entry.taxid) + " names both '" + names_[named->second] +
                                    "' and '" + entry.name + "' (or sits at two places of the tree)");
    }
    const auto id = static_cast<std::uint32_t>(parents_.size());
    if (id >= kernels::kNoTaxon - 2) throw std::length_error("taxonomy exceeds 4 billion taxa");
    if (depths_[parent] == UINT16_MAX) throw std::invalid_argument("the taxonomy is deeper than 65,535 levels at '" + entry.name + "'");
    parents_.push_back(parent);
    ranks_.push_back(entry.rank);
    depths_.push_back(static_cast<std::uint16_t>(depths_[parent] + 1));
    names_.push_back(entry.name);
    source_taxids_.push_back(entry.taxid);
    if (entry.taxid != 0) taxon_of_source_taxid_.emplace(entry.taxid, id);
    child_ids_.emplace(std::move(key), id);
    parent = id;
  }
  return parent;
}

}  // namespace neurotax::db
