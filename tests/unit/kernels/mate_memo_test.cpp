#include "neurotax/kernels/mate_memo.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace neurotax::kernels {
namespace {

std::vector<MateRun> runs_of(std::uint32_t first_taxon, std::size_t count) {
  std::vector<MateRun> runs;
  for (std::uint32_t r = 0; r < count; ++r)
    runs.push_back({0x1234567890ULL + r, r % 3 == 0 ? MateRun::kNotFound : 100 + r, first_taxon + r, 1 + r % 5});
  return runs;
}

void expect_same_runs(std::span<const MateRun> found, const std::vector<MateRun>& stored) {
  ASSERT_EQ(found.size(), stored.size());
  for (std::size_t r = 0; r < stored.size(); ++r) {
    EXPECT_EQ(found[r].minimizer, stored[r].minimizer);
    EXPECT_EQ(found[r].slot, stored[r].slot);
    EXPECT_EQ(found[r].taxon, stored[r].taxon);
    EXPECT_EQ(found[r].length, stored[r].length);
  }
}

TEST(MateMemo, KeepsAMatesRunsOnlyFromItsSecondSighting) {
  MateMemo memo(std::size_t{1} << 20);
  ASSERT_TRUE(memo.enabled());
  const MateKey key = mate_key("ACGTACGTTTGACCA");
  EXPECT_TRUE(memo.find(key).empty());
  EXPECT_FALSE(memo.seen_before(key));  // first sighting: not worth keeping yet
  EXPECT_TRUE(memo.seen_before(key));
  const std::vector<MateRun> runs = runs_of(7, 40);
  memo.store(key, runs);
  expect_same_runs(memo.find(key), runs);
  // Another sequence, even one base apart, misses.
  EXPECT_TRUE(memo.find(mate_key("ACGTACGTTTGACCT")).empty());
}

TEST(MateMemo, KeysDifferForDifferentSequencesAndLengths) {
  EXPECT_EQ(mate_key("ACGT"), mate_key(std::string("ACGT")));
  EXPECT_FALSE(mate_key("ACGT") == mate_key("ACGA"));
  EXPECT_FALSE(mate_key("ACGT") == mate_key("ACGTA"));
  EXPECT_FALSE(mate_key("") == mate_key("A"));
}

TEST(MateMemo, MatesOfTooManyRunsAndEmptyMatesAreNotKept) {
  MateMemo memo(std::size_t{1} << 20);
  const MateKey long_mate = mate_key("long");
  memo.store(long_mate, runs_of(1, MateMemo::kMaxRuns + 1));
  EXPECT_TRUE(memo.find(long_mate).empty());
  const MateKey short_mate = mate_key("short");
  memo.store(short_mate, {});
  EXPECT_TRUE(memo.find(short_mate).empty());
  memo.store(long_mate, runs_of(1, MateMemo::kMaxRuns));
  EXPECT_EQ(memo.find(long_mate).size(), MateMemo::kMaxRuns);
}

TEST(MateMemo, ABudgetTooSmallForOneEntryTurnsItOff) {
  MateMemo memo(64);
  EXPECT_FALSE(memo.enabled());
  const MateKey key = mate_key("ACGT");
  EXPECT_FALSE(memo.seen_before(key));
  EXPECT_FALSE(memo.seen_before(key));
  memo.store(key, runs_of(1, 3));
  EXPECT_TRUE(memo.find(key).empty());
}

}  // namespace
}  // namespace neurotax::kernels
