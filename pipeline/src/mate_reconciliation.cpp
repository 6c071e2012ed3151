#include "neurotax/pipeline/mate_reconciliation.hpp"

#include "neurotax/kernels/mate_overlap.hpp"

namespace neurotax::pipeline {

void ReconciledMates::take(const Fragment& fragment, bool reconcile) {
  count_ = fragment.paired ? 2 : 1;
  settled_ = 0;
  views_[0] = fragment.mates[0];
  views_[1] = fragment.mates[1];
  if (!reconcile || !fragment.paired || fragment.qualities[0].empty() || fragment.qualities[1].empty()) return;
  // Where every base was read at one quality (as simulators write), no disagreement can be settled.
  const char quality = fragment.qualities[0][0];
  if (fragment.qualities[0].find_first_not_of(quality) == std::string::npos &&
      fragment.qualities[1].find_first_not_of(quality) == std::string::npos)
    return;
  const auto overlap = kernels::find_mate_overlap(fragment.mates[0], fragment.mates[1], disagreements_);
  if (!overlap || disagreements_.empty()) return;
  copies_[0] = fragment.mates[0];
  copies_[1] = fragment.mates[1];
  settled_ = kernels::reconcile_mates(copies_[0], fragment.qualities[0], copies_[1], fragment.qualities[1], *overlap,
                                     disagreements_);
  if (settled_ == 0) return;
  views_[0] = copies_[0];
  views_[1] = copies_[1];
}

}  // namespace neurotax::pipeline
