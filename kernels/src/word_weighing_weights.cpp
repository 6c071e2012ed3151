// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_n2 h2h_n3 --abundance gut,even --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {-2.25342, 0.416475, 0.116482, 1.38968},
    .agreed = {-2.91872, 0.0354548, 0.240323, 0.0637638, 0.583225, 1.09478, -0.108225, 0.775214, 0.0493149, -0.329573, 0.228574},
    .minimizers_disputed = {-0.62132, 0.242972, -0.241171, -0.188075, 0.625404, 0.303486, 0.0618985, -0.640609, -0.0691439, 0.157446, -0.217533},
    .nearest_disputed = {-2.26069, 0.122614, 0.198549, -0.210337, -0.363338, 0.379183, 0.0396943, 0.841133, 0.0481167, -0.286004, 0.250209},
};

}  // namespace neurotax::kernels::word_weighing
