#include "neurotax/kernels/taxonomy_view.hpp"

#include <algorithm>

namespace neurotax::kernels {

std::string_view rank_name(Rank rank) noexcept {
  switch (rank) {
    case Rank::kRoot: return "root";
    case Rank::kDomain: return "domain";
    case Rank::kKingdom: return "kingdom";
    case Rank::kPhylum: return "phylum";
    case Rank::kClass: return "class";
    case Rank::kOrder: return "order";
    case Rank::kFamily: return "family";
    case Rank::kGenus: return "genus";
    case Rank::kSpecies: return "species";
    case Rank::kNoRank: return "no rank";
  }
  return "no rank";
}

char rank_letter(Rank rank) noexcept {
  switch (rank) {
    case Rank::kRoot: return 'r';
    case Rank::kDomain: return 'd';
    case Rank::kKingdom: return 'k';
    case Rank::kPhylum: return 'p';
    case Rank::kClass: return 'c';
    case Rank::kOrder: return 'o';
    case Rank::kFamily: return 'f';
    case Rank::kGenus: return 'g';
    case Rank::kSpecies: return 's';
    case Rank::kNoRank: return 'x';
  }
  return 'x';
}

std::vector<std::uint32_t> derive_rank_ancestors(std::span<const std::uint32_t> parents, std::span<const Rank> ranks) {
  constexpr std::size_t kRanks = kCalledRanks.size();
  std::vector<std::uint32_t> table(parents.size() * kRanks, kNoTaxon);
  for (std::size_t t = 1; t < parents.size(); ++t) {
    // Parents precede children, so the parent's row is complete already.
    std::copy_n(table.begin() + static_cast<std::ptrdiff_t>(parents[t] * kRanks), kRanks,
                table.begin() + static_cast<std::ptrdiff_t>(t * kRanks));
    for (std::size_t r = 0; r < kRanks; ++r)
      if (kCalledRanks[r] == ranks[t]) table[t * kRanks + r] = static_cast<std::uint32_t>(t);
  }
  return table;
}

PreorderIntervals derive_preorder_intervals(std::span<const std::uint32_t> parents) {
  const std::size_t taxa = parents.size();
  std::vector<std::uint32_t> subtree_size(taxa, 1);
  for (std::size_t t = taxa; t-- > 1;) subtree_size[parents[t]] += subtree_size[t];
  PreorderIntervals intervals{std::vector<std::uint32_t>(taxa, 0), std::vector<std::uint32_t>(taxa, 0)};
  // next_child[p]: the preorder number the next child of p takes; parents
  // precede children, so a parent is numbered before any of its children.
  std::vector<std::uint32_t> next_child(taxa, 0);
  if (taxa > 0) next_child[0] = 1;
  for (std::size_t t = 1; t < taxa; ++t) {
    intervals.preorder[t] = next_child[parents[t]];
    next_child[parents[t]] += subtree_size[t];
    next_child[t] = intervals.preorder[t] + 1;
  }
  for (std::size_t t = 0; t < taxa; ++t) intervals.subtree_end[t] = intervals.preorder[t] + subtree_size[t];
  return intervals;
}

}  // namespace neurotax::kernels
