#include "neurotax/pipeline/read_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace neurotax::pipeline {
namespace {

CachedResult result_for(std::uint32_t taxon, std::size_t tail_bytes = 40) {
  CachedResult result;
  result.call.taxon = taxon;
  result.kraken_tail = "\t" + std::to_string(taxon) + "\t250|250\t" + std::string(tail_bytes, 'x') + "\n";
  result.lineage_tail = "\td:Bacteria(1.00)\n";
  return result;
}

ReadCache::Key key_of(std::uint32_t n) { return ReadCache::make_key("ACGT" + std::to_string(n), "TTGCA", true); }

TEST(ReadCache, StoresAResultFromItsSecondSightingAndAnswersWithIt) {
  ReadCache cache(std::size_t{8} << 20);
  ASSERT_TRUE(cache.enabled());
  const ReadCache::Key key = key_of(1);
  CachedResult found;
  bool store = true;
  EXPECT_FALSE(cache.find(key, found, store));
  EXPECT_FALSE(store);  // a first sighting: most reads never come again
  EXPECT_FALSE(cache.find(key, found, store));
  EXPECT_TRUE(store);
  const CachedResult stored = result_for(562);
  cache.insert(key, stored);
  cache.insert(key, result_for(1));  // a second insert (another thread's) keeps the first
  ASSERT_TRUE(cache.find(key, found, store));
  EXPECT_EQ(found.call.taxon, 562U);
  EXPECT_EQ(found.kraken_tail, stored.kraken_tail);
  EXPECT_EQ(found.lineage_tail, stored.lineage_tail);
  EXPECT_EQ(cache.hits(), 1U);
  EXPECT_FALSE(cache.find(key_of(2), found, store));
}

TEST(ReadCache, KeysSeparateMatesAndSingleReads) {
  EXPECT_EQ(ReadCache::make_key("ACG", "TTA", true), ReadCache::make_key("ACG", "TTA", true));
  EXPECT_FALSE(ReadCache::make_key("A", "CGT", true) == ReadCache::make_key("AC", "GT", true));
  EXPECT_FALSE(ReadCache::make_key("ACG", "", false) == ReadCache::make_key("ACG", "", true));
  EXPECT_FALSE(ReadCache::make_key("ACG", "TTA", true) == ReadCache::make_key("TTA", "ACG", true));
}

TEST(ReadCache, StaysWithinItsBudgetAndKeepsAnsweringAfterEmptyingAShard) {
  // 64 shards of 8 KiB: each holds a handful of results before it is emptied.
  ReadCache cache(std::size_t{64} << 13);
  ASSERT_TRUE(cache.enabled());
  CachedResult found;
  bool store = false;
  for (std::uint32_t n = 0; n < 20000; ++n) cache.insert(key_of(n), result_for(n, 200));
  std::size_t answered = 0;
  for (std::uint32_t n = 0; n < 20000; ++n) {
    if (!cache.find(key_of(n), found, store)) continue;
    ++answered;
    EXPECT_EQ(found.call.taxon, n);  // never another key's result
  }
  EXPECT_GT(answered, 0U);
  EXPECT_LT(answered, 64U * 8192 / 200);  // what the budget can hold
  // The most recent result is always there.
  ASSERT_TRUE(cache.find(key_of(19999), found, store));
  EXPECT_EQ(found.call.taxon, 19999U);
  // A result larger than a shard's budget is not kept.
  cache.insert(key_of(99999), result_for(7, 100000));
  EXPECT_FALSE(cache.find(key_of(99999), found, store));
}

TEST(ReadCache, ABudgetTooSmallTurnsItOff) {
  EXPECT_FALSE(ReadCache(0).enabled());
  EXPECT_FALSE(ReadCache(64 * 1024).enabled());
  EXPECT_TRUE(ReadCache(std::size_t{1} << 20).enabled());
}

TEST(ReadCache, ThreadsSharingItGetTheirOwnKeysResults) {
  ReadCache cache(std::size_t{1} << 20);
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&cache, &wrong, t] {
      CachedResult found;
      for (int round = 0; round < 3; ++round)
        for (std::uint32_t n = 0; n < 2000; ++n) {
          const ReadCache::Key key = key_of(n);
          cache.prefetch(key);
          bool store = false;
          if (cache.find(key, found, store)) {
            wrong[t] += found.call.taxon != n;
          } else if (store) {
            cache.insert(key, result_for(n));
          }
        }
    });
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
  EXPECT_GT(cache.hits(), 0U);
}

}  // namespace
}  // namespace neurotax::pipeline
