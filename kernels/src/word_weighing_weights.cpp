// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_s2 h2h_s3 --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {0.633669, 0.735103, -0.0995474},
    .agreed = {-0.556935, 0.152118, 0.121327, -0.0512838, 0.639379, 1.21457},
    .minimizers_disputed = {-1.50135, 1.25085, -0.0768873, 0.236164, -0.374189, 0.883995},
    .words_disputed = {-0.184, -0.042347, 0.12028, -0.935748, -0.346816, -0.285761},
};

}  // namespace neurotax::kernels::word_weighing
