#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "neurotax/kernels/minimizer_index.hpp"
#include "neurotax/kernels/minimizer_scanner.hpp"
#include "neurotax/kernels/taxonomy_view.hpp"

namespace neurotax::kernels {

/// How a read is called. The scoring (documented in kernels/README.md):
///  1. every distinct minimizer of the read (both mates) found in the index is a hit;
///  2. each reference taxon scores the number of hits it contains; the best
///     `max_candidates` taxa are candidates; a read whose best taxon has fewer
///     than `min_hits` hits is unclassified;
///  3. `bootstrap_rounds` times, `bootstrap_sample` hits are drawn with
///     replacement (seeded by the read's hits, so calls do not depend on
///     threads, batching or caching) and the taxa with the most sampled hits
///     win that round, sharing the vote when they tie;
///  4. top-down through the ranks, the taxon with the most votes under the
///     taxon chosen above it is chosen; its share of the votes is that rank's
///     confidence. The call is the deepest rank whose confidence reaches
///     `confidence`, so a read that cannot separate two genera is called at
///     their family.
struct ClassifierParams {
  double confidence = 0.8;
  unsigned min_hits = 2;
  unsigned bootstrap_rounds = 100;
  unsigned bootstrap_sample = 32;
  unsigned max_candidates = 64;  ///< at most 64: candidates are bits of one word
};

void validate(const ClassifierParams& params);

struct RankCall {
  std::uint32_t taxon = kNoTaxon;
  float confidence = 0.0F;
};

struct ReadCall {
  std::uint32_t taxon = kNoTaxon;  ///< internal id of the call; kNoTaxon when unclassified
  std::array<RankCall, kCalledRanks.size()> lineage{};  ///< per entry of kCalledRanks
  std::uint32_t hit_count = 0;     ///< distinct minimizers found in the index
  [[nodiscard]] bool classified() const noexcept { return taxon != kNoTaxon; }
};

/// Per k-mer position lookup results, kept for Kraken-style hit lists.
struct ReadEvidence {
  static constexpr std::uint32_t kAmbiguous = MinimizerIndexView::kNotFound - 1;
  std::vector<std::uint32_t> key_of_position;  ///< key index, kNotFound or kAmbiguous
  std::vector<std::size_t> mate_ends;          ///< end offset of each mate in key_of_position
};

/// Classifies reads against one index. Holds per-thread scratch: make one per
/// thread and reuse it; it is not thread-safe itself.
class ReadClassifier {
 public:
  ReadClassifier(const MinimizerIndexView& index, const TaxonomyView& taxonomy,
                 const MinimizerParams& minimizers, const ClassifierParams& params);

  /// Classifies one fragment (one or two mates), filling `call` and `evidence`.
  void classify(std::span<const std::string_view> mates, ReadCall& call, ReadEvidence& evidence);

 private:
  void collect_hits(std::span<const std::string_view> mates, ReadEvidence& evidence);
  void score_candidates();
  void bootstrap(std::uint64_t seed);
  void call_lineage(ReadCall& call) const;

  const MinimizerIndexView& index_;
  const TaxonomyView& taxonomy_;
  ClassifierParams params_;
  MinimizerScanner scanner_;

  std::vector<std::uint64_t> minimizers_;
  std::vector<std::uint32_t> hits_;           // distinct key indices
  std::vector<std::uint32_t> hit_count_of_;   // dense, per taxon; zero outside a call
  std::vector<std::uint8_t> candidate_slot_;  // dense, per taxon; 0xff outside a call
  std::vector<std::uint32_t> touched_;
  std::vector<std::uint32_t> candidates_;
  std::vector<std::uint64_t> hit_masks_;      // per hit, bit c = candidate c holds it
  std::vector<float> votes_;
};

}  // namespace neurotax::kernels
