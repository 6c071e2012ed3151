// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_s2 h2h_s3 --abundance gut,even --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {-2.68285, 0.349831, 0.207935, 1.5002},
    .agreed = {-0.861347, 0.132797, 0.189597, -0.00930163, 0.535442, 0.278916, -0.0801241, 1.04633, 0.021475},
    .minimizers_disputed = {-2.37874, 0.238593, -0.156698, -0.142329, 0.677548, 1.01312, -0.0111236, -0.97097, -0.0553941},
    .nearest_disputed = {0.0424556, 0.0115682, 0.12724, -0.150486, -0.239477, -0.525785, 0.0723341, 1.07533, 0.128098},
};

}  // namespace neurotax::kernels::word_weighing
