#include "neurotax/pipeline/read_cache.hpp"

#include <xxhash.h>

#include <algorithm>

namespace neurotax::pipeline {
namespace {

constexpr std::size_t kShards = 64;
/// Bookkeeping a hash-map node costs beyond its payload.
constexpr std::size_t kNodeOverhead = 64;

}  // namespace

ReadCache::ReadCache(std::size_t max_bytes) : shard_budget_(max_bytes / kShards), shards_(max_bytes > 0 ? kShards : 0) {
  // An eighth of the budget remembers first sightings.
  if (!shards_.empty()) {
    seen_per_shard_ = std::max<std::size_t>(1, shard_budget_ / 8 / sizeof(std::uint64_t));
    seen_ = Doorkeeper(seen_per_shard_ * shards_.size());
  }
  shard_budget_ -= shard_budget_ / 8;
}

ReadCache::Key ReadCache::make_key(std::string_view mate1, std::string_view mate2, bool paired) {
  // One-shot hashes (the streaming API copies its input): the second mate's
  // hash seeds the first's, and an unpaired read has its own seed, so that
  // (A, BC) and (AB, C) and a single read never share a key.
  const XXH64_hash_t seed = paired ? XXH3_64bits(mate2.data(), mate2.size()) : 0x5eed5eed5eed5eedULL;
  const XXH128_hash_t hash = XXH3_128bits_withSeed(mate1.data(), mate1.size(), seed);
  return {hash.low64, hash.high64};
}

void ReadCache::make_room(Shard& shard, std::size_t cost) {
  if (shard.bytes + cost <= shard_budget_) return;
  shard.entries.clear();
  shard.bytes = 0;
}

bool ReadCache::find(const Key& key, CachedResult& result, bool& store) {
  const std::size_t index = shard_index(key);
  Shard& shard = shards_[index];
  std::lock_guard lock(shard.mutex);
  const auto found = shard.entries.find(key);
  if (found != shard.entries.end()) {
    ++shard.hits;
    result = found->second;
    return true;
  }
  store = seen_.seen_before(index * seen_per_shard_ + key.low % seen_per_shard_, key.high);
  return false;
}

void ReadCache::insert(const Key& key, const CachedResult& result) {
  const std::size_t cost = result.kraken_tail.size() + result.lineage_tail.size() +
                           sizeof(CachedResult) + sizeof(Key) +
                           kNodeOverhead;
  Shard& shard = shards_[shard_index(key)];
  std::lock_guard lock(shard.mutex);
  make_room(shard, cost);
  if (shard.entries.emplace(key, result).second) shard.bytes += cost;
}

std::uint64_t ReadCache::hits() const noexcept {
  std::uint64_t total = 0;
  for (const Shard& shard : shards_) total += shard.hits;  // read after the pipeline has finished
  return total;
}

}  // namespace neurotax::pipeline
