#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace neurotax::pipeline {

/// Alpha diversity of one sample's counts at one rank.
struct AlphaDiversity {
  std::uint64_t depth = 0;    ///< reads the metrics were computed on
  std::uint64_t observed = 0; ///< taxa with at least one read
  double shannon = 0;         ///< -sum p ln p
  double simpson = 0;         ///< Gini-Simpson, 1 - sum p^2
  double chao1 = 0;           ///< bias-corrected: S + F1 (F1 - 1) / (2 (F2 + 1))
  std::optional<std::uint64_t> rarefied_to;  ///< set when the counts were subsampled
  std::uint64_t seed = 0;
};

/// Subsamples `counts` to `depth` reads without replacement, deterministically
/// for a given seed (the same counts, depth and seed always give the same result).
[[nodiscard]] std::vector<std::uint64_t> rarefy(std::span<const std::uint64_t> counts, std::uint64_t depth,
                                                std::uint64_t seed);

/// Metrics of `counts`, rarefied first when `depth` is set and smaller than the total.
[[nodiscard]] AlphaDiversity alpha_diversity(std::span<const std::uint64_t> counts, std::optional<std::uint64_t> depth,
                                             std::uint64_t seed);

}  // namespace neurotax::pipeline
