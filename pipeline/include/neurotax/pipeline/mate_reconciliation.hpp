#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neurotax/pipeline/read_source.hpp"

namespace neurotax::pipeline {

/// The mates the classifier reads: the fragment's own, or, where the mates of
/// a pair overlap and disagree, copies reconciled by their qualities
/// (kernels::reconcile_mates), so that the fragment itself, and the read
/// files written from it, keep the bases as sequenced. The second opinions'
/// words are read from copies in which what the qualities could not settle is
/// masked (word_mates()).
class ReconciledMates {
 public:
  ReconciledMates() = default;
  // The views point into this object's own copies.
  ReconciledMates(const ReconciledMates&) = delete;
  ReconciledMates& operator=(const ReconciledMates&) = delete;

  void take(const Fragment& fragment, bool reconcile);
  [[nodiscard]] std::span<const std::string_view> mates() const noexcept { return {views_, count_}; }
  /// The mates whose words the second opinions read: mates(), with the bases
  /// the mates still disagree on masked (kernels::mask_disagreements).
  [[nodiscard]] std::span<const std::string_view> word_mates() const noexcept { return {word_views_, count_}; }
  /// Bases the last fragment taken had settled (0: its mates are read as they are).
  [[nodiscard]] std::size_t settled() const noexcept { return settled_; }

 private:
  std::string copies_[2];
  std::string_view views_[2];
  std::string word_copies_[2];
  std::string_view word_views_[2];
  std::size_t count_ = 0;
  std::size_t settled_ = 0;
  std::vector<std::uint32_t> disagreements_;  // reused, as the copies are
};

}  // namespace neurotax::pipeline
