#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace neurotax::kernels {

/// Parameters of the k-mer / minimizer scheme, stored in every database so that
/// reads are always scanned exactly as the references were.
struct MinimizerParams {
  /// k: the window whose minimizer represents one k-mer position. With l = 31,
  /// k = 41 keeps about one minimizer in six positions: on held-out 16S strains
  /// it recalls as many genera as k = 35 with half the table (benchmarks/macro).
  unsigned kmer_length = 41;
  unsigned minimizer_length = 31;  ///< l <= k, l <= 31: the canonical l-mer compared within a window
  /// XORed into every canonical l-mer before comparison, as Kraken 2 does, so
  /// that the minimizer is not biased towards poly-A l-mers.
  std::uint64_t toggle_mask = 0xe37e28c4271b5a2dULL;
};

/// Returned for a k-mer position whose window holds a base other than A/C/G/T.
inline constexpr std::uint64_t kAmbiguousKmer = ~std::uint64_t{0};

/// Consecutive k-mer positions that share one value of MinimizerScanner::scan.
struct ScannedRun {
  std::uint64_t minimizer;
  std::uint32_t positions;
};

/// Validates parameters; throws std::invalid_argument with the reason.
void validate(const MinimizerParams& params);

/// Scans a sequence and yields, for every k-mer position, the hashed canonical
/// minimizer of that k-mer (or kAmbiguousKmer). Both strands give the same
/// values because l-mers are canonicalised before the window minimum is taken.
/// Reuse one scanner per thread: it keeps its buffers between reads.
class MinimizerScanner {
 public:
  explicit MinimizerScanner(const MinimizerParams& params);

  /// Fills `out` (cleared first) with one value per k-mer position; a sequence
  /// shorter than k gives no values.
  void scan(std::string_view sequence, std::vector<std::uint64_t>& out);
  /// The same values as runs of equal neighbours, `out` cleared first: a
  /// 250 bp read has tens of runs where it has hundreds of positions.
  void scan_runs(std::string_view sequence, std::vector<ScannedRun>& out);

 private:
  /// Calls emit(value, positions) for consecutive stretches of the values
  /// `scan` yields, in order (neighbouring stretches may share a value).
  template <typename Emit>
  void scan_with(std::string_view sequence, Emit&& emit);
  /// Does that for a run of unambiguous bases (at least k long).
  template <typename Emit>
  void scan_run(std::string_view run, Emit&& emit);

  MinimizerParams params_;
  std::uint64_t lmer_mask_;
  std::uint64_t toggle_;
  std::vector<std::uint64_t> lmer_values_;  // canonical l-mers of the run, toggled
  std::vector<std::uint64_t> prefix_min_;   // per block of one window, minimum from the block's start
  std::vector<std::uint64_t> suffix_min_;   // ... and from the block's end
  std::vector<std::uint64_t> window_min_;   // per k-mer of the run: its minimizer (not yet hashed)
  std::vector<std::uint32_t> stretch_starts_;  // the k-mers where a new minimizer starts, then the end
};

}  // namespace neurotax::kernels
