#include "neurotax/pipeline/quality_mask.hpp"

#include <algorithm>

namespace neurotax::pipeline {

void mask_low_quality_bases(Fragment& fragment, unsigned minimum) {
  if (minimum == 0) return;
  // Phred+33 ends at 93 ('~'): a higher minimum masks every base (and must not overflow).
  const unsigned threshold = '!' + std::min(minimum, 94U);
  for (int m = 0; m < (fragment.paired ? 2 : 1); ++m) {
    std::string& bases = fragment.mates[m];
    const std::string& qualities = fragment.qualities[m];
    if (qualities.size() != bases.size()) continue;  // FASTA: none (the reader rejects other mismatches)
    for (std::size_t i = 0; i < bases.size(); ++i)
      bases[i] = static_cast<unsigned char>(qualities[i]) < threshold ? 'x' : bases[i];
  }
}

}  // namespace neurotax::pipeline
