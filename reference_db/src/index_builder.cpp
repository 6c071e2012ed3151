#include "index_builder.hpp"

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <limits>
#include <map>

#include "handed_over_parallel.hpp"
#include "neurotax/common/errors.hpp"

namespace neurotax::db {
namespace {

struct KeyTaxon {
  std::uint64_t key;
  std::uint32_t taxon;
  friend bool operator<(const KeyTaxon& a, const KeyTaxon& b) {
    return a.key != b.key ? a.key < b.key : a.taxon < b.taxon;
  }
};

/// Merges the deepest entries into their parents until at most `limit` remain.
void collapse(std::vector<kernels::Posting>& entries, const TaxonomyBuilder& taxonomy, unsigned limit) {
  const auto& parents = taxonomy.parents();
  const auto& depths = taxonomy.depths();
  while (entries.size() > limit) {
    std::uint16_t deepest = 0;
    for (const auto& entry : entries) deepest = std::max(deepest, depths[entry.taxon]);
    for (auto& entry : entries)
      if (depths[entry.taxon] == deepest) entry.taxon = parents[entry.taxon];
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.taxon < b.taxon; });
    std::size_t out = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (out > 0 && entries[out - 1].taxon == entries[i].taxon)
        entries[out - 1].sequences += entries[i].sequences;
      else
        entries[out++] = entries[i];
    }
    entries.resize(out);
  }
}

}  // namespace

BuiltIndex build_index(const std::vector<std::string>& sequences, const std::vector<std::uint32_t>& taxon_of_sequence,
                       const TaxonomyBuilder& taxonomy, const kernels::MinimizerParams& params, unsigned max_postings) {
  // Slots and posting lists store taxa in 24 bits (and a list's length in 7: validate(BuildOptions)).
  if (taxonomy.size() > std::size_t{kernels::kMaxInlineTaxon} + 1)
    throw InputError("the taxonomy has " + std::to_string(taxonomy.size()) + " taxa; a database holds at most " +
                     std::to_string(std::size_t{kernels::kMaxInlineTaxon} + 1));
  const std::size_t n = sequences.size();
  std::vector<std::vector<std::uint64_t>> per_sequence(n);
  for_ranges_in_parallel(n, [&](const tbb::blocked_range<std::size_t>& range) {
    kernels::MinimizerScanner scanner(params);
    std::vector<std::uint64_t> values;
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      scanner.scan(sequences[i], values);
      auto& unique = per_sequence[i];
      for (const std::uint64_t value : values)
        if (value != kernels::kAmbiguousKmer) unique.push_back(value);
      std::sort(unique.begin(), unique.end());
      unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
      unique.shrink_to_fit();
    }
  });

  std::vector<std::size_t> starts(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) starts[i + 1] = starts[i] + per_sequence[i].size();
  std::vector<KeyTaxon> pairs(starts[n]);
  for_ranges_in_parallel(n, [&](const tbb::blocked_range<std::size_t>& range) {
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      std::size_t out = starts[i];
      for (const std::uint64_t key : per_sequence[i]) pairs[out++] = {key, taxon_of_sequence[i]};
      std::vector<std::uint64_t>().swap(per_sequence[i]);
    }
  });
  // Equal elements are identical, so the sorted order (and the file) does not
  // depend on how the sort is split across threads.
#ifdef NEUROTAX_THREAD_SANITIZER
  std::sort(pairs.begin(), pairs.end());  // TBB's sort synchronises where TSan cannot see it
#else
  tbb::parallel_sort(pairs.begin(), pairs.end());
#endif

  std::size_t key_count = 0;
  for (std::size_t i = 0; i < pairs.size(); ++i) key_count += i == 0 || pairs[i].key != pairs[i - 1].key;
  BuiltIndex index;
  index.key_count = key_count;
  index.slots.assign(kernels::slot_count_for(key_count), kernels::IndexSlot{0, 0});
  const kernels::TaxonomyView view = taxonomy.view();
  kernels::MinimizerIndexView probe;
  probe.slots = index.slots;

  std::vector<kernels::Posting> entries;
  for (std::size_t i = 0; i < pairs.size();) {
    const std::uint64_t key = pairs[i].key;
    entries.clear();
    for (; i < pairs.size() && pairs[i].key == key; ++i) {
      if (!entries.empty() && entries.back().taxon == pairs[i].taxon)
        ++entries.back().sequences;
      else
        entries.push_back({pairs[i].taxon, 1});
    }
    if (entries.size() > max_postings) {
      collapse(entries, taxonomy, max_postings);
      ++index.collapsed_keys;
    }
    kernels::IndexSlot slot{kernels::MinimizerIndexView::fingerprint(key), 0};
    index.postings += entries.size();
    if (entries.size() == 1 && kernels::fits_inline(entries[0])) {
      slot.postings = kernels::inline_posting(entries[0]);
    } else {
      if (index.posting_words.size() + 1 + 2 * entries.size() >= kernels::kInlinePosting)
        throw InputError("reference set too large: more than 2 billion posting words");
      slot.postings = static_cast<std::uint32_t>(index.posting_words.size());
      std::uint32_t lca = kernels::kNoTaxon;
      for (const auto& entry : entries) lca = view.lowest_common_ancestor(lca, entry.taxon);
      kernels::posting_list::append(index.posting_words, lca, entries);
    }
    std::size_t position = probe.home(key);
    while (index.slots[position].fingerprint != 0) position = position + 1 == index.slots.size() ? 0 : position + 1;
    index.slots[position] = slot;
  }
  index.fingerprint_filter = kernels::fingerprint_filter_of(index.slots, key_count);
  return index;
}

}  // namespace neurotax::db
