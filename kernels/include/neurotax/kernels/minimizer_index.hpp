#pragma once
#include <cstdint>
#include <span>

namespace neurotax::kernels {

/// One entry of a minimizer's posting list: a taxon whose reference sequences
/// hold the minimizer, and how many of them do. A posting at an internal taxon
/// (after collapsing, see below) stands for every reference under it.
struct Posting {
  std::uint32_t taxon;
  std::uint32_t sequences;
};

/// One slot of the open-addressing table: the hashed minimizer (0 = empty),
/// the LCA of its taxa (Kraken-style hit lists), and its postings: the top
/// bit set means one posting {lca, low 31 bits = sequences} stored inline,
/// otherwise an offset into the posting array whose entry there holds the
/// count n in `taxon`, followed by the n postings. 16 bytes, so one cache line
/// fetch answers most lookups.
struct IndexSlot {
  std::uint64_t key;
  std::uint32_t lca;
  std::uint32_t postings;
};
inline constexpr std::uint32_t kInlinePosting = 0x80000000U;
inline constexpr std::uint64_t kEmptyKey = 0;

/// Read-only view of a database's minimizer table (spans into the mapped file).
/// Capacity is a power of two; a key's home slot is its top `slot_bits` bits
/// (hashed minimizers are uniform); collisions probe linearly.
struct MinimizerIndexView {
  std::span<const IndexSlot> slots;
  std::span<const Posting> postings;
  unsigned slot_bits = 0;

  [[nodiscard]] std::size_t home(std::uint64_t hashed_minimizer) const noexcept {
    return slot_bits == 0 ? 0 : static_cast<std::size_t>(hashed_minimizer >> (64 - slot_bits));
  }
  void prefetch(std::uint64_t hashed_minimizer) const noexcept {
    __builtin_prefetch(&slots[home(hashed_minimizer)]);
  }
  /// The slot of `hashed_minimizer`, or nullptr.
  [[nodiscard]] const IndexSlot* find(std::uint64_t hashed_minimizer) const noexcept {
    if (hashed_minimizer == kEmptyKey || slots.empty()) return nullptr;
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = home(hashed_minimizer);; i = (i + 1) & mask) {
      const IndexSlot& slot = slots[i];
      if (slot.key == hashed_minimizer) return &slot;
      if (slot.key == kEmptyKey) return nullptr;
    }
  }
  /// The postings of a slot; `inline_storage` holds an inline one.
  [[nodiscard]] std::span<const Posting> postings_of(const IndexSlot& slot, Posting& inline_storage) const noexcept {
    if ((slot.postings & kInlinePosting) != 0) {
      inline_storage = {slot.lca, slot.postings & ~kInlinePosting};
      return {&inline_storage, 1};
    }
    return postings.subspan(slot.postings + 1, postings[slot.postings].taxon);
  }
};

/// Table size: the smallest power of two keeping the load factor under 0.7.
[[nodiscard]] constexpr unsigned slot_bits_for(std::uint64_t key_count) noexcept {
  unsigned bits = 1;
  while (static_cast<double>(key_count) > 0.7 * static_cast<double>(std::uint64_t{1} << bits)) ++bits;
  return bits;
}

}  // namespace neurotax::kernels
