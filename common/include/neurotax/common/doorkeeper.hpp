#pragma once
#include <cstddef>
#include <cstdint>

#include "neurotax/common/zeroed_array.hpp"

namespace neurotax {

/// Remembers one key per bucket, overwritten on collision, so that a cache
/// can keep only what it has seen twice: a first sighting costs a store and
/// no allocation. The caller picks the bucket and the 64 bits compared (a
/// different part of the key's hash).
class Doorkeeper {
 public:
  Doorkeeper() = default;
  explicit Doorkeeper(std::size_t buckets) : remembered_(buckets) {}

  [[nodiscard]] std::size_t buckets() const noexcept { return remembered_.size(); }
  void prefetch(std::size_t bucket) const noexcept { __builtin_prefetch(&remembered_[bucket]); }
  /// Whether `check` was the last key remembered in `bucket`; remembers it.
  [[nodiscard]] bool seen_before(std::size_t bucket, std::uint64_t check) noexcept {
    std::uint64_t& remembered = remembered_[bucket];
    const bool seen = remembered == check;
    remembered = check;
    return seen;
  }

 private:
  ZeroedArray<std::uint64_t> remembered_;
};

}  // namespace neurotax
