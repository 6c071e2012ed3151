#include "neurotax/kernels/word_weighing.hpp"

#include <algorithm>
#include <limits>

namespace neurotax::kernels::word_weighing {
namespace {
/// Confidences of exactly 0 or 1 (no rival; a clade no hit tells apart) would
/// have infinite logits: they count as this far from the edge. The words'
/// bootstrap draws an eighth of a fragment's words, hundreds for a long read,
/// so their confidence gets nearer.
constexpr double kMinimizerLogitEdge = 1e-3;
constexpr double kWordLogitEdge = 1e-6;

double logit(double chance, double edge) {
  chance = std::clamp(chance, edge, 1.0 - edge);
  return std::log(chance / (1.0 - chance));
}

bool amplicon_long(std::size_t bases) {
  return bases >= kFamilyAlwaysSearchedFromBases && bases < kFamilyAlwaysSearchedBelowBases;
}

double log10_bases(const CallFeatures& call) { return std::log10(static_cast<double>(std::max<std::size_t>(call.bases, 1))); }

/// Sets a rank's confidence, keeping its chance against the first rival alone
/// at least as high (it is never below the confidence against both rivals)
/// and, when the confidence falls, falling in proportion.
void set_confidence(RankCall& rank, double confidence) {
  const double before = rank.confidence;
  if (confidence >= before)
    rank.beats_rival = static_cast<float>(std::max<double>(rank.beats_rival, confidence));
  else
    rank.beats_rival = static_cast<float>(before > 0.0 ? rank.beats_rival * (confidence / before) : confidence);
  rank.confidence = static_cast<float>(confidence);
}
}  // namespace

std::size_t most_searched_references(bool unplaced, std::size_t bases) {
  if (unplaced) return std::numeric_limits<std::size_t>::max();
  return amplicon_long(bases) ? kMostSearchedReferencesOfAmplicons : kMostSearchedReferences;
}

CallFeatures call_features(const ReadCall& call, std::span<const std::string_view> mates) {
  CallFeatures features;
  features.weakest = 1.0;
  for (std::size_t r = 0; r <= kGenusRankIndex; ++r) {
    if (call.lineage[r].taxon == kNoTaxon) continue;
    features.weakest = std::min<double>(features.weakest, call.lineage[r].confidence);
    features.genus_confidence = call.lineage[r].confidence;  // the deepest named rank's, down to the genus
  }
  for (const std::string_view mate : mates) features.bases += mate.size();
  return features;
}

SureFeatures sure_features(const CallFeatures& call) {
  return {1.0, logit(call.weakest, kMinimizerLogitEdge), logit(call.genus_confidence, kMinimizerLogitEdge),
          log10_bases(call)};
}

OpinionFeatures opinion_features(const CallFeatures& call, const GenusWordJudge::Verdict& nearest,
                                 const GenusWordJudge::Verdict& words) {
  const double minimizers = logit(call.weakest, kMinimizerLogitEdge);
  const double nearness = logit(nearest.confidence, kMinimizerLogitEdge);
  const double word_confidence = logit(words.confidence, kWordLogitEdge);
  const double words_agree = words.genus == nearest.genus ? 1.0 : 0.0;
  return {1.0,
          minimizers,
          nearness,
          minimizers * nearness / 6.0,
          logit(call.genus_confidence, kMinimizerLogitEdge),
          log10_bases(call),
          word_confidence,
          words_agree,
          word_confidence * words_agree,
          std::log1p(static_cast<double>(nearest.near_words - std::min(nearest.held, nearest.near_words))),
          std::log(static_cast<double>(std::max(nearest.holders, 1U)))};
}

OpinionFeatures long_opinion_features(const CallFeatures& call, const GenusWordJudge::Verdict& nearest,
                                     const GenusWordJudge::Verdict& words) {
  OpinionFeatures features = opinion_features(call, nearest, words);
  features[kLengthFeature] = logit(nearest.resampled, kMinimizerLogitEdge);
  return features;
}

std::optional<Question> question(GenusWordJudge& judge, std::span<const std::string_view> mates,
                                 const ReadCall& call, const TaxonomyView& taxonomy) {
  const RankCall& genus = call.lineage[kGenusRankIndex];
  const bool unplaced = genus.taxon == kNoTaxon;
  Question asked;
  asked.features = call_features(call, mates);
  const std::size_t most_searched = most_searched_references(unplaced, asked.features.bases);
  GenusWordJudge::Opinions opinions;
  if (unplaced) {
    // Unplaced: the deepest clade named, and its rival there.
    std::array<std::uint32_t, 2> clades{kNoTaxon, kNoTaxon};
    for (std::size_t r = 0; r < kGenusRankIndex; ++r)
      if (call.lineage[r].taxon != kNoTaxon) clades = {call.lineage[r].taxon, call.lineage[r].rival};
    if (clades[0] == kNoTaxon) return std::nullopt;
    opinions = judge.opinions(mates, {}, {&taxonomy, clades, most_searched});
  } else {
    if (asked.features.weakest >= kUnquestionedConfidence) return asked;
    const std::array<std::uint32_t, 3> leading{genus.taxon, genus.rival, call.second_rival_genus};
    const bool family_searched = amplicon_long(asked.features.bases) || asked.features.weakest < kFamilySearchedBelow;
    const std::array<std::uint32_t, 1> family{family_searched ? taxonomy.ancestor_at_index(genus.taxon, kFamilyRankIndex)
                                                              : kNoTaxon};
    // A lone genus is both opinions' verdict, at 1; how near its references
    // lie still tells.
    opinions = judge.opinions(mates, leading, {&taxonomy, family, most_searched}, is_long(asked.features));
  }
  if (!opinions.nearest && !opinions.words) return std::nullopt;
  asked.verdict = opinions.nearest ? *opinions.nearest : *opinions.words;
  asked.words = opinions.words ? *opinions.words : *opinions.nearest;
  asked.weighed = unplaced                               ? Case::kUnplaced
                  : asked.verdict.genus == genus.taxon ? Case::kAgreed
                                                       : Case::kDisputed;
  return asked;
}

namespace {
void weigh_placed(ReadCall& call, const Question& asked, const PlacedWeights& weights, const OpinionFeatures& opinion,
                  const TaxonomyView& taxonomy) {
  if (asked.weighed == Case::kAgreed) {
    settle(call, chance_right(weights.agreed, opinion));
    return;
  }
  const double minimizers_right = chance_right(weights.minimizers_disputed, opinion);
  const double nearest_right = chance_right(weights.nearest_disputed, opinion);
  if (nearest_right > minimizers_right)
    move_to(call, asked.verdict.genus, nearest_right, taxonomy);
  else
    settle(call, minimizers_right);
}
}  // namespace

void weigh(ReadCall& call, const Question& asked, const Weights& weights, const TaxonomyView& taxonomy) {
  switch (asked.weighed) {
    case Case::kSure:
      settle(call, chance_right(weights.sure, sure_features(asked.features)));
      break;
    case Case::kAgreed:
    case Case::kDisputed:
      if (is_long(asked.features))
        weigh_placed(call, asked, weights.long_placed,
                     long_opinion_features(asked.features, asked.verdict, asked.words), taxonomy);
      else
        weigh_placed(call, asked, weights.placed, opinion_features(asked.features, asked.verdict, asked.words),
                     taxonomy);
      break;
    case Case::kUnplaced:
      move_to(call, asked.verdict.genus,
              chance_right(weights.unplaced, opinion_features(asked.features, asked.verdict, asked.words)), taxonomy);
      break;
  }
}

void settle(ReadCall& call, double chance) {
  for (std::size_t r = 0; r < call.lineage.size(); ++r) {
    RankCall& rank = call.lineage[r];
    if (rank.taxon == kNoTaxon) continue;
    if (r < kGenusRankIndex)
      set_confidence(rank, std::max<double>(rank.confidence, chance));
    else if (r == kGenusRankIndex)
      set_confidence(rank, chance);
    else
      set_confidence(rank, std::min<double>(rank.confidence, chance));
  }
}

void move_to(ReadCall& call, std::uint32_t genus, double chance, const TaxonomyView& taxonomy) {
  for (std::size_t r = 0; r <= kGenusRankIndex; ++r) {
    RankCall& rank = call.lineage[r];
    const std::uint32_t ancestor = taxonomy.ancestor_at_index(genus, r);
    if (ancestor == rank.taxon) {
      if (rank.taxon != kNoTaxon) set_confidence(rank, std::max<double>(rank.confidence, chance));
      continue;
    }
    rank = ancestor == kNoTaxon ? RankCall{}
                                : RankCall{ancestor, static_cast<float>(chance), rank.taxon, static_cast<float>(chance)};
  }
  for (std::size_t r = kGenusRankIndex + 1; r < call.lineage.size(); ++r) call.lineage[r] = RankCall{};
}

}  // namespace neurotax::kernels::word_weighing
