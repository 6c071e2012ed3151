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
