#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

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
/// bits 0-6); otherwise `postings` is the offset of a posting list in the
/// posting words (posting_list below).
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

/// A minimizer's posting list, in 32-bit words: a header word (the taxa's lowest
/// common ancestor in bits 8-31, bit 7 set for wide entries, the number of
/// entries, 1 to 127, in bits 0-6), then the entries. A narrow entry is one word,
/// taxon in bits 8-31 and sequences in bits 0-7; a list in which some taxon has
/// more than 255 sequences holding the minimizer is wide, two words per entry
/// (taxon, sequences), so that every count stays exact. Half the bytes of
/// pairs of words: most counts are small (on the default database 1.7% of
/// lists are wide), and the posting section is what a cold load waits for.
namespace posting_list {
inline constexpr std::uint32_t kMaxEntries = 127;
inline constexpr std::uint32_t kWide = 0x80;
inline constexpr std::uint32_t kMaxNarrowSequences = 255;

[[nodiscard]] constexpr std::uint32_t entries(std::uint32_t header) noexcept { return header & kMaxEntries; }
[[nodiscard]] constexpr bool wide(std::uint32_t header) noexcept { return (header & kWide) != 0; }
[[nodiscard]] constexpr std::uint32_t ancestor(std::uint32_t header) noexcept { return header >> 8; }
/// Words after the header.
[[nodiscard]] constexpr std::size_t body_words(std::uint32_t header) noexcept {
  return std::size_t{entries(header)} << (wide(header) ? 1 : 0);
}
/// The `i`-th entry of a list whose body starts at `body`.
[[nodiscard]] inline Posting entry(std::uint32_t header, const std::uint32_t* body, std::size_t i) noexcept {
  if (wide(header)) return {body[2 * i], body[2 * i + 1]};
  return {body[i] >> 8, body[i] & kMaxNarrowSequences};
}

/// Appends the list of `postings` (1 to kMaxEntries, taxa below 2^24) under
/// their lowest common ancestor `ancestor` to `words`.
inline void append(std::vector<std::uint32_t>& words, std::uint32_t ancestor, std::span<const Posting> postings) {
  bool is_wide = false;
  for (const Posting& posting : postings) is_wide = is_wide || posting.sequences > kMaxNarrowSequences;
  words.push_back((ancestor << 8) | (is_wide ? kWide : 0) | static_cast<std::uint32_t>(postings.size()));
  for (const Posting& posting : postings) {
    if (is_wide) {
      words.push_back(posting.taxon);
      words.push_back(posting.sequences);
    } else {
      words.push_back((posting.taxon << 8) | posting.sequences);
    }
  }
}
}  // namespace posting_list

/// Read-only view of a database's minimizer table (spans into the mapped file).
/// A hashed minimizer's home slot is its top 32 bits scaled to the capacity
/// (hashed minimizers are uniform); its fingerprint is its low 32 bits (0 read
/// as 1); collisions probe linearly.
struct MinimizerIndexView {
  std::span<const IndexSlot> slots;
  std::span<const std::uint32_t> postings;  ///< posting lists (posting_list), one after another
  /// Optional: a blocked Bloom filter of the slots' fingerprints
  /// (fingerprint_filter_of). Most minimizers of reads with sequencing
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
  /// Brings the filter word that may_hold reads into cache.
  void prefetch_filter(std::uint64_t hashed_minimizer) const noexcept {
    if (fingerprint_filter.empty()) return;
    const std::uint64_t h = filter_hash(fingerprint(hashed_minimizer));
    __builtin_prefetch(&fingerprint_filter[filter_word(h, fingerprint_filter.size())]);
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
  /// Brings a slot's posting header into cache before lowest_common_ancestor or append_postings.
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
                                                 : posting_list::ancestor(postings[slot.postings]);
  }
  /// Appends a slot's postings to `out`.
  void append_postings(const IndexSlot& slot, std::vector<Posting>& out) const {
    if ((slot.postings & kInlinePosting) != 0) {
      out.push_back({(slot.postings & ~kInlinePosting) >> 7, slot.postings & kMaxInlineSequences});
      return;
    }
    const std::uint32_t header = postings[slot.postings];
    const std::uint32_t* body = postings.data() + slot.postings + 1;
    for (std::size_t i = 0; i < posting_list::entries(header); ++i) out.push_back(posting_list::entry(header, body, i));
  }
};

/// Words of the fingerprint filter of a table holding `keys` keys.
[[nodiscard]] std::size_t fingerprint_filter_words(std::size_t keys) noexcept;

/// The fingerprint filter of a table holding `keys` keys in `slots`.
[[nodiscard]] std::vector<std::uint64_t> fingerprint_filter_of(std::span<const IndexSlot> slots, std::size_t keys);

/// Table capacity for `key_count` keys: a load factor of 0.8, which keeps
/// linear-probing runs short.
[[nodiscard]] constexpr std::uint64_t slot_count_for(std::uint64_t key_count) noexcept {
  return key_count + key_count / 4 + 1;
}

}  // namespace neurotax::kernels
