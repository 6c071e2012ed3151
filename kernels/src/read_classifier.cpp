#include "neurotax/kernels/read_classifier.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "neurotax/kernels/hash.hpp"

namespace neurotax::kernels {
namespace {

constexpr std::uint8_t kNoSlot = 0xff;

/// splitmix64: small, fast and good enough to draw bootstrap samples.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, bound) by Lemire's multiply-shift (bias is negligible here).
  std::uint32_t below(std::uint32_t bound) noexcept {
    return static_cast<std::uint32_t>(((next() >> 32) * bound) >> 32);
  }

 private:
  std::uint64_t state_;
};

}  // namespace

void validate(const ClassifierParams& params) {
  if (!(params.confidence >= 0.0 && params.confidence <= 1.0))
    throw std::invalid_argument("confidence must be between 0 and 1");
  if (params.bootstrap_rounds == 0) throw std::invalid_argument("bootstrap rounds must be at least 1");
  if (params.bootstrap_sample == 0 || params.bootstrap_sample > 65535)
    throw std::invalid_argument("bootstrap sample must be between 1 and 65535");
  if (params.max_candidates == 0 || params.max_candidates > 64)
    throw std::invalid_argument("max candidates must be between 1 and 64");
}

ReadClassifier::ReadClassifier(const MinimizerIndexView& index, const TaxonomyView& taxonomy,
                               const MinimizerParams& minimizers, const ClassifierParams& params)
    : index_(index),
      taxonomy_(taxonomy),
      params_(params),
      scanner_(minimizers),
      hit_count_of_(taxonomy.size(), 0),
      candidate_slot_(taxonomy.size(), kNoSlot) {
  validate(params_);
}

void ReadClassifier::collect_hits(std::span<const std::string_view> mates, ReadEvidence& evidence) {
  evidence.key_of_position.clear();
  evidence.mate_ends.clear();
  hits_.clear();
  for (const std::string_view mate : mates) {
    scanner_.scan(mate, minimizers_);
    // Neighbouring k-mers usually share their minimizer: look each run up once.
    std::uint64_t previous = kAmbiguousKmer;
    std::uint32_t previous_key = ReadEvidence::kAmbiguous;
    for (const std::uint64_t minimizer : minimizers_) {
      if (minimizer != previous) {
        previous = minimizer;
        previous_key = minimizer == kAmbiguousKmer ? ReadEvidence::kAmbiguous : index_.find(minimizer);
        if (previous_key < ReadEvidence::kAmbiguous) hits_.push_back(previous_key);
      }
      evidence.key_of_position.push_back(previous_key);
    }
    evidence.mate_ends.push_back(evidence.key_of_position.size());
  }
  std::sort(hits_.begin(), hits_.end());
  hits_.erase(std::unique(hits_.begin(), hits_.end()), hits_.end());
}

void ReadClassifier::score_candidates() {
  touched_.clear();
  for (const std::uint32_t key : hits_) {
    for (const Posting posting : index_.postings_of(key)) {
      const std::uint32_t taxon = posting.taxon();
      if (hit_count_of_[taxon]++ == 0) touched_.push_back(taxon);
    }
  }
  const auto better = [this](std::uint32_t a, std::uint32_t b) {
    return hit_count_of_[a] != hit_count_of_[b] ? hit_count_of_[a] > hit_count_of_[b] : a < b;
  };
  const std::size_t keep = std::min<std::size_t>(params_.max_candidates, touched_.size());
  std::partial_sort(touched_.begin(), touched_.begin() + static_cast<std::ptrdiff_t>(keep), touched_.end(),
                    better);
  candidates_.assign(touched_.begin(), touched_.begin() + static_cast<std::ptrdiff_t>(keep));
}

void ReadClassifier::bootstrap(std::uint64_t seed) {
  for (std::size_t c = 0; c < candidates_.size(); ++c) candidate_slot_[candidates_[c]] = static_cast<std::uint8_t>(c);
  hit_masks_.assign(hits_.size(), 0);
  for (std::size_t h = 0; h < hits_.size(); ++h) {
    for (const Posting posting : index_.postings_of(hits_[h])) {
      const std::uint8_t slot = candidate_slot_[posting.taxon()];
      if (slot != kNoSlot) hit_masks_[h] |= std::uint64_t{1} << slot;
    }
  }
  for (const std::uint32_t taxon : candidates_) candidate_slot_[taxon] = kNoSlot;

  votes_.assign(candidates_.size(), 0.0F);
  SplitMix64 random(seed);
  std::array<std::uint16_t, 64> sampled{};
  const auto hit_total = static_cast<std::uint32_t>(hits_.size());
  for (unsigned round = 0; round < params_.bootstrap_rounds; ++round) {
    sampled.fill(0);
    for (unsigned draw = 0; draw < params_.bootstrap_sample; ++draw) {
      for (std::uint64_t mask = hit_masks_[random.below(hit_total)]; mask != 0; mask &= mask - 1)
        ++sampled[static_cast<std::size_t>(std::countr_zero(mask))];
    }
    std::uint16_t best = 0;
    for (std::size_t c = 0; c < candidates_.size(); ++c) best = std::max(best, sampled[c]);
    if (best == 0) continue;  // the round drew only hits outside the candidates
    unsigned winners = 0;
    for (std::size_t c = 0; c < candidates_.size(); ++c) winners += sampled[c] == best;
    const float share = 1.0F / static_cast<float>(winners);
    for (std::size_t c = 0; c < candidates_.size(); ++c)
      if (sampled[c] == best) votes_[c] += share;
  }
}

void ReadClassifier::call_lineage(ReadCall& call) const {
  // `eligible` marks candidates under the taxon chosen at the previous rank.
  std::uint64_t eligible = candidates_.size() == 64 ? ~std::uint64_t{0}
                                                     : (std::uint64_t{1} << candidates_.size()) - 1;
  const float rounds = static_cast<float>(params_.bootstrap_rounds);
  call.taxon = 0;  // hits enough to be placed at least at the root
  bool confident = true;
  for (std::size_t r = 0; r < kCalledRanks.size(); ++r) {
    std::array<std::uint32_t, 64> group{};
    for (std::size_t c = 0; c < candidates_.size(); ++c)
      group[c] = (eligible >> c) & 1U ? taxonomy_.ancestor_at(candidates_[c], kCalledRanks[r]) : kNoTaxon;
    // Few distinct groups per rank: a linear map beats sorting here.
    std::array<std::uint32_t, 64> group_ids{};
    std::array<float, 64> group_votes{};
    std::size_t group_count = 0;
    for (std::size_t c = 0; c < candidates_.size(); ++c) {
      if (group[c] == kNoTaxon) continue;
      std::size_t g = 0;
      while (g < group_count && group_ids[g] != group[c]) ++g;
      if (g == group_count) {
        group_ids[group_count] = group[c];
        group_votes[group_count++] = 0.0F;
      }
      group_votes[g] += votes_[c];
    }
    std::uint32_t chosen = kNoTaxon;
    float chosen_votes = -1.0F;
    for (std::size_t g = 0; g < group_count; ++g) {
      if (group_votes[g] > chosen_votes || (group_votes[g] == chosen_votes && group_ids[g] < chosen)) {
        chosen = group_ids[g];
        chosen_votes = group_votes[g];
      }
    }
    if (chosen == kNoTaxon) continue;  // no candidate has this rank (e.g. no species)
    std::uint64_t next_eligible = 0;
    for (std::size_t c = 0; c < candidates_.size(); ++c)
      if (group[c] == chosen) next_eligible |= std::uint64_t{1} << c;
    eligible = next_eligible;
    const float confidence = std::min(1.0F, chosen_votes / rounds);
    call.lineage[r] = {chosen, confidence};
    confident = confident && confidence >= static_cast<float>(params_.confidence);
    if (confident) call.taxon = chosen;
  }
}

void ReadClassifier::classify(std::span<const std::string_view> mates, ReadCall& call,
                              ReadEvidence& evidence) {
  call = ReadCall{};
  collect_hits(mates, evidence);
  call.hit_count = static_cast<std::uint32_t>(hits_.size());
  if (hits_.empty()) return;

  score_candidates();
  const bool enough = !candidates_.empty() && hit_count_of_[candidates_.front()] >= params_.min_hits;
  if (enough) {
    std::uint64_t seed = 0x6e6575726f746178ULL;
    for (const std::uint32_t key : hits_) seed = mix64(seed ^ key);
    bootstrap(seed);
    call_lineage(call);
  }
  for (const std::uint32_t taxon : touched_) hit_count_of_[taxon] = 0;
}

}  // namespace neurotax::kernels
