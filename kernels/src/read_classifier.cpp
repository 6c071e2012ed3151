#include "neurotax/kernels/read_classifier.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace neurotax::kernels {

void validate(const ClassifierParams& params) {
  if (!(params.confidence >= 0.0 && params.confidence <= 1.0))
    throw std::invalid_argument("confidence must be between 0 and 1");
  if (params.bootstrap_sample == 0) throw std::invalid_argument("bootstrap sample must be at least 1");
  if (!(params.evidence_weight >= 0.0 && params.evidence_weight <= 1.0))
    throw std::invalid_argument("evidence weight must be between 0 and 1");
}

ReadClassifier::ReadClassifier(const MinimizerIndexView& index, const TaxonomyView& taxonomy,
                               const MinimizerParams& minimizers, const ClassifierParams& params)
    : index_(index), taxonomy_(taxonomy), params_(params), scanner_(minimizers) {
  validate(params_);
  if (taxonomy_.rank_ancestors.size() != taxonomy_.size() * kCalledRanks.size() ||
      taxonomy_.clade_references.size() != taxonomy_.size())
    throw std::invalid_argument("classification needs the taxonomy's rank ancestors and clade references");
}

void ReadClassifier::collect_hits(std::span<const std::string_view> mates, ReadEvidence& evidence) {
  evidence.taxon_of_position.clear();
  evidence.mate_ends.clear();
  hits_.clear();
  for (const std::string_view mate : mates) {
    scanner_.scan(mate, minimizers_);
    // Issue every table access of the mate before using any, so that the
    // cache misses overlap instead of queueing one after another.
    std::uint64_t previous = kAmbiguousKmer;
    for (const std::uint64_t minimizer : minimizers_) {
      if (minimizer != previous && minimizer != kAmbiguousKmer) index_.prefetch(minimizer);
      previous = minimizer;
    }
    // Neighbouring k-mers usually share their minimizer: look each run up once.
    previous = kAmbiguousKmer;
    std::uint32_t previous_taxon = ReadEvidence::kAmbiguous;
    for (const std::uint64_t minimizer : minimizers_) {
      if (minimizer != previous) {
        previous = minimizer;
        if (minimizer == kAmbiguousKmer) {
          previous_taxon = ReadEvidence::kAmbiguous;
        } else if (const IndexSlot* slot = index_.find(minimizer)) {
          previous_taxon = slot->lca;
          hits_.push_back(slot);
        } else {
          previous_taxon = ReadEvidence::kNotFound;
        }
      }
      evidence.taxon_of_position.push_back(previous_taxon);
    }
    evidence.mate_ends.push_back(evidence.taxon_of_position.size());
  }
  std::sort(hits_.begin(), hits_.end());
  hits_.erase(std::unique(hits_.begin(), hits_.end()), hits_.end());

  hit_postings_.clear();
  hit_begin_.clear();
  Posting inline_posting{};
  for (const IndexSlot* slot : hits_) {
    hit_begin_.push_back(static_cast<std::uint32_t>(hit_postings_.size()));
    const auto postings = index_.postings_of(*slot, inline_posting);
    hit_postings_.insert(hit_postings_.end(), postings.begin(), postings.end());
  }
  hit_begin_.push_back(static_cast<std::uint32_t>(hit_postings_.size()));
}

void ReadClassifier::score_rank(std::size_t rank_index, std::size_t parent_rank_index, std::uint32_t parent) {
  group_weights_.clear();
  group_totals_.clear();
  for (std::uint32_t h = 0; h + 1 < hit_begin_.size(); ++h) {
    const std::size_t first = group_weights_.size();
    for (std::uint32_t e = hit_begin_[h]; e < hit_begin_[h + 1]; ++e) {
      const Posting& posting = hit_postings_[e];
      const std::uint32_t group = taxonomy_.ancestor_at_index(posting.taxon, rank_index);
      if (group == kNoTaxon) continue;  // a posting above this rank supports every rival alike
      if (parent != kNoTaxon && taxonomy_.ancestor_at_index(posting.taxon, parent_rank_index) != parent) continue;
      auto same = std::find_if(group_weights_.begin() + static_cast<std::ptrdiff_t>(first), group_weights_.end(),
                               [group](const GroupWeight& g) { return g.group == group; });
      if (same == group_weights_.end())
        group_weights_.push_back({h, group, static_cast<float>(posting.sequences)});
      else
        same->weight += static_cast<float>(posting.sequences);
    }
    for (std::size_t g = first; g < group_weights_.size(); ++g) {
      GroupWeight& weight = group_weights_[g];
      const double fraction =
          std::min(1.0, static_cast<double>(weight.weight) / std::max(1U, taxonomy_.clade_references[weight.group]));
      weight.weight = static_cast<float>(params_.evidence_weight == 0.0 ? 1.0 : std::pow(fraction, params_.evidence_weight));
      auto total = std::find_if(group_totals_.begin(), group_totals_.end(),
                                [&](const auto& entry) { return entry.first == weight.group; });
      if (total == group_totals_.end())
        group_totals_.emplace_back(weight.group, weight.weight);
      else
        total->second += weight.weight;
    }
  }
}

double ReadClassifier::win_probability(std::uint32_t chosen, std::uint32_t rival) const {
  // Per-hit score differences d_h = w_h(chosen) - w_h(rival); a bootstrap of s
  // draws sums s of them: mean s*m, variance s*v. P(sum > 0), ties counted half.
  const auto hits = static_cast<double>(hits_.size());
  double sum = 0.0, sum_of_squares = 0.0;
  std::uint32_t current_hit = ~std::uint32_t{0};
  double difference = 0.0;
  const auto flush = [&] {
    sum += difference;
    sum_of_squares += difference * difference;
    difference = 0.0;
  };
  for (const GroupWeight& weight : group_weights_) {
    if (weight.hit != current_hit) {
      flush();
      current_hit = weight.hit;
    }
    if (weight.group == chosen) difference += weight.weight;
    if (weight.group == rival) difference -= weight.weight;
  }
  flush();
  const double mean = sum / hits;
  const double variance = sum_of_squares / hits - mean * mean;
  if (variance <= 1e-12) return mean > 0 ? 1.0 : 0.5;
  const double z = std::sqrt(static_cast<double>(params_.bootstrap_sample)) * mean / std::sqrt(variance);
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

void ReadClassifier::call_lineage(ReadCall& call) {
  std::uint32_t parent = kNoTaxon;
  std::size_t parent_rank_index = 0;
  bool confident = true;
  call.taxon = 0;  // supported, so placed at least at the root
  for (std::size_t r = 0; r < kCalledRanks.size(); ++r) {
    score_rank(r, parent_rank_index, parent);
    if (group_totals_.empty()) continue;  // no taxon of this rank under the parent (e.g. no species)
    std::sort(group_totals_.begin(), group_totals_.end(),
              [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    const std::uint32_t chosen = group_totals_[0].first;
    // The two strongest rivals; kNoTaxon stands for "no rival" (a round in which nothing is drawn).
    const std::uint32_t rival1 = group_totals_.size() > 1 ? group_totals_[1].first : kNoTaxon;
    const std::uint32_t rival2 = group_totals_.size() > 2 ? group_totals_[2].first : kNoTaxon;
    const double confidence = win_probability(chosen, rival1) * win_probability(chosen, rival2);
    call.lineage[r] = {chosen, static_cast<float>(confidence)};
    confident = confident && confidence >= params_.confidence;
    if (confident) call.taxon = chosen;
    parent = chosen;
    parent_rank_index = r;
  }
}

void ReadClassifier::classify(std::span<const std::string_view> mates, ReadCall& call, ReadEvidence& evidence) {
  call = ReadCall{};
  collect_hits(mates, evidence);
  call.hit_count = static_cast<std::uint32_t>(hits_.size());
  if (hits_.size() < params_.min_hits) return;
  call_lineage(call);
  // Too little support for even the best domain: no call at all.
  std::size_t supporting = 0;
  const std::uint32_t domain = call.lineage[0].taxon;
  if (domain != kNoTaxon) {
    for (std::uint32_t h = 0; h + 1 < hit_begin_.size(); ++h)
      for (std::uint32_t e = hit_begin_[h]; e < hit_begin_[h + 1]; ++e)
        if (taxonomy_.ancestor_at_index(hit_postings_[e].taxon, 0) == domain) {
          ++supporting;
          break;
        }
  }
  if (domain != kNoTaxon && supporting < params_.min_hits) call = ReadCall{.taxon = kNoTaxon, .lineage = {}, .hit_count = call.hit_count};
}

}  // namespace neurotax::kernels
