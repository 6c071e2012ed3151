#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "neurotax/kernels/read_call.hpp"

namespace neurotax::kernels {

/// Calls already made, by the fragment's distinct hits (slot numbers, sorted).
/// A call depends on nothing else, so a remembered call is exactly the call
/// the scoring would make. Amplicon pairs from one template mostly find the
/// same hits, as an error in one mate is read correctly in the other, so the
/// scoring, the costliest step, runs once per hit set. Direct-mapped within a
/// fixed budget: a new hit set takes the place of whatever shared its entry.
class CallMemo {
 public:
  /// Hit sets longer than this (long reads, which rarely repeat) are not remembered.
  static constexpr std::size_t kMaxHits = 48;

  explicit CallMemo(std::size_t max_bytes);

  [[nodiscard]] bool enabled() const noexcept { return !entries_.empty(); }
  /// The remembered call for `hits` (whose hash_words is `hash`), if any.
  [[nodiscard]] bool find(std::span<const std::uint32_t> hits, std::uint64_t hash, ReadCall& call) const noexcept;
  void store(std::span<const std::uint32_t> hits, std::uint64_t hash, const ReadCall& call) noexcept;

 private:
  struct Entry {
    std::uint64_t hash = 0;
    std::uint32_t size = 0;  // 0: empty (a fragment with no hits is never scored)
    std::array<std::uint32_t, kMaxHits> hits{};
    ReadCall call;
  };
  [[nodiscard]] std::size_t entry_of(std::uint64_t hash) const noexcept { return hash & (entries_.size() - 1); }
  std::vector<Entry> entries_;
};

}  // namespace neurotax::kernels
