#include "neurotax/db/taxonomy.hpp"

#include <stdexcept>

#include "neurotax/kernels/minimizer_index.hpp"

namespace neurotax::db {

TaxonomyBuilder::TaxonomyBuilder() {
  parents_.push_back(0);
  ranks_.push_back(Rank::kRoot);
  depths_.push_back(0);
  names_.emplace_back("root");
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
      parent = found->second;
      continue;
    }
    const auto id = static_cast<std::uint32_t>(parents_.size());
    if (id > kernels::kMaxPostingTaxon) throw std::length_error("taxonomy exceeds 16.7 million taxa");
    parents_.push_back(parent);
    ranks_.push_back(entry.rank);
    depths_.push_back(static_cast<std::uint16_t>(depths_[parent] + 1));
    names_.push_back(entry.name);
    child_ids_.emplace(std::move(key), id);
    parent = id;
  }
  return parent;
}

}  // namespace neurotax::db
