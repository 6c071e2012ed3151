#include "neurotax/pipeline/mate_reconciliation.hpp"

#include "neurotax/kernels/mate_overlap.hpp"

namespace neurotax::pipeline {

void ReconciledMates::take(const Fragment& fragment, bool reconcile) {
  count_ = fragment.paired ? 2 : 1;
  settled_ = 0;
  views_[0] = word_views_[0] = fragment.mates[0];
  views_[1] = word_views_[1] = fragment.mates[1];
  if (!reconcile || !fragment.paired) return;
  auto overlap = kernels::find_mate_overlap(fragment.mates[0], fragment.mates[1], disagreements_);
  if (!overlap || disagreements_.empty()) return;
  copies_[0] = fragment.mates[0];
  copies_[1] = fragment.mates[1];
  settled_ = kernels::reconcile_mates(copies_[0], fragment.qualities[0], copies_[1], fragment.qualities[1], *overlap,
                                     disagreements_);
  if (settled_ != 0) {
    views_[0] = word_views_[0] = copies_[0];
    views_[1] = word_views_[1] = copies_[1];
    // The read cache keys on the reconciled mates, so what is masked must
    // follow from them alone: their own overlap, not the sequenced mates'.
    overlap = kernels::find_mate_overlap(copies_[0], copies_[1], disagreements_);
    if (!overlap || disagreements_.empty()) return;
  }
  word_copies_[0] = copies_[0];
  word_copies_[1] = copies_[1];
  if (kernels::mask_disagreements(word_copies_[0], word_copies_[1], *overlap, disagreements_) == 0) return;
  word_views_[0] = word_copies_[0];
  word_views_[1] = word_copies_[1];
}

}  // namespace neurotax::pipeline
