#pragma once
#include <array>
#include <algorithm>
#include <cstdint>
#include <string>

namespace neurotax::kernels {

/// Code returned for any byte that is not A, C, G, T or U (either case): IUPAC
/// ambiguity codes and N break k-mers rather than being guessed.
inline constexpr std::uint8_t kAmbiguousBase = 4;

/// 2-bit encoding A=0, C=1, G=2, T/U=3, so the complement of a code is 3 - code.
inline constexpr std::array<std::uint8_t, 256> kBaseCode = [] {
  std::array<std::uint8_t, 256> table{};
  table.fill(kAmbiguousBase);
  table['A'] = table['a'] = 0;
  table['C'] = table['c'] = 1;
  table['G'] = table['g'] = 2;
  table['T'] = table['t'] = 3;
  table['U'] = table['u'] = 3;
  return table;
}();

/// Reverse complement in place; anything but A, C, G, T (either case) becomes N.
inline void reverse_complement(std::string& sequence) {
  for (char& base : sequence) {
    switch (base) {
      case 'A': case 'a': base = 'T'; break;
      case 'C': case 'c': base = 'G'; break;
      case 'G': case 'g': base = 'C'; break;
      case 'T': case 't': case 'U': case 'u': base = 'A'; break;
      default: base = 'N';
    }
  }
  std::reverse(sequence.begin(), sequence.end());
}

}  // namespace neurotax::kernels
