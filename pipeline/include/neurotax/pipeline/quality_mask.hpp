#pragma once
#include "neurotax/pipeline/read_source.hpp"

namespace neurotax::pipeline {

/// Kraken 2's --minimum-base-quality: every base of a Phred quality below
/// `minimum` becomes 'x', an ambiguous base that breaks the k-mers and words
/// holding it, so that a likely sequencing error adds no chance hit. Mates
/// without qualities (FASTA) stay as they are; 0 masks nothing. The classified
/// and unclassified read files show the masked bases, as Kraken 2's do.
void mask_low_quality_bases(Fragment& fragment, unsigned minimum);

}  // namespace neurotax::pipeline
