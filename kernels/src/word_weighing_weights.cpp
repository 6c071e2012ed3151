// Written by benchmarks/macro/fit_word_weighing.py --workdir h2h_n2 h2h_n3 --abundance gut,even --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {

const Weights kFittedWeights{
    .sure = {-2.25342, 0.416475, 0.116482, 1.38968},
    .placed = {
        .agreed = {-2.62537, 0.0601014, 0.259362, 0.0111811, 0.527465, 0.927439, -0.107259, 0.841352, 0.0806326, -0.307594, 0.238822},
        .minimizers_disputed = {-0.475671, 0.146133, -0.193314, -0.00256079, 0.51577, 0.210566, 0.0956474, -0.609023, -0.104963, 0.0806263, -0.237154},
        .nearest_disputed = {-2.32961, 0.12018, 0.237167, -0.175776, -0.347699, 0.314555, 0.0642274, 0.884267, 0.119648, -0.31775, 0.274217},
    },
    .long_placed = {
        .agreed = {1.62108, 0.364555, 0.0406513, -0.223454, 0.150854, 0.208748, -0.0911421, 0.955417, 0.139174, -0.573769, -0.0680592},
        .minimizers_disputed = {-1.009, 0.693964, -0.149405, -0.658114, 0.609742, -0.164141, 0.0895642, 0.134239, -0.202544, 0.450016, -0.141281},
        .nearest_disputed = {0.830335, -0.774103, 0.129189, 0.694513, -0.611569, 0.240415, 0.0235747, 0.899515, 0.0586804, -0.845696, 0.154615},
    },
    .unplaced = {-3.4851, 0.00833121, 0.259621, 0.126657, -0.00758277, 0.428341, 0.0702356, 0.943812, 0.0341087, -0.108572, 0.363056},
};

}  // namespace neurotax::kernels::word_weighing
