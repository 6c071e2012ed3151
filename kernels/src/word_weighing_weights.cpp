// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_s2 h2h_s3 --abundance gut,even --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {-2.25342, 0.416475, 0.116482, 1.38968},
    .agreed = {-3.37767, 0.020941, 0.220557, 0.0694313, 0.604113, 1.56434, -0.127338, 0.983203, 0.051567, -0.581819},
    .minimizers_disputed = {-1.62653, 0.149389, -0.164075, -0.0985435, 0.674235, 0.459785, 0.0654678, -0.686832, -0.0856487, 0.157697},
    .nearest_disputed = {-2.24802, 0.150023, 0.130422, -0.23311, -0.344562, 0.775478, 0.0135804, 0.909788, 0.0998791, -0.499494},
};

}  // namespace neurotax::kernels::word_weighing
