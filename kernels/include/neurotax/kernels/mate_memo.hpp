#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "neurotax/common/doorkeeper.hpp"
#include "neurotax/common/zeroed_array.hpp"

namespace neurotax::kernels {

/// The minimizers of one mate as the classifier found them in the index: runs
/// of consecutive k-mer positions sharing a minimizer, each with its index slot
/// and the LCA taxon of that slot.
struct MateRun {
  static constexpr std::uint32_t kNotFound = ~std::uint32_t{0};  ///< slot: not in the index (or ambiguous)
  std::uint64_t minimizer;
  std::uint32_t slot;    ///< slot number in the index, or kNotFound
  std::uint32_t taxon;   ///< ReadEvidence's value for these positions
  std::uint32_t length;  ///< positions in the run
};

/// The key of a mate's sequence: 128 bits of XXH3, which two different
/// sequences share with odds of about 2^-128, as two reads share a read-cache
/// key.
struct MateKey {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  friend bool operator==(const MateKey&, const MateKey&) = default;
};
[[nodiscard]] MateKey mate_key(std::string_view sequence) noexcept;

/// Mates already looked up, by sequence. In an amplicon sample most first
/// mates repeat exactly while the pairs do not (the second mate, read worse,
/// differs by an error): the scan and the index lookups of a repeated mate are
/// replayed from here. What a mate finds depends on its sequence alone, so a
/// replay is exactly what the lookups would find. Direct-mapped within a fixed
/// budget; a mate is kept only at its second sighting, so that reads that never
/// repeat cost a hash and a probe.
class MateMemo {
 public:
  /// Mates of more runs (long reads) are not kept.
  static constexpr std::size_t kMaxRuns = 64;

  explicit MateMemo(std::size_t max_bytes);

  [[nodiscard]] bool enabled() const noexcept { return !entries_.empty(); }
  /// Brings the entry of `key` into cache ahead of find.
  void prefetch(const MateKey& key) const noexcept;
  /// The runs remembered for `key` (empty if none).
  [[nodiscard]] std::span<const MateRun> find(const MateKey& key) const noexcept;
  /// Whether `key`, just missed by find, has been seen before and so is worth
  /// storing; remembers it either way.
  [[nodiscard]] bool seen_before(const MateKey& key) noexcept;
  /// Keeps `runs` (at most kMaxRuns) for `key`.
  void store(const MateKey& key, std::span<const MateRun> runs) noexcept;

 private:
  struct Entry {
    MateKey key;
    std::uint32_t runs;  // 0: empty
    MateRun run[kMaxRuns];
  };
  ZeroedArray<Entry> entries_;
  Doorkeeper seen_;
};

}  // namespace neurotax::kernels
