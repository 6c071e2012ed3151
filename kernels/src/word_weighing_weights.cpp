// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_n2 h2h_n3 --abundance gut,even --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {-2.25342, 0.416475, 0.116482, 1.38968},
    .agreed = {-2.27733, 0.046459, 0.240562, 0.0737082, 0.598722, 0.995084, -0.107749, 0.883836, 0.0495024, -0.445393},
    .minimizers_disputed = {-1.55675, 0.15988, -0.21482, -0.153913, 0.692809, 0.442509, 0.0590186, -0.588369, -0.0886593, 0.260302},
    .nearest_disputed = {-1.16277, 0.190768, 0.164215, -0.225873, -0.406435, 0.21481, 0.0430783, 0.818812, 0.066312, -0.401864},
};

}  // namespace neurotax::kernels::word_weighing
