#include "neurotax/kernels/mate_overlap.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace neurotax::kernels {
namespace {

char other_base(char base) { return base == 'A' ? 'C' : 'A'; }

/// A fragment read from both ends: the first mate is its start, the second
/// the reverse complement of its end.
struct Pair {
  std::string fragment, first, second;
};

Pair read_pair(std::size_t fragment_length, std::size_t mate_length, std::uint64_t seed) {
  Pair pair;
  pair.fragment = testing::random_sequence(fragment_length, seed);
  pair.first = pair.fragment.substr(0, mate_length);
  pair.second = testing::reverse_complement(pair.fragment.substr(fragment_length - mate_length));
  return pair;
}

TEST(MateOverlap, FindsWhereTheSecondMateFacesTheFirst) {
  const Pair pair = read_pair(120, 100, 1);
  std::vector<std::uint32_t> disagreements{7};
  const auto overlap = find_mate_overlap(pair.first, pair.second, disagreements);
  ASSERT_TRUE(overlap);
  EXPECT_EQ(overlap->offset, 20);
  EXPECT_EQ(overlap->length, 80U);
  EXPECT_EQ(overlap->mismatches, 0U);
  EXPECT_TRUE(disagreements.empty());
}

TEST(MateOverlap, SequencingErrorsAreSettledByTheBetterQuality) {
  Pair pair = read_pair(253, 250, 2);
  std::string first_qualities(250, 'I'), second_qualities(250, 'I');
  // Errors in both mates, each at a base read with quality 2; the second
  // mate's base 1 faces nothing.
  for (const std::size_t i : {10U, 120U, 200U}) {
    pair.first[i] = other_base(pair.first[i]);
    first_qualities[i] = '#';
  }
  for (const std::size_t j : {1U, 40U, 180U, 230U}) {
    pair.second[j] = other_base(pair.second[j]);
    second_qualities[j] = '#';
  }
  std::vector<std::uint32_t> disagreements;
  const auto overlap = find_mate_overlap(pair.first, pair.second, disagreements);
  ASSERT_TRUE(overlap);
  EXPECT_EQ(overlap->offset, 3);
  EXPECT_EQ(overlap->length, 247U);
  EXPECT_EQ(overlap->mismatches, 6U);
  // The first mate's positions: its own errors, and where the second mate's face it.
  EXPECT_EQ(disagreements, (std::vector<std::uint32_t>{10, 22, 72, 120, 200, 212}));
  EXPECT_EQ(reconcile_mates(pair.first, first_qualities, pair.second, second_qualities, *overlap, disagreements), 6U);
  EXPECT_EQ(pair.first, pair.fragment.substr(0, 250));
  const std::string second_truth = testing::reverse_complement(pair.fragment.substr(3));
  EXPECT_EQ(pair.second.substr(2), second_truth.substr(2));
  EXPECT_NE(pair.second[1], second_truth[1]);  // beyond the overlap, nothing says it is wrong
}

TEST(MateOverlap, EqualQualitiesAndMissingQualitiesLeaveBothBases) {
  Pair pair = read_pair(150, 100, 3);
  pair.first[60] = other_base(pair.first[60]);
  const std::string first = pair.first, second = pair.second;
  std::vector<std::uint32_t> disagreements;
  const auto overlap = find_mate_overlap(pair.first, pair.second, disagreements);
  ASSERT_TRUE(overlap);
  EXPECT_EQ(overlap->mismatches, 1U);
  const std::string qualities(100, 'F');
  EXPECT_EQ(reconcile_mates(pair.first, qualities, pair.second, qualities, *overlap, disagreements), 0U);
  EXPECT_EQ(reconcile_mates(pair.first, "", pair.second, "", *overlap, disagreements), 0U);
  EXPECT_EQ(pair.first, first);
  EXPECT_EQ(pair.second, second);
}

TEST(MateOverlap, DisagreementsLeftUnsettledAreMaskedInBothMates) {
  Pair pair = read_pair(150, 120, 14);
  std::string first_qualities(120, 'F'), second_qualities(120, 'F');
  pair.first[60] = other_base(pair.first[60]);  // equal qualities: stays
  pair.first[80] = other_base(pair.first[80]);  // read at quality 2: settled
  first_qualities[80] = '#';
  pair.first[90] = 'N';  // unknown: takes the second mate's base
  first_qualities[90] = '!';
  std::vector<std::uint32_t> disagreements;
  const auto overlap = find_mate_overlap(pair.first, pair.second, disagreements);
  ASSERT_TRUE(overlap);
  EXPECT_EQ(disagreements, (std::vector<std::uint32_t>{60, 80, 90}));
  EXPECT_EQ(reconcile_mates(pair.first, first_qualities, pair.second, second_qualities, *overlap, disagreements), 2U);
  std::string first = pair.first, second = pair.second;
  EXPECT_EQ(mask_disagreements(first, second, *overlap, disagreements), 1U);
  // The first mate's base 60 faces the second mate's 150 - 1 - 60 = 89.
  std::string expected_first = pair.fragment.substr(0, 120), expected_second = pair.second;
  expected_first[60] = 'N';
  expected_second[89] = 'N';
  EXPECT_EQ(first, expected_first);
  EXPECT_EQ(second, expected_second);
  EXPECT_EQ(mask_disagreements(first, second, *overlap, disagreements), 0U);  // N is no disagreement
}

TEST(MateOverlap, AMaskedOrUnknownBaseTakesTheOtherMatesBase) {
  Pair pair = read_pair(150, 100, 4);
  const std::string truth = pair.first;
  std::string first_qualities(100, 'I');
  pair.first[70] = 'x';  // --minimum-base-quality masks it
  first_qualities[70] = '$';
  pair.first[75] = 'N';
  first_qualities[75] = '!';
  std::vector<std::uint32_t> disagreements;
  const auto overlap = find_mate_overlap(pair.first, pair.second, disagreements);
  ASSERT_TRUE(overlap);
  EXPECT_EQ(overlap->mismatches, 0U);  // an ambiguous base is no mismatch
  EXPECT_EQ(disagreements, (std::vector<std::uint32_t>{70, 75}));
  EXPECT_EQ(reconcile_mates(pair.first, first_qualities, pair.second, std::string(100, 'I'), *overlap, disagreements),
            2U);
  EXPECT_EQ(pair.first, truth);
}

TEST(MateOverlap, AFragmentShorterThanTheMatesOverlapsBeforeTheFirstMatesStart) {
  // Both mates read 20 bases past the 80-base fragment, into the adapters.
  const std::string fragment = testing::random_sequence(80, 5);
  const std::string first = fragment + testing::random_sequence(20, 6);
  const std::string second = testing::reverse_complement(fragment) + testing::random_sequence(20, 7);
  std::vector<std::uint32_t> disagreements;
  const auto overlap = find_mate_overlap(first, second, disagreements);
  ASSERT_TRUE(overlap);
  EXPECT_EQ(overlap->offset, -20);
  EXPECT_EQ(overlap->length, 80U);
  EXPECT_EQ(overlap->mismatches, 0U);
}

TEST(MateOverlap, MatesOfALongFragmentOrOfDifferentFragmentsDoNotOverlap) {
  std::vector<std::uint32_t> disagreements;
  const Pair long_fragment = read_pair(500, 150, 8);
  EXPECT_FALSE(find_mate_overlap(long_fragment.first, long_fragment.second, disagreements));
  const Pair barely = read_pair(270, 150, 9);  // 30 bases face each other: fewer than 32
  EXPECT_FALSE(find_mate_overlap(barely.first, barely.second, disagreements));
  EXPECT_FALSE(find_mate_overlap(testing::random_sequence(250, 10), testing::random_sequence(250, 11), disagreements));
  EXPECT_FALSE(find_mate_overlap("ACGT", "ACGT", disagreements));
  EXPECT_FALSE(find_mate_overlap(std::string(250, 'N'), std::string(250, 'N'), disagreements));
  EXPECT_TRUE(disagreements.empty());
}

TEST(MateOverlap, ASeedFoundElsewhereInTheFirstMateDoesNotMisplaceIt) {
  // The second mate's first 16 bases also occur early in the first mate, where
  // the rest of the mates differ.
  Pair pair = read_pair(200, 150, 12);
  const std::string seed_in_first = testing::reverse_complement(pair.second.substr(0, 16));
  pair.first.replace(5, 16, seed_in_first);
  pair.fragment.replace(5, 16, seed_in_first);
  std::vector<std::uint32_t> disagreements;
  const auto overlap = find_mate_overlap(pair.first, pair.second, disagreements);
  ASSERT_TRUE(overlap);
  EXPECT_EQ(overlap->offset, 50);
  EXPECT_EQ(overlap->mismatches, 0U);
}

TEST(MateOverlap, AnOverlapWithManyErrorsIsTakenIfNoneDiffersLess) {
  // 9 of the 50 facing bases differ: more than an eighth, less than a quarter.
  Pair pair = read_pair(150, 100, 13);
  for (const std::size_t i : {51U, 52U, 86U, 88U, 90U, 92U, 94U, 96U, 98U}) pair.first[i] = other_base(pair.first[i]);
  std::vector<std::uint32_t> disagreements;
  const auto overlap = find_mate_overlap(pair.first, pair.second, disagreements);
  ASSERT_TRUE(overlap);
  EXPECT_EQ(overlap->offset, 50);
  EXPECT_EQ(overlap->mismatches, 9U);
  EXPECT_EQ(disagreements.size(), 9U);
  for (const std::size_t i : {53U, 54U, 55U, 56U}) pair.first[i] = other_base(pair.first[i]);  // 13: over a quarter
  EXPECT_FALSE(find_mate_overlap(pair.first, pair.second, disagreements));
}

}  // namespace
}  // namespace neurotax::kernels
