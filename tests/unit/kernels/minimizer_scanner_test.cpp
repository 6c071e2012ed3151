#include "neurotax/kernels/minimizer_scanner.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "neurotax/kernels/hash.hpp"
#include "neurotax/kernels/nucleotide.hpp"
#include "test_support.hpp"

namespace neurotax::kernels {
namespace {

/// Brute-force oracle: canonical l-mers of each k-mer, the smallest after the toggle.
std::vector<std::uint64_t> naive_minimizers(const std::string& sequence, const MinimizerParams& params) {
  const std::size_t k = params.kmer_length, l = params.minimizer_length;
  const std::uint64_t mask = (std::uint64_t{1} << (2 * l)) - 1;
  std::vector<std::uint64_t> out;
  for (std::size_t start = 0; start + k <= sequence.size(); ++start) {
    bool ambiguous = false;
    std::uint64_t best = ~std::uint64_t{0};
    for (std::size_t offset = 0; offset + l <= k; ++offset) {
      std::uint64_t forward = 0, reverse = 0;
      for (std::size_t i = 0; i < l; ++i) {
        const std::uint8_t code = kBaseCode[static_cast<unsigned char>(sequence[start + offset + i])];
        if (code == kAmbiguousBase) ambiguous = true;
        forward = (forward << 2) | (code & 3U);
        const std::uint8_t complement = static_cast<std::uint8_t>(
            3U - (kBaseCode[static_cast<unsigned char>(sequence[start + offset + l - 1 - i])] & 3U));
        reverse = (reverse << 2) | complement;
      }
      best = std::min(best, (std::min(forward, reverse)) ^ (params.toggle_mask & mask));
    }
    out.push_back(ambiguous ? kAmbiguousKmer : mix64(best));
  }
  return out;
}

TEST(MinimizerScanner, MatchesBruteForceOracle) {
  MinimizerParams params;
  params.kmer_length = 21;
  params.minimizer_length = 15;
  std::string sequence = testing::random_sequence(600, 7);
  sequence[100] = 'N';
  sequence[350] = 'R';
  MinimizerScanner scanner(params);
  std::vector<std::uint64_t> values;
  scanner.scan(sequence, values);
  EXPECT_EQ(values, naive_minimizers(sequence, params));
}

TEST(MinimizerScanner, BothStrandsGiveTheSameMinimizers) {
  const MinimizerParams params;
  const std::string sequence = testing::random_sequence(300, 9);
  MinimizerScanner scanner(params);
  std::vector<std::uint64_t> forward, reverse;
  scanner.scan(sequence, forward);
  scanner.scan(testing::reverse_complement(sequence), reverse);
  std::reverse(reverse.begin(), reverse.end());
  EXPECT_EQ(forward, reverse);
}

TEST(MinimizerScanner, LowerCaseAndUracilAreAccepted) {
  const MinimizerParams params;
  std::string sequence = testing::random_sequence(120, 3);
  std::string lower = sequence;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return c == 'T' ? 'u' : static_cast<char>(c + 32); });
  MinimizerScanner scanner(params);
  std::vector<std::uint64_t> upper_values, lower_values;
  scanner.scan(sequence, upper_values);
  scanner.scan(lower, lower_values);
  EXPECT_EQ(upper_values, lower_values);
}

TEST(MinimizerScanner, AmbiguousBasesBreakOnlyTheirKmers) {
  const MinimizerParams params;
  const std::size_t k = params.kmer_length;
  std::string sequence = testing::random_sequence(150, 5);
  sequence[70] = 'N';
  MinimizerScanner scanner(params);
  std::vector<std::uint64_t> values;
  scanner.scan(sequence, values);
  ASSERT_EQ(values.size(), 150 - k + 1);
  for (std::size_t start = 0; start < values.size(); ++start) {
    const bool covers_n = start <= 70 && 70 < start + k;
    EXPECT_EQ(values[start] == kAmbiguousKmer, covers_n) << "k-mer at " << start;
  }
}

TEST(MinimizerScanner, RunsAreTheValuesOfScanWithEqualNeighboursMerged) {
  MinimizerScanner scanner(MinimizerParams{});
  std::vector<std::uint64_t> values;
  std::vector<ScannedRun> runs;
  for (const unsigned seed : {1U, 2U, 3U}) {
    std::string sequence = testing::random_sequence(300, seed);
    // Ns at the ends, next to each other and alone, so that ambiguous
    // stretches sit between, before and after the scanned ones.
    for (const std::size_t n : {std::size_t{0}, std::size_t{90}, std::size_t{91}, std::size_t{200},
                                std::size_t{299}})
      sequence[n] = 'N';
    if (seed == 3) sequence.replace(120, 60, std::string(60, 'N'));
    scanner.scan(sequence, values);
    scanner.scan_runs(sequence, runs);
    std::vector<std::uint64_t> expanded;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      EXPECT_GT(runs[r].positions, 0U);
      if (r > 0) {
        EXPECT_NE(runs[r].minimizer, runs[r - 1].minimizer);
      }
      expanded.insert(expanded.end(), runs[r].positions, runs[r].minimizer);
    }
    EXPECT_EQ(expanded, values) << "seed " << seed;
    EXPECT_LT(runs.size(), values.size() / 2);
  }
  scanner.scan_runs("ACGT", runs);
  EXPECT_TRUE(runs.empty());
  scanner.scan_runs(std::string(60, 'N'), runs);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].minimizer, kAmbiguousKmer);
  EXPECT_EQ(runs[0].positions, 20U);
}

TEST(MinimizerScanner, ReadsShorterThanKGiveNothing) {
  MinimizerScanner scanner(MinimizerParams{});
  std::vector<std::uint64_t> values{1, 2, 3};
  scanner.scan("ACGTACGT", values);
  EXPECT_TRUE(values.empty());
  scanner.scan("", values);
  EXPECT_TRUE(values.empty());
}

TEST(MinimizerScanner, RejectsBadParameters) {
  MinimizerParams params;
  params.minimizer_length = 32;
  EXPECT_THROW(validate(params), std::invalid_argument);
  params.minimizer_length = 25;
  params.kmer_length = 20;
  EXPECT_THROW(validate(params), std::invalid_argument);
}

}  // namespace
}  // namespace neurotax::kernels
