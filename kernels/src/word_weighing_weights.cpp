// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_n2 h2h_n3 --abundance gut,even --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {-2.25342, 0.416475, 0.116482, 1.38968},
    .agreed = {-2.07716, 0.0609086, 0.26723, 0.0464516, 0.509498, 0.686795, -0.0958193, 0.789492, 0.111051, -0.281634, 0.237824},
    .minimizers_disputed = {-0.591401, 0.136788, -0.18263, 0.0307071, 0.494422, 0.24648, 0.0937504, -0.613792, -0.104008, 0.066688, -0.231426},
    .nearest_disputed = {-2.37075, 0.111891, 0.241814, -0.163204, -0.346127, 0.317884, 0.0660108, 0.893883, 0.121934, -0.317829, 0.281525},
    .unplaced = {-3.68804, -0.00649589, 0.25488, 0.136736, 0.00645348, 0.503302, 0.0679648, 0.97581, -0.000492449, -0.123798, 0.369286},
};

}  // namespace neurotax::kernels::word_weighing
