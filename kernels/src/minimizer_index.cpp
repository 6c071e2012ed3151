#include "neurotax/kernels/minimizer_index.hpp"

#include <algorithm>
#include <bit>

namespace neurotax::kernels {

std::size_t fingerprint_filter_words(std::size_t keys) noexcept {
  // About a byte per key: three bits of one word per key keep false
  // positives near 3%, and a filter for a 16S database fits in L2.
  return std::bit_ceil(std::max<std::size_t>(keys / 8, 1));
}

}  // namespace neurotax::kernels
