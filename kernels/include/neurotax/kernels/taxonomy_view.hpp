#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace neurotax::kernels {

/// Ranks in tree order. Only these are called; other ranks of an imported
/// taxonomy are kept as kNoRank nodes so that the tree shape is preserved.
enum class Rank : std::uint8_t {
  kRoot = 0,
  kDomain,
  kKingdom,
  kPhylum,
  kClass,
  kOrder,
  kFamily,
  kGenus,
  kSpecies,
  kNoRank,
};
inline constexpr std::array<Rank, 8> kCalledRanks = {Rank::kDomain, Rank::kKingdom, Rank::kPhylum,
                                                     Rank::kClass,  Rank::kOrder,   Rank::kFamily,
                                                     Rank::kGenus,  Rank::kSpecies};

/// Lower-case rank word, as used in lineages and JSON output.
[[nodiscard]] std::string_view rank_name(Rank rank) noexcept;
/// One-letter prefix used by SINTAX lineages (d, k, p, c, o, f, g, s; "r" for root).
[[nodiscard]] char rank_letter(Rank rank) noexcept;

inline constexpr std::uint32_t kNoTaxon = ~std::uint32_t{0};

/// Read-only view of the taxonomy's tree: internal ids are dense indices, the
/// root is 0 and is its own parent. Parents always have smaller ids than their
/// children (the builder guarantees it), so a bottom-up pass in descending id
/// order visits children before parents.
struct TaxonomyView {
  std::span<const std::uint32_t> parents;
  std::span<const Rank> ranks;
  std::span<const std::uint16_t> depths;
  /// Per taxon, its ancestor (itself included) at each of kCalledRanks, or
  /// kNoTaxon: size() * kCalledRanks.size() entries. Optional (classification).
  std::span<const std::uint32_t> rank_ancestors;
  /// Per taxon, the reference sequences in its subtree. Optional (classification).
  std::span<const std::uint32_t> clade_references;
  /// Per taxon, its number in a preorder walk and the end of its subtree's
  /// numbers: a is b or an ancestor of b exactly when
  /// preorder[a] <= preorder[b] < subtree_end[a]. Optional (classification).
  std::span<const std::uint32_t> preorder;
  std::span<const std::uint32_t> subtree_end;

  /// rank_ancestors entry of `taxon` at kCalledRanks[rank_index].
  [[nodiscard]] std::uint32_t ancestor_at_index(std::uint32_t taxon, std::size_t rank_index) const noexcept {
    return rank_ancestors[taxon * kCalledRanks.size() + rank_index];
  }

  [[nodiscard]] std::size_t size() const noexcept { return parents.size(); }

  /// The ancestor of `taxon` (itself included) at `rank`, or kNoTaxon.
  [[nodiscard]] std::uint32_t ancestor_at(std::uint32_t taxon, Rank rank) const noexcept {
    while (true) {
      if (ranks[taxon] == rank) return taxon;
      if (taxon == 0) return kNoTaxon;
      taxon = parents[taxon];
    }
  }

  /// Calls `visit` with `taxon` and each of its ancestors up to the root.
  template <typename Visit>
  void for_each_ancestor(std::uint32_t taxon, Visit&& visit) const {
    for (;; taxon = parents[taxon]) {
      visit(taxon);
      if (taxon == 0) break;
    }
  }

  [[nodiscard]] std::uint32_t lowest_common_ancestor(std::uint32_t a, std::uint32_t b) const noexcept {
    if (a == kNoTaxon) return b;
    if (b == kNoTaxon) return a;
    while (depths[a] > depths[b]) a = parents[a];
    while (depths[b] > depths[a]) b = parents[b];
    while (a != b) {
      a = parents[a];
      b = parents[b];
    }
    return a;
  }
};

/// Builds TaxonomyView::rank_ancestors from parents and ranks (parents first).
[[nodiscard]] std::vector<std::uint32_t> derive_rank_ancestors(std::span<const std::uint32_t> parents,
                                                               std::span<const Rank> ranks);

struct PreorderIntervals {
  std::vector<std::uint32_t> preorder;
  std::vector<std::uint32_t> subtree_end;
};
/// Builds TaxonomyView::preorder and subtree_end from parents (parents first).
[[nodiscard]] PreorderIntervals derive_preorder_intervals(std::span<const std::uint32_t> parents);

}  // namespace neurotax::kernels
