#include "neurotax/kernels/minimizer_index.hpp"

#include <bit>

namespace neurotax::kernels {

std::vector<std::uint64_t> build_fingerprint_filter(std::span<const IndexSlot> slots) {
  std::size_t keys = 0;
  for (const IndexSlot& slot : slots) keys += slot.fingerprint != 0;
  // About a byte per key: three bits of one word per key keep false
  // positives near 3%, and a filter for a 16S database fits in L2.
  const std::size_t words = std::bit_ceil(std::max<std::size_t>(keys / 8, 1));
  std::vector<std::uint64_t> filter(words, 0);
  for (const IndexSlot& slot : slots)
    if (slot.fingerprint != 0) {
      const std::uint64_t h = MinimizerIndexView::filter_hash(slot.fingerprint);
      filter[MinimizerIndexView::filter_word(h, words)] |= MinimizerIndexView::filter_bits(h);
    }
  return filter;
}

}  // namespace neurotax::kernels
