#include "neurotax/pipeline/diversity.hpp"

#include <cmath>
#include <numeric>
#include <random>

namespace neurotax::pipeline {

std::vector<std::uint64_t> rarefy(std::span<const std::uint64_t> counts, std::uint64_t depth, std::uint64_t seed) {
  // One entry per read, then a partial Fisher-Yates shuffle draws `depth` of
  // them without replacement: exact, and fixed by the seed.
  std::vector<std::uint32_t> reads;
  reads.reserve(std::accumulate(counts.begin(), counts.end(), std::uint64_t{0}));
  for (std::size_t taxon = 0; taxon < counts.size(); ++taxon)
    reads.insert(reads.end(), counts[taxon], static_cast<std::uint32_t>(taxon));
  std::vector<std::uint64_t> result(counts.size(), 0);
  std::mt19937_64 random(seed);
  const std::uint64_t draws = std::min<std::uint64_t>(depth, reads.size());
  for (std::uint64_t i = 0; i < draws; ++i) {
    const std::uint64_t j = std::uniform_int_distribution<std::uint64_t>(i, reads.size() - 1)(random);
    std::swap(reads[i], reads[j]);
    ++result[reads[i]];
  }
  return result;
}

AlphaDiversity alpha_diversity(std::span<const std::uint64_t> counts, std::optional<std::uint64_t> depth,
                               std::uint64_t seed) {
  AlphaDiversity alpha;
  alpha.seed = seed;
  std::vector<std::uint64_t> used(counts.begin(), counts.end());
  const std::uint64_t total = std::accumulate(used.begin(), used.end(), std::uint64_t{0});
  if (depth && *depth < total) {
    used = rarefy(counts, *depth, seed);
    alpha.rarefied_to = *depth;
  }
  alpha.depth = std::accumulate(used.begin(), used.end(), std::uint64_t{0});
  std::uint64_t singletons = 0, doubletons = 0;
  double sum_of_squares = 0;
  for (const std::uint64_t count : used) {
    if (count == 0) continue;
    ++alpha.observed;
    singletons += count == 1;
    doubletons += count == 2;
    const double p = static_cast<double>(count) / static_cast<double>(alpha.depth);
    alpha.shannon -= p * std::log(p);
    sum_of_squares += p * p;
  }
  alpha.simpson = alpha.depth > 0 ? 1.0 - sum_of_squares : 0.0;
  alpha.chao1 = static_cast<double>(alpha.observed) +
                static_cast<double>(singletons) * (static_cast<double>(singletons) - 1.0) /
                    (2.0 * (static_cast<double>(doubletons) + 1.0));
  return alpha;
}

}  // namespace neurotax::pipeline
