#include "neurotax/kernels/minimizer_scanner.hpp"

#include <stdexcept>
#include <string>

#include "neurotax/kernels/hash.hpp"
#include "neurotax/kernels/nucleotide.hpp"

namespace neurotax::kernels {

void validate(const MinimizerParams& params) {
  if (params.minimizer_length < 4 || params.minimizer_length > 31)
    throw std::invalid_argument("minimizer length must be between 4 and 31, got " +
                                std::to_string(params.minimizer_length));
  if (params.kmer_length < params.minimizer_length || params.kmer_length > 256)
    throw std::invalid_argument("k-mer length must be between the minimizer length (" +
                                std::to_string(params.minimizer_length) + ") and 256, got " +
                                std::to_string(params.kmer_length));
}

MinimizerScanner::MinimizerScanner(const MinimizerParams& params)
    : params_(params),
      lmer_mask_((std::uint64_t{1} << (2 * params.minimizer_length)) - 1),
      toggle_(params.toggle_mask & lmer_mask_) {
  validate(params_);
}

void MinimizerScanner::scan(std::string_view sequence, std::vector<std::uint64_t>& out) {
  out.clear();
  const std::size_t k = params_.kmer_length;
  const std::size_t l = params_.minimizer_length;
  if (sequence.size() < k) return;
  out.reserve(sequence.size() - k + 1);

  const unsigned reverse_shift = static_cast<unsigned>(2 * (l - 1));
  std::uint64_t forward = 0;
  std::uint64_t reverse = 0;
  std::size_t valid_run = 0;  // consecutive unambiguous bases ending at i
  window_.clear();
  std::size_t window_head = 0;  // index of the front element in window_

  for (std::size_t i = 0; i < sequence.size(); ++i) {
    const std::uint8_t code = kBaseCode[static_cast<unsigned char>(sequence[i])];
    if (code == kAmbiguousBase) {
      valid_run = 0;
      window_.clear();
      window_head = 0;
    } else {
      ++valid_run;
      forward = ((forward << 2) | code) & lmer_mask_;
      reverse = (reverse >> 2) | (static_cast<std::uint64_t>(3 - code) << reverse_shift);
      if (valid_run >= l) {
        const std::uint64_t canonical = (forward < reverse ? forward : reverse) ^ toggle_;
        while (window_.size() > window_head && window_.back().value > canonical) window_.pop_back();
        window_.push_back({canonical, i});
      }
    }
    if (i + 1 < k) continue;
    if (valid_run < k) {
      out.push_back(kAmbiguousKmer);
      continue;
    }
    // Drop l-mers that ended before this k-mer's first l-mer.
    const std::size_t first_lmer_end = i + 1 - k + l - 1;
    while (window_[window_head].position < first_lmer_end) ++window_head;
    out.push_back(mix64(window_[window_head].value));
    // Keep the deque storage from growing without bound on long reads.
    if (window_head > 4096) {
      window_.erase(window_.begin(), window_.begin() + static_cast<std::ptrdiff_t>(window_head));
      window_head = 0;
    }
  }
}

}  // namespace neurotax::kernels
