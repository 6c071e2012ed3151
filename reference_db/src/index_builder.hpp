#pragma once
// Internal to the database builder: from labelled sequences to the minimizer table.
#include <cstdint>
#include <string>
#include <vector>

#include "neurotax/db/taxonomy.hpp"
#include "neurotax/kernels/minimizer_index.hpp"
#include "neurotax/kernels/minimizer_scanner.hpp"

namespace neurotax::db {

struct BuiltIndex {
  std::vector<kernels::IndexSlot> slots;
  std::vector<std::uint32_t> posting_words;  ///< posting lists (kernels::posting_list)
  std::uint64_t postings = 0;                 ///< taxa stored over all minimizers, inline or in lists
  /// The slots' fingerprints in a blocked Bloom filter, stored so that a load
  /// maps it instead of building it (MinimizerIndexView::fingerprint_filter).
  std::vector<std::uint64_t> fingerprint_filter;
  std::uint64_t key_count = 0;
  std::uint64_t collapsed_keys = 0;  ///< keys whose postings were merged upwards
};

/// Collects every reference's canonical minimizers (in parallel), then per
/// minimizer its taxa with the number of their sequences holding it. A list of
/// more than `max_postings` taxa is collapsed from the deepest taxa upwards
/// (species into their genus, genera into their family, ...) until it fits, so
/// conserved minimizers cost one entry at the rank they can still tell apart.
BuiltIndex build_index(const std::vector<std::string>& sequences, const std::vector<std::uint32_t>& taxon_of_sequence,
                       const TaxonomyBuilder& taxonomy, const kernels::MinimizerParams& params, unsigned max_postings);

}  // namespace neurotax::db
