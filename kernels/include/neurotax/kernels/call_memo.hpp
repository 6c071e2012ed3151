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
  /// Whether to ask the memo for a fragment's call (and to store the call
  /// after): a memo that answered fewer than one in kLeastAnswered of the last
  /// kWindow asks rests for kRest fragments, then is asked again. Its calls are
  /// exact, so asking or not changes nothing but the work; where reads never
  /// repeat (fragments of whole references), the key, the probe and the store
  /// of a whole call cost a few per cent of the time for nothing.
  [[nodiscard]] bool worth_asking() noexcept;
  static constexpr std::uint32_t kWindow = 4096;
  static constexpr std::uint32_t kLeastAnswered = 64;
  static constexpr std::uint32_t kRest = 16 * kWindow;
  /// The remembered call for the hit set `key`, if any.
  [[nodiscard]] bool find(const HitSetKey& key, ReadCall& call) noexcept;
  void store(const HitSetKey& key, const ReadCall& call) noexcept;

 private:
  struct Entry {
    HitSetKey key;  // size 0: empty (a fragment with no hits is never scored)
    ReadCall call;
  };
  [[nodiscard]] std::size_t entry_of(const HitSetKey& key) const noexcept { return key.low & (entries_.size() - 1); }
  ZeroedArray<Entry> entries_;  // all zeros: empty (key size 0)
  std::uint32_t asked_ = 0;     // in this window
  std::uint32_t answered_ = 0;  // of them
  std::uint32_t resting_ = 0;   // fragments left to pass by
};

}  // namespace neurotax::kernels
