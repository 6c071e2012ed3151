#include "neurotax/kernels/call_memo.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace neurotax::kernels {
namespace {

ReadCall call_of(std::uint32_t taxon) {
  ReadCall call;
  call.taxon = taxon;
  call.hit_count = 3;
  call.lineage[0] = {taxon, 0.5F, 7, 0.75F};
  return call;
}

HitSetKey key_of(const std::vector<std::uint32_t>& hits) {
  HitSetKey key;
  for (const std::uint32_t hit : hits) key.add(hit);
  return key;
}

TEST(CallMemo, RemembersAHitSetsCallInAnyOrderAndNothingElse) {
  CallMemo memo(std::size_t{1} << 16);
  ASSERT_TRUE(memo.enabled());
  memo.store(key_of({3, 9, 27}), call_of(42));
  ReadCall found;
  ASSERT_TRUE(memo.find(key_of({3, 9, 27}), found));
  EXPECT_EQ(found.taxon, 42U);
  EXPECT_EQ(found.lineage[0].rival, 7U);
  EXPECT_FLOAT_EQ(found.lineage[0].beats_rival, 0.75F);
  found = ReadCall{};
  ASSERT_TRUE(memo.find(key_of({27, 3, 9}), found));  // the same set, met in another order
  EXPECT_EQ(found.taxon, 42U);
  // A different set, a subset and a superset all miss.
  EXPECT_FALSE(memo.find(key_of({3, 9, 28}), found));
  EXPECT_FALSE(memo.find(key_of({3, 9}), found));
  EXPECT_FALSE(memo.find(key_of({3, 9, 27, 81}), found));
}

TEST(CallMemo, HitSetKeysOfDifferentSetsDiffer) {
  // Sums of mixes: sets that differ only by moving one unit between members
  // ({1, 4} and {2, 3}, equal plain sums) or by a member's bits still differ.
  EXPECT_NE(key_of({1, 4}), key_of({2, 3}));
  EXPECT_NE(key_of({0, 0x80000000U}), key_of({0x80000000U, 1}));
  EXPECT_EQ(key_of({5, 6, 7}), key_of({7, 5, 6}));
  EXPECT_EQ(key_of({5, 6, 7}).size, 3U);
}

TEST(CallMemo, ANewSetTakesTheEntryItShares) {
  CallMemo memo(1);  // less than one entry: off
  EXPECT_FALSE(memo.enabled());
  CallMemo single(300);  // one entry: every set shares it
  single.store(key_of({1, 2}), call_of(1));
  single.store(key_of({5, 6}), call_of(2));
  ReadCall found;
  EXPECT_FALSE(single.find(key_of({1, 2}), found));
  ASSERT_TRUE(single.find(key_of({5, 6}), found));
  EXPECT_EQ(found.taxon, 2U);
}

TEST(CallMemo, EmptyHitSetsAreNotRemembered) {
  CallMemo memo(std::size_t{1} << 16);
  memo.store(HitSetKey{}, call_of(1));
  ReadCall found;
  EXPECT_FALSE(memo.find(HitSetKey{}, found));
}

// Asks as the classifier does: only when worth asking, storing each call after a miss.
std::size_t ask(CallMemo& memo, std::size_t fragments, std::uint32_t distinct_sets, std::uint32_t first_set) {
  std::size_t asked = 0;
  ReadCall found;
  for (std::size_t f = 0; f < fragments; ++f) {
    if (!memo.worth_asking()) continue;
    ++asked;
    const HitSetKey key = key_of({first_set + static_cast<std::uint32_t>(f % distinct_sets)});
    if (!memo.find(key, found)) memo.store(key, call_of(static_cast<std::uint32_t>(f)));
  }
  return asked;
}

TEST(CallMemo, RestsWhereNothingRepeatsAndIsAskedAgainAfter) {
  CallMemo memo(std::size_t{1} << 20);
  // Hit sets that never repeat: a window of asks, then a rest.
  EXPECT_EQ(ask(memo, CallMemo::kWindow, ~std::uint32_t{0}, 0), CallMemo::kWindow);
  EXPECT_EQ(ask(memo, CallMemo::kRest, ~std::uint32_t{0}, 0), 0U);
  // Rested, it is asked again, and keeps being asked once reads repeat
  // (8 hit sets over and over: nearly every ask answered).
  EXPECT_EQ(ask(memo, 4 * CallMemo::kWindow, 8, 1U << 30), 4 * CallMemo::kWindow);
}

TEST(CallMemo, KeepsBeingAskedWhenOneAskInSixtyFourIsAnswered) {
  CallMemo memo(std::size_t{1} << 20);
  static_assert(CallMemo::kLeastAnswered == 64);
  // Each window: 64 answered (8 sets seen 8 times each, less their first
  // sightings, plus 8 more) among new sets; the rest never repeat.
  std::size_t asked = 0;
  ReadCall found;
  for (std::uint32_t f = 0; f < 8 * CallMemo::kWindow; ++f) {
    if (!memo.worth_asking()) continue;
    ++asked;
    const std::uint32_t in_window = f % CallMemo::kWindow;
    const HitSetKey key = in_window < 72 ? key_of({1U << 31, in_window % 8}) : key_of({f + 1});
    if (!memo.find(key, found)) memo.store(key, call_of(f));
  }
  EXPECT_EQ(asked, 8 * std::size_t{CallMemo::kWindow});
}

}  // namespace
}  // namespace neurotax::kernels
