#include "neurotax/kernels/minimizer_scanner.hpp"

#include <algorithm>
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
  scan_with(sequence, [&out](std::uint64_t value, std::size_t positions) { out.insert(out.end(), positions, value); });
}

void MinimizerScanner::scan_runs(std::string_view sequence, std::vector<ScannedRun>& out) {
  out.clear();
  scan_with(sequence, [&out](std::uint64_t value, std::size_t positions) {
    if (!out.empty() && out.back().minimizer == value)
      out.back().positions += static_cast<std::uint32_t>(positions);
    else
      out.push_back({value, static_cast<std::uint32_t>(positions)});
  });
}

template <typename Emit>
void MinimizerScanner::scan_with(std::string_view sequence, Emit&& emit) {
  const std::size_t k = params_.kmer_length;
  if (sequence.size() < k) return;
  // Each run of unambiguous bases is scanned on its own: an N ends every k-mer over it.
  std::size_t emitted = 0;  // k-mer positions so far
  std::size_t run_start = 0;
  for (std::size_t i = 0; i <= sequence.size(); ++i) {
    if (i < sequence.size() && kBaseCode[static_cast<unsigned char>(sequence[i])] != kAmbiguousBase) continue;
    if (i - run_start >= k) {
      if (run_start > emitted) emit(kAmbiguousKmer, run_start - emitted);
      scan_run(sequence.substr(run_start, i - run_start), emit);
      emitted = i - k + 1;
    }
    run_start = i + 1;
  }
  const std::size_t positions = sequence.size() - k + 1;
  if (positions > emitted) emit(kAmbiguousKmer, positions - emitted);
}

template <typename Emit>
void MinimizerScanner::scan_run(std::string_view run, Emit&& emit) {
  const std::size_t l = params_.minimizer_length;
  const std::size_t window = params_.kmer_length - l + 1;  // l-mers per k-mer
  const std::size_t lmers = run.size() - l + 1;
  lmer_values_.resize(lmers);
  prefix_min_.resize(lmers);
  suffix_min_.resize(lmers);

  const unsigned reverse_shift = static_cast<unsigned>(2 * (l - 1));
  std::uint64_t forward = 0;
  std::uint64_t reverse = 0;
  for (std::size_t i = 0; i + 1 < l; ++i) {
    const std::uint64_t code = kBaseCode[static_cast<unsigned char>(run[i])];
    forward = ((forward << 2) | code) & lmer_mask_;
    reverse = (reverse >> 2) | ((3 - code) << reverse_shift);
  }
  for (std::size_t j = 0; j < lmers; ++j) {
    const std::uint64_t code = kBaseCode[static_cast<unsigned char>(run[j + l - 1])];
    forward = ((forward << 2) | code) & lmer_mask_;
    reverse = (reverse >> 2) | ((3 - code) << reverse_shift);
    lmer_values_[j] = std::min(forward, reverse) ^ toggle_;
  }
  // The minimum of every window of `window` l-mers without a branchy deque
  // (van Herk / Gil-Werman): minima from the start and from the end of each
  // block of `window` l-mers; a window spans at most two blocks.
  for (std::size_t block = 0; block < lmers; block += window) {
    const std::size_t block_end = std::min(block + window, lmers);
    prefix_min_[block] = lmer_values_[block];
    for (std::size_t j = block + 1; j < block_end; ++j) prefix_min_[j] = std::min(prefix_min_[j - 1], lmer_values_[j]);
    suffix_min_[block_end - 1] = lmer_values_[block_end - 1];
    for (std::size_t j = block_end - 1; j > block; --j) suffix_min_[j - 1] = std::min(suffix_min_[j], lmer_values_[j - 1]);
  }
  // Neighbouring k-mers mostly share their minimizer: hash and emit each
  // stretch of one value once. The stretches' starts are found first, each
  // position written and kept where the value changes, without a branch: a
  // change comes every few positions, at no predictable one.
  const std::size_t kmers = lmers - window + 1;
  window_min_.resize(kmers);
  for (std::size_t t = 0; t < kmers; ++t) window_min_[t] = std::min(suffix_min_[t], prefix_min_[t + window - 1]);
  stretch_starts_.resize(kmers + 1);
  stretch_starts_[0] = 0;
  std::size_t stretches = 1;
  for (std::size_t t = 1; t < kmers; ++t) {
    stretch_starts_[stretches] = static_cast<std::uint32_t>(t);
    stretches += window_min_[t] != window_min_[t - 1] ? 1 : 0;
  }
  stretch_starts_[stretches] = static_cast<std::uint32_t>(kmers);
  for (std::size_t i = 0; i < stretches; ++i)
    emit(mix64(window_min_[stretch_starts_[i]]), stretch_starts_[i + 1] - stretch_starts_[i]);
}

}  // namespace neurotax::kernels
