// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_s2 h2h_s3 --abundance gut,even --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {-2.68285, 0.349831, 0.207935, 1.5002},
    .agreed = {-3.32281, -0.0464254, 0.220356, 0.00835446, 0.682007, 1.54389, -0.117235, 0.904052, 0.044893, -0.580423},
    .minimizers_disputed = {-1.62883, 0.110972, -0.173644, -0.0613345, 0.682644, 0.479574, 0.0642523, -0.724457, -0.0904615, 0.162314},
    .nearest_disputed = {-2.38093, 0.122755, 0.133024, -0.232158, -0.308694, 0.88021, -0.0110014, 0.849886, 0.13552, -0.549236},
};

}  // namespace neurotax::kernels::word_weighing
