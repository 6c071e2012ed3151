#include "genus_word_builder.hpp"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>

#include "handed_over_parallel.hpp"
#include "neurotax/kernels/genus_words.hpp"

namespace neurotax::db {

BuiltGenusWords build_genus_words(const std::vector<std::string>& sequences,
                                  const std::vector<std::uint32_t>& taxon_of_sequence, const TaxonomyBuilder& taxonomy) {
  using namespace kernels::genus_words;
  const kernels::TaxonomyView tree = taxonomy.view();
  const auto genus_of = [&](std::uint32_t taxon) { return tree.ancestor_at(taxon, kernels::Rank::kGenus); };
  // References grouped by genus, genera in id order (the view's order).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_genus;  // (genus, sequence)
  for (std::uint32_t s = 0; s < sequences.size(); ++s) {
    const std::uint32_t genus = genus_of(taxon_of_sequence[s]);
    if (genus != kernels::kNoTaxon) by_genus.emplace_back(genus, s);
  }
  std::sort(by_genus.begin(), by_genus.end());
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < by_genus.size(); ++i)
    if (i == 0 || by_genus[i].first != by_genus[i - 1].first) starts.push_back(i);
  starts.push_back(by_genus.size());
  const std::size_t genera = starts.size() - 1;

  BuiltGenusWords built;
  built.genera.resize(genera);
  built.presence.assign(genera * kPresenceWords, 0);
  // A genus's references take rows starts[g] on: by_genus's order.
  built.reference_rows.assign(starts.begin(), starts.end());
  built.reference_near_words.assign(by_genus.size() * kNearPresenceWords, 0);
  std::vector<std::vector<std::uint8_t>> shares(genera);
  struct Scratch {
    std::vector<std::uint64_t> seen = std::vector<std::uint64_t>(kPresenceWords, 0);
    std::vector<std::uint32_t> words;
    std::vector<std::uint32_t> holding = std::vector<std::uint32_t>(kWords, 0);
    std::vector<std::uint32_t> word_references = std::vector<std::uint32_t>(kWords, 0);
  };
  tbb::enumerable_thread_specific<Scratch> scratch;
  for_ranges_in_parallel(genera, [&](const tbb::blocked_range<std::size_t>& range) {
    Scratch& local = scratch.local();
    for (std::size_t g = range.begin(); g != range.end(); ++g) {
      const std::size_t references = starts[g + 1] - starts[g];
      std::fill(local.holding.begin(), local.holding.end(), 0);
      for (std::size_t i = starts[g]; i < starts[g + 1]; ++i) {
        const std::string_view sequence[] = {sequences[by_genus[i].second]};
        distinct_words(sequence, local.seen, local.words);
        near_word_bits(local.words,
                       std::span<std::uint64_t, kNearPresenceWords>(&built.reference_near_words[i * kNearPresenceWords],
                                                                    kNearPresenceWords));
        for (const std::uint32_t word : local.words) {
          ++local.holding[word];
          ++local.word_references[word];
        }
      }
      built.genera[g] = by_genus[starts[g]].first;
      for (std::uint32_t word = 0; word < kWords; ++word) {
        if (local.holding[word] == 0) continue;
        built.presence[g * kPresenceWords + word / 64] |= std::uint64_t{1} << (word % 64);
        const double share = std::round(kShareSteps * static_cast<double>(local.holding[word]) / static_cast<double>(references));
        shares[g].push_back(static_cast<std::uint8_t>(std::max(1.0, share)));
      }
    }
  }, 8);
  for (const auto& genus_shares : shares) built.shares.insert(built.shares.end(), genus_shares.begin(), genus_shares.end());
  built.reference_near_word_checksums.resize(genera);
  for (std::size_t g = 0; g < genera; ++g)
    built.reference_near_word_checksums[g] = near_word_rows_checksum(std::span<const std::uint64_t>(
        built.reference_near_words.data() + starts[g] * kNearPresenceWords, (starts[g + 1] - starts[g]) * kNearPresenceWords));
  // References outside every genus count towards the words' priors too.
  built.word_references.assign(kWords, 0);
  for (const Scratch& local : scratch)
    for (std::uint32_t word = 0; word < kWords; ++word) built.word_references[word] += local.word_references[word];
  std::vector<std::uint64_t> seen(kPresenceWords, 0);
  std::vector<std::uint32_t> words;
  for (std::uint32_t s = 0; s < sequences.size(); ++s) {
    if (genus_of(taxon_of_sequence[s]) != kernels::kNoTaxon) continue;
    const std::string_view sequence[] = {sequences[s]};
    distinct_words(sequence, seen, words);
    for (const std::uint32_t word : words) ++built.word_references[word];
  }
  return built;
}

}  // namespace neurotax::db
