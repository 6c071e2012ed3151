#pragma once
#include <bit>
#include <cstdint>
#include <span>

namespace neurotax::kernels {

/// One entry of a minimizer's posting list: a taxon whose reference sequences
/// hold the minimizer, and how many of them do. A posting at an internal taxon
/// (after collapsing) stands for every reference under it.
struct Posting {
  std::uint32_t taxon;
  std::uint32_t sequences;
};

/// One slot of the open-addressing table, 8 bytes: a 32-bit fingerprint of the
/// hashed minimizer (0 = empty) and its postings. With the top bit set, the
/// single posting is inline (taxon in bits 7-30, sequences, at most 127, in
/// bits 0-6); otherwise `postings` is an offset into the posting array whose
/// entry there holds the count n in `taxon` and the taxa's lowest common
/// ancestor in `sequences`, followed by the n postings.
/// As in Kraken 2, the fingerprint makes the table compact at the price of a
/// rare false match (two minimizers with the same home region and the same
/// 32 bits: about once in 2^32 probes).
struct IndexSlot {
  std::uint32_t fingerprint;
  std::uint32_t postings;
};
inline constexpr std::uint32_t kInlinePosting = 0x80000000U;
inline constexpr std::uint32_t kMaxInlineTaxon = (1U << 24) - 1;
inline constexpr std::uint32_t kMaxInlineSequences = 127;

/// Whether a minimizer's only posting fits in its slot with an exact count
/// (the classifier's agreement shares need exact counts).
[[nodiscard]] constexpr bool fits_inline(const Posting& posting) noexcept {
  return posting.taxon <= kMaxInlineTaxon && posting.sequences <= kMaxInlineSequences;
}

/// The slot value of a posting that fits_inline().
[[nodiscard]] constexpr std::uint32_t inline_posting(const Posting& posting) noexcept {
  return kInlinePosting | (posting.taxon << 7) | posting.sequences;
}

/// Read-only view of a database's minimizer table (spans into the mapped file).
/// A hashed minimizer's home slot is its top 32 bits scaled to the capacity
/// (hashed minimizers are uniform); its fingerprint is its low 32 bits (0 read
/// as 1); collisions probe linearly.
struct MinimizerIndexView {
  std::span<const IndexSlot> slots;
  std::span<const Posting> postings;
  /// Optional: a blocked Bloom filter of the slots' fingerprints
  /// (fingerprint_filter_words, add_to_fingerprint_filter). Most minimizers of reads with sequencing
  /// errors are in no reference, and an absent key costs a whole probe run
  /// (about 13 slots at a load of 0.8); the filter, in L2, turns nearly all of
  /// them away first. Exact: a fingerprint it rejects is in no slot.
  std::span<const std::uint64_t> fingerprint_filter;

  [[nodiscard]] static constexpr std::uint64_t filter_hash(std::uint32_t fingerprint) noexcept {
    return (fingerprint | (std::uint64_t{fingerprint} << 32)) * 0x9e3779b97f4a7c15ULL;
  }
  [[nodiscard]] static constexpr std::uint64_t filter_bits(std::uint64_t h) noexcept {
    return (std::uint64_t{1} << (h & 63)) | (std::uint64_t{1} << ((h >> 6) & 63)) | (std::uint64_t{1} << ((h >> 12) & 63));
  }
  /// The word of a filter of `words` (a power of two) words that `h` falls in: its top bits.
  [[nodiscard]] static constexpr std::size_t filter_word(std::uint64_t h, std::size_t words) noexcept {
    return words == 1 ? 0 : static_cast<std::size_t>(h >> (64 - std::countr_zero(words)));
  }
  /// False only for a minimizer that no slot holds.
  [[nodiscard]] bool may_hold(std::uint64_t hashed_minimizer) const noexcept {
    if (fingerprint_filter.empty()) return true;
    const std::uint64_t h = filter_hash(fingerprint(hashed_minimizer));
    const std::uint64_t bits = filter_bits(h);
    return (fingerprint_filter[filter_word(h, fingerprint_filter.size())] & bits) == bits;
  }

  [[nodiscard]] std::size_t home(std::uint64_t hashed_minimizer) const noexcept {
    return static_cast<std::size_t>(((hashed_minimizer >> 32) * slots.size()) >> 32);
  }
  [[nodiscard]] static constexpr std::uint32_t fingerprint(std::uint64_t hashed_minimizer) noexcept {
    const auto low = static_cast<std::uint32_t>(hashed_minimizer);
    return low == 0 ? 1 : low;
  }
  void prefetch(std::uint64_t hashed_minimizer) const noexcept {
    __builtin_prefetch(&slots[home(hashed_minimizer)]);
  }
  /// Brings a slot's posting header into cache before lowest_common_ancestor or postings_of.
  void prefetch_postings(const IndexSlot& slot) const noexcept {
    if ((slot.postings & kInlinePosting) == 0) __builtin_prefetch(&postings[slot.postings]);
  }
  /// The slot of `hashed_minimizer`, or nullptr.
  [[nodiscard]] const IndexSlot* find(std::uint64_t hashed_minimizer) const noexcept {
    if (slots.empty()) return nullptr;
    const std::uint32_t wanted = fingerprint(hashed_minimizer);
    for (std::size_t i = home(hashed_minimizer);; i = i + 1 == slots.size() ? 0 : i + 1) {
      const IndexSlot& slot = slots[i];
      if (slot.fingerprint == wanted) return &slot;
      if (slot.fingerprint == 0) return nullptr;
    }
  }
  /// The lowest common ancestor of a slot's taxa (Kraken-style hit lists).
  [[nodiscard]] std::uint32_t lowest_common_ancestor(const IndexSlot& slot) const noexcept {
    return (slot.postings & kInlinePosting) != 0 ? (slot.postings & ~kInlinePosting) >> 7
                                                 : postings[slot.postings].sequences;
  }
  /// The postings of a slot; `inline_storage` holds an inline one.
  [[nodiscard]] std::span<const Posting> postings_of(const IndexSlot& slot, Posting& inline_storage) const noexcept {
    if ((slot.postings & kInlinePosting) != 0) {
      inline_storage = {(slot.postings & ~kInlinePosting) >> 7, slot.postings & kMaxInlineSequences};
      return {&inline_storage, 1};
    }
    return postings.subspan(slot.postings + 1, postings[slot.postings].taxon);
  }
};

/// Words of the fingerprint filter of a table holding `keys` keys.
[[nodiscard]] std::size_t fingerprint_filter_words(std::size_t keys) noexcept;

/// Adds a key's fingerprint to a filter of fingerprint_filter_words() words.
inline void add_to_fingerprint_filter(std::span<std::uint64_t> filter, std::uint32_t fingerprint) noexcept {
  const std::uint64_t h = MinimizerIndexView::filter_hash(fingerprint);
  filter[MinimizerIndexView::filter_word(h, filter.size())] |= MinimizerIndexView::filter_bits(h);
}

/// Table capacity for `key_count` keys: a load factor of 0.8, which keeps
/// linear-probing runs short.
[[nodiscard]] constexpr std::uint64_t slot_count_for(std::uint64_t key_count) noexcept {
  return key_count + key_count / 4 + 1;
}

}  // namespace neurotax::kernels
