#pragma once
#include <cstdint>
#include <span>

namespace neurotax::kernels {

/// MurmurHash3's 64-bit finaliser. It is a bijection, so the database can store
/// hashed minimizers as keys and still compare them exactly, while the hashed
/// values spread evenly enough for a bucket index on their top bits.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

/// A hash of a sequence of 32-bit words (hit sets, group keys), its length included.
[[nodiscard]] constexpr std::uint64_t hash_words(std::span<const std::uint32_t> words) noexcept {
  std::uint64_t h = words.size();
  for (const std::uint32_t word : words) h = mix64(h ^ word);
  return h;
}

}  // namespace neurotax::kernels
