#include "neurotax/kernels/minimizer_index.hpp"

#include <algorithm>
#include <bit>

namespace neurotax::kernels {

std::size_t fingerprint_filter_words(std::size_t keys) noexcept {
  // About a byte per key: three bits of one word per key keep false
  // positives near 3%, and a filter for a 16S database fits in L2.
  return std::bit_ceil(std::max<std::size_t>(keys / 8, 1));
}

std::vector<std::uint64_t> fingerprint_filter_of(std::span<const IndexSlot> slots, std::size_t keys) {
  std::vector<std::uint64_t> filter(fingerprint_filter_words(keys), 0);
  for (const IndexSlot& slot : slots)
    if (slot.fingerprint != 0) {
      const std::uint64_t h = MinimizerIndexView::filter_hash(slot.fingerprint);
      filter[MinimizerIndexView::filter_word(h, filter.size())] |= MinimizerIndexView::filter_bits(h);
    }
  return filter;
}

}  // namespace neurotax::kernels
