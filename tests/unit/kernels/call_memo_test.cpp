#include "neurotax/kernels/call_memo.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "neurotax/kernels/hash.hpp"

namespace neurotax::kernels {
namespace {

ReadCall call_of(std::uint32_t taxon) {
  ReadCall call;
  call.taxon = taxon;
  call.hit_count = 3;
  call.lineage[0] = {taxon, 0.5F, 7, 0.75F};
  return call;
}

TEST(CallMemo, RemembersAHitSetsCallAndNothingElse) {
  CallMemo memo(std::size_t{1} << 16);
  ASSERT_TRUE(memo.enabled());
  const std::vector<std::uint32_t> hits{3, 9, 27};
  memo.store(hits, hash_words(hits), call_of(42));
  ReadCall found;
  ASSERT_TRUE(memo.find(hits, hash_words(hits), found));
  EXPECT_EQ(found.taxon, 42U);
  EXPECT_EQ(found.lineage[0].rival, 7U);
  EXPECT_FLOAT_EQ(found.lineage[0].beats_rival, 0.75F);
  // A different set, a subset, and the same set under a forged hash all miss.
  const std::vector<std::uint32_t> other{3, 9, 28}, subset{3, 9};
  EXPECT_FALSE(memo.find(other, hash_words(other), found));
  EXPECT_FALSE(memo.find(subset, hash_words(subset), found));
  EXPECT_FALSE(memo.find(other, hash_words(hits), found));
}

TEST(CallMemo, ANewSetTakesTheEntryItShares) {
  CallMemo memo(1);  // less than one entry: off
  EXPECT_FALSE(memo.enabled());
  CallMemo single(1024);  // one or two entries: hash 0 picks the first either way
  const std::vector<std::uint32_t> first{1, 2}, second{5, 6};
  single.store(first, 0, call_of(1));
  single.store(second, 0, call_of(2));  // the same entry (hash 0)
  ReadCall found;
  EXPECT_FALSE(single.find(first, 0, found));
  ASSERT_TRUE(single.find(second, 0, found));
  EXPECT_EQ(found.taxon, 2U);
}

TEST(CallMemo, LongAndEmptyHitSetsAreNotRemembered) {
  CallMemo memo(std::size_t{1} << 16);
  std::vector<std::uint32_t> long_set(CallMemo::kMaxHits + 1);
  for (std::uint32_t i = 0; i < long_set.size(); ++i) long_set[i] = i;
  memo.store(long_set, hash_words(long_set), call_of(1));
  ReadCall found;
  EXPECT_FALSE(memo.find(long_set, hash_words(long_set), found));
  const std::vector<std::uint32_t> empty;
  memo.store(empty, hash_words(empty), call_of(1));
  EXPECT_FALSE(memo.find(empty, hash_words(empty), found));
}

}  // namespace
}  // namespace neurotax::kernels
