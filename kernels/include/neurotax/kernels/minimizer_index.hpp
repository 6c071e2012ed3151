#pragma once
#include <cstdint>
#include <span>

namespace neurotax::kernels {

/// One entry of a key's posting list: a reference taxon (the deepest taxon a
/// reference sequence was labelled with) and how many of its reference
/// sequences contain the minimizer, saturated at 255. Packed as taxon << 8 | count.
struct Posting {
  std::uint32_t packed;
  [[nodiscard]] constexpr std::uint32_t taxon() const noexcept { return packed >> 8; }
  [[nodiscard]] constexpr std::uint32_t sequence_count() const noexcept { return packed & 0xffU; }
  [[nodiscard]] static constexpr Posting make(std::uint32_t taxon, std::uint32_t count) noexcept {
    return Posting{(taxon << 8) | (count > 0xffU ? 0xffU : count)};
  }
};
inline constexpr std::uint32_t kMaxPostingTaxon = (1U << 24) - 1;

/// Read-only view of the minimizer table of a database: hashed minimizers in
/// ascending order, a bucket index on their top bits (hashed values are uniform,
/// so a bucket holds a handful of keys), and per key a posting list and the
/// lowest common ancestor of its taxa. The spans usually point into a mapped file.
struct MinimizerIndexView {
  std::span<const std::uint64_t> keys;
  std::span<const std::uint32_t> bucket_starts;     ///< 2^bucket_bits + 1 entries
  std::span<const std::uint32_t> posting_offsets;   ///< keys.size() + 1 entries
  std::span<const Posting> postings;
  std::span<const std::uint32_t> key_lca;           ///< internal taxon id per key
  unsigned bucket_bits = 0;

  static constexpr std::uint32_t kNotFound = ~std::uint32_t{0};

  /// Index of `hashed_minimizer` in keys, or kNotFound.
  [[nodiscard]] std::uint32_t find(std::uint64_t hashed_minimizer) const noexcept {
    const std::uint64_t bucket = bucket_bits == 0 ? 0 : hashed_minimizer >> (64 - bucket_bits);
    std::uint32_t lo = bucket_starts[bucket];
    std::uint32_t hi = bucket_starts[bucket + 1];
    while (lo < hi) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      if (keys[mid] < hashed_minimizer)
        lo = mid + 1;
      else
        hi = mid;
    }
    return (lo < keys.size() && keys[lo] == hashed_minimizer) ? lo : kNotFound;
  }

  [[nodiscard]] std::span<const Posting> postings_of(std::uint32_t key_index) const noexcept {
    return postings.subspan(posting_offsets[key_index],
                            posting_offsets[key_index + 1] - posting_offsets[key_index]);
  }
};

/// Number of bucket bits that gives about four keys per bucket.
[[nodiscard]] constexpr unsigned bucket_bits_for(std::uint64_t key_count) noexcept {
  unsigned bits = 0;
  while (bits < 32 && (std::uint64_t{1} << (bits + 2)) < key_count) ++bits;
  return bits;
}

}  // namespace neurotax::kernels
