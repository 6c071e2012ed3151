// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_s2 h2h_s3 --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {-3.58054, 0.626118, 0.05073, 1.54261},
    .agreed = {-1.24642, 0.0721364, -0.00148658, -0.050332, 0.740084, 0.595226, 0.0853118, 0.0853118, 0},
    .minimizers_disputed = {-2.19171, 0.900627, -0.0849479, 0.104065, -0.0858356, 0.398825, 0.889081, -0.736588, 0.00639327},
    .words_disputed = {-0.528684, 0.0224958, 0.11554, -0.632436, -0.363387, -0.0604985, -0.313711, 0.406705, -1.56015},
};

}  // namespace neurotax::kernels::word_weighing
