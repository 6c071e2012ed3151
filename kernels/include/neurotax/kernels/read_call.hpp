#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

#include "neurotax/kernels/taxonomy_view.hpp"

namespace neurotax::kernels {

/// Index of the genus in kCalledRanks (and so in ReadCall::lineage).
inline constexpr std::size_t kGenusRankIndex = 6;
static_assert(kCalledRanks[kGenusRankIndex] == Rank::kGenus);
inline constexpr std::size_t kFamilyRankIndex = 5;
static_assert(kCalledRanks[kFamilyRankIndex] == Rank::kFamily);

/// The best-supported taxon at one rank, and how sure the classifier is of it.
struct RankCall {
  std::uint32_t taxon = kNoTaxon;
  float confidence = 0.0F;         ///< against the two strongest rival clades together
  std::uint32_t rival = kNoTaxon;  ///< the strongest other taxon at this rank, if any
  float beats_rival = 0.0F;        ///< P(taxon wins a bootstrap round against `rival` alone)
};

/// What the classifier says of one fragment.
struct ReadCall {
  std::uint32_t taxon = kNoTaxon;  ///< internal id of the call; kNoTaxon when unclassified
  std::array<RankCall, kCalledRanks.size()> lineage{};  ///< best taxon and confidence per entry of kCalledRanks
  std::uint32_t hit_count = 0;     ///< distinct minimizers found in the index
  /// The genus of the second-strongest rival clade at the genus rank (after
  /// lineage[genus].rival), if any: the genus word model weighs the three.
  std::uint32_t second_rival_genus = kNoTaxon;
  [[nodiscard]] bool classified() const noexcept { return taxon != kNoTaxon; }
};

}  // namespace neurotax::kernels
