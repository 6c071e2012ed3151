#pragma once
#include <cstdint>

#include "neurotax/common/zeroed_array.hpp"

#include "neurotax/kernels/hash.hpp"
#include "neurotax/kernels/read_call.hpp"

namespace neurotax::kernels {

/// The key of a set of distinct hits (slot numbers) in any order: its size and
/// two sums of independent bijective mixes of its members, 128 bits that two
/// different sets share with odds of about 2^-128, as two different reads share
/// a read-cache key. The same hits met in another order (an error in one mate,
/// read correctly in the other) give the same key, with no sorting.
struct HitSetKey {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  std::uint32_t size = 0;

  void add(std::uint32_t slot) noexcept {
    low += mix64(slot);
    high += mix64(slot ^ 0x9e3779b97f4a7c15ULL);
    ++size;
  }
  friend bool operator==(const HitSetKey&, const HitSetKey&) = default;
};

/// Calls already made, by the fragment's set of hits. A call depends on
/// nothing else, so a remembered call is the call the scoring would make.
/// Amplicon pairs from one template mostly find the same hits, as an error in
/// one mate is read correctly in the other, so the scoring, the costliest step,
/// runs once per hit set. Direct-mapped within a fixed budget: a new hit set
/// takes the place of whatever shared its entry.
class CallMemo {
 public:
  explicit CallMemo(std::size_t max_bytes);

  [[nodiscard]] bool enabled() const noexcept { return !entries_.empty(); }
  /// The remembered call for the hit set `key`, if any.
  [[nodiscard]] bool find(const HitSetKey& key, ReadCall& call) const noexcept;
  void store(const HitSetKey& key, const ReadCall& call) noexcept;

 private:
  struct Entry {
    HitSetKey key;  // size 0: empty (a fragment with no hits is never scored)
    ReadCall call;
  };
  [[nodiscard]] std::size_t entry_of(const HitSetKey& key) const noexcept { return key.low & (entries_.size() - 1); }
  ZeroedArray<Entry> entries_;  // all zeros: empty (key size 0)
};

}  // namespace neurotax::kernels
