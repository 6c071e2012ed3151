#pragma once
// Private to the kernels' sources.
#include <cstdint>

namespace neurotax::kernels {
/// Set bits of `bits`: std::popcount is a libgcc call where the build does not
/// assume the POPCNT instruction.
constexpr unsigned count_bits(std::uint64_t bits) noexcept {
  bits = bits - ((bits >> 1) & 0x5555555555555555ULL);
  bits = (bits & 0x3333333333333333ULL) + ((bits >> 2) & 0x3333333333333333ULL);
  bits = (bits + (bits >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<unsigned>((bits * 0x0101010101010101ULL) >> 56);
}
}  // namespace neurotax::kernels
