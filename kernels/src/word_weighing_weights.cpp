// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_n2 h2h_n3 --abundance gut,even --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {-2.25342, 0.416475, 0.116482, 1.38968},
    .agreed = {-2.61468, 0.0887874, 0.254384, -0.0153104, 0.50212, 0.929955, -0.109214, 0.833257, 0.0759889, -0.301458, 0.233027},
    .minimizers_disputed = {-0.741925, 0.233712, -0.234107, -0.155177, 0.568053, 0.387175, 0.0730363, -0.620303, -0.0901877, 0.0959747, -0.24421},
    .nearest_disputed = {-2.19428, 0.184045, 0.213028, -0.24684, -0.382506, 0.294876, 0.0603154, 0.8754, 0.089874, -0.2821, 0.261463},
    .unplaced = {-1.77291, 0.00364656, 0.212749, 0.21158, 0.0168701, -0.416417, 0.0486459, 0.819484, -0.0138416, -0.0709523, 0.408614},
};

}  // namespace neurotax::kernels::word_weighing
