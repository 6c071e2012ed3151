// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_s2 h2h_s3 --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {-3.58054, 0.626118, 0.05073, 1.54261},
    .agreed = {-0.206261, 0.107658, 0.00732068, -0.0260371, 0.699483, 0.396179},
    .minimizers_disputed = {-2.04201, 1.23016, -0.0735017, 0.279576, -0.382211, 0.554382},
    .words_disputed = {1.39175, -0.0247906, 0.109366, -0.821516, -0.381532, -0.733365},
};

}  // namespace neurotax::kernels::word_weighing
