#include "neurotax/pipeline/reestimation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "neurotax/kernels/hash.hpp"

namespace neurotax::pipeline {

std::size_t rank_index_of(EstimationLevel level) noexcept {
  const kernels::Rank rank = level == EstimationLevel::kGenus ? kernels::Rank::kGenus : kernels::Rank::kSpecies;
  return static_cast<std::size_t>(std::find(kernels::kCalledRanks.begin(), kernels::kCalledRanks.end(), rank) -
                                  kernels::kCalledRanks.begin());
}

void AmbiguousReads::add(std::uint32_t call, const std::vector<Candidate>& candidates, std::uint64_t count) {
  key_.clear();
  key_.push_back(call);
  for (const Candidate& candidate : candidates) {
    key_.push_back(candidate.taxon);
    key_.push_back(candidate.weight);
  }
  add_key(key_, count);
}

void AmbiguousReads::add_key(std::span<const std::uint32_t> key, std::uint64_t count) {
  if (2 * (groups_.size() + 1) > slots_.size()) grow();
  const auto hash = static_cast<std::uint32_t>(kernels::hash_words(key));
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = hash & mask;; s = (s + 1) & mask) {
    Slot& slot = slots_[s];
    if (slot.group == 0) {
      if (keys_.size() + key.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("too many groups of ambiguous reads");
      groups_.push_back({static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(key.size()), count});
      keys_.insert(keys_.end(), key.begin(), key.end());
      slot = {hash, static_cast<std::uint32_t>(groups_.size())};
      return;
    }
    if (slot.hash == hash && std::ranges::equal(key_of(groups_[slot.group - 1]), key)) {
      groups_[slot.group - 1].reads += count;
      return;
    }
  }
}

void AmbiguousReads::grow() {
  // The slot keeps only 32 bits of the hash, which pick the slot too.
  slots_.assign(std::max<std::size_t>(64, 2 * slots_.size()), Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const auto hash = static_cast<std::uint32_t>(kernels::hash_words(key_of(groups_[g])));
    std::size_t s = hash & mask;
    while (slots_[s].group != 0) s = (s + 1) & mask;
    slots_[s] = {hash, static_cast<std::uint32_t>(g + 1)};
  }
}

void AmbiguousReads::merge(const AmbiguousReads& other) {
  for (const GroupEntry& group : other.groups_) add_key(other.key_of(group), group.reads);
}

std::vector<AmbiguousReads::Group> AmbiguousReads::groups() const {
  std::vector<const GroupEntry*> sorted;
  sorted.reserve(groups_.size());
  for (const GroupEntry& group : groups_) sorted.push_back(&group);
  std::sort(sorted.begin(), sorted.end(), [this](const GroupEntry* a, const GroupEntry* b) {
    return std::ranges::lexicographical_compare(key_of(*a), key_of(*b));
  });
  std::vector<Group> result;
  result.reserve(sorted.size());
  for (const GroupEntry* entry : sorted) {
    const std::span<const std::uint32_t> key = key_of(*entry);
    Group group{key.front(), {}, entry->reads};
    for (std::size_t i = 1; i + 1 < key.size(); i += 2) group.candidates.push_back({key[i], key[i + 1]});
    result.push_back(std::move(group));
  }
  return result;
}

void level_candidates(std::uint32_t call, std::span<const std::uint32_t> hit_taxa, std::size_t rank_index,
                      const kernels::TaxonomyView& taxonomy, std::vector<Candidate>& out) {
  out.clear();
  for (const std::uint32_t taxon : hit_taxa) {
    if (taxon >= taxonomy.size()) continue;
    const std::uint32_t at_level = taxonomy.ancestor_at_index(taxon, rank_index);
    if (at_level == kernels::kNoTaxon) continue;
    if (taxonomy.lowest_common_ancestor(at_level, call) != call) continue;  // not under the call
    out.push_back({at_level, 1});
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.taxon < b.taxon; });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (kept > 0 && out[kept - 1].taxon == out[i].taxon)
      ++out[kept - 1].weight;
    else
      out[kept++] = out[i];
  }
  out.resize(kept);
  // Hits per candidate become likelihoods: each hit fewer halves it.
  std::uint32_t best = 0;
  for (const Candidate& candidate : out) best = std::max(best, candidate.weight);
  for (Candidate& candidate : out)
    candidate.weight = std::max<std::uint32_t>(
        1, static_cast<std::uint32_t>(std::ldexp(static_cast<double>(kFullWeight),
                                                 -static_cast<int>(std::min<std::uint32_t>(best - candidate.weight, 20)))));
}

void classifier_candidates(const kernels::RankCall& at_level, std::vector<Candidate>& out) {
  out.clear();
  if (at_level.taxon == kernels::kNoTaxon) return;
  // From the head-to-head odds, not the confidence: the confidence also counts
  // a third clade, so 1 - confidence would favour the rival over the best
  // taxon and expectation-maximisation would hand it every such read. The
  // odds are sharpened (raised to the fourth power) because a bootstrap
  // probability flattens the likelihood ratio that many discriminating hits
  // make: on the simulated mixes of benchmarks/macro/abundance_vs_truth.py,
  // powers 1 to 16 were tried; from 4 on neurotax is closer to the truth than
  // Kraken 2 + EM on every read set (seed 1, and seed 2, which was not used to
  // choose), and 1 loses on full-length reads.
  const auto fourth_power = [](double x) { return (x * x) * (x * x); };
  const double best_sharpened = fourth_power(at_level.beats_rival);
  const double rival_sharpened = fourth_power(1.0 - at_level.beats_rival);
  const auto best =
      static_cast<std::uint32_t>(std::lround(best_sharpened / (best_sharpened + rival_sharpened) * kFullWeight));
  out.push_back({at_level.taxon, std::max<std::uint32_t>(best, 1)});
  if (at_level.rival != kernels::kNoTaxon && best < kFullWeight) out.push_back({at_level.rival, kFullWeight - best});
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.taxon < b.taxon; });
}

LevelEstimate reestimate(std::span<const std::uint64_t> clade_counts, const AmbiguousReads& ambiguous,
                         std::size_t rank_index, const kernels::TaxonomyView& taxonomy) {
  LevelEstimate estimate;
  std::unordered_map<std::uint32_t, std::size_t> slot_of;
  for (std::uint32_t t = 0; t < taxonomy.size(); ++t) {
    if (taxonomy.ranks[t] != kernels::kCalledRanks[rank_index] || clade_counts[t] == 0) continue;
    slot_of.emplace(t, estimate.taxa.size());
    estimate.taxa.push_back(t);
    estimate.assigned.push_back(clade_counts[t]);
  }
  // Each group as the slots it may go to; candidates the classifier never
  // placed reads on still take part (they may hold only ambiguous reads).
  struct Share {
    std::vector<std::size_t> slots;
    std::vector<double> likelihood;  // per slot, relative to the best-supported candidate
    double reads;
  };
  std::vector<Share> shares;
  for (const AmbiguousReads::Group& group : ambiguous.groups()) {
    Share share{{}, {}, static_cast<double>(group.reads)};
    for (const Candidate& candidate : group.candidates) {
      auto [found, inserted] = slot_of.try_emplace(candidate.taxon, estimate.taxa.size());
      if (inserted) {
        estimate.taxa.push_back(candidate.taxon);
        estimate.assigned.push_back(0);
      }
      share.slots.push_back(found->second);
      share.likelihood.push_back(static_cast<double>(candidate.weight) / kFullWeight);
    }
    if (share.slots.empty()) {
      for (std::size_t s = 0; s < estimate.taxa.size(); ++s)
        if (estimate.assigned[s] > 0 && taxonomy.lowest_common_ancestor(estimate.taxa[s], group.call) == group.call) {
          share.slots.push_back(s);
          share.likelihood.push_back(1.0);
        }
    }
    if (share.slots.empty()) {
      estimate.unresolved += group.reads;
      continue;
    }
    shares.push_back(std::move(share));
  }

  const std::size_t n = estimate.taxa.size();
  estimate.added.assign(n, 0.0);
  std::vector<double> abundance(n), next(n);
  double total = 0;
  for (std::size_t s = 0; s < n; ++s) total += static_cast<double>(estimate.assigned[s]);
  for (const Share& share : shares) total += share.reads;
  // Start from the classifier's own reads, plus a little everywhere so that
  // taxa with only ambiguous reads can grow.
  for (std::size_t s = 0; s < n; ++s) abundance[s] = static_cast<double>(estimate.assigned[s]) + 0.5;
  for (unsigned round = 0; round < 1000; ++round) {
    std::fill(estimate.added.begin(), estimate.added.end(), 0.0);
    for (const Share& share : shares) {
      double weight = 0;
      for (std::size_t i = 0; i < share.slots.size(); ++i) weight += abundance[share.slots[i]] * share.likelihood[i];
      for (std::size_t i = 0; i < share.slots.size(); ++i)
        estimate.added[share.slots[i]] += share.reads * abundance[share.slots[i]] * share.likelihood[i] / weight;
    }
    double change = 0;
    for (std::size_t s = 0; s < n; ++s) {
      next[s] = static_cast<double>(estimate.assigned[s]) + estimate.added[s];
      change = std::max(change, std::abs(next[s] - abundance[s]) / std::max(1.0, total));
    }
    abundance.swap(next);
    estimate.iterations = round + 1;
    if (change < 1e-7) break;
  }
  return estimate;
}

}  // namespace neurotax::pipeline
