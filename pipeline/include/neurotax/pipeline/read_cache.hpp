#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "neurotax/common/doorkeeper.hpp"
#include "neurotax/kernels/read_classifier.hpp"

namespace neurotax::pipeline {

/// What classifying one sequence (or pair) produced, apart from its read id:
/// the call and the id-free ends of its output lines. Amplicon runs repeat the
/// same sequences thousands of times, so these are looked up, not recomputed.
struct CachedResult {
  kernels::ReadCall call;
  std::string kraken_tail;   ///< per-read output after the read id ("\t562\t250|250\t...\n")
  std::string lineage_tail;  ///< lineage TSV after the read id
};

/// A cache of results keyed by a 128-bit hash of the fragment's sequences,
/// shared by all classification threads. A sequence is remembered as seen the
/// first time and its result stored the second, so singletons (most reads
/// with a sequencing error) cost a hash and no copies. The cache is split into
/// shards with one lock each; a shard that outgrows its share of `max_bytes`
/// is emptied, so memory stays bounded whatever the input. Results depend only
/// on the sequences, so output is identical with the cache on or off.
class ReadCache {
 public:
  struct Key {
    std::uint64_t low;
    std::uint64_t high;
    friend bool operator==(const Key&, const Key&) = default;
  };

  explicit ReadCache(std::size_t max_bytes);

  /// The key of a fragment: its mates, separated so that (A, BC) != (AB, C).
  [[nodiscard]] static Key make_key(std::string_view mate1, std::string_view mate2, bool paired);

  [[nodiscard]] bool enabled() const noexcept { return shard_budget_ > 0; }
  /// Copies a cached result into `result` and returns true; otherwise returns
  /// false and says in `store` whether the result is worth inserting (seen before).
  bool find(const Key& key, CachedResult& result, bool& store);
  void insert(const Key& key, const CachedResult& result);

  [[nodiscard]] std::uint64_t hits() const noexcept;

 private:
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept { return static_cast<std::size_t>(key.low); }
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<Key, CachedResult, KeyHash> entries;
    std::size_t bytes = 0;
    std::uint64_t hits = 0;
  };
  [[nodiscard]] std::size_t shard_index(const Key& key) const noexcept { return key.high % shards_.size(); }
  void make_room(Shard& shard, std::size_t cost);

  std::size_t shard_budget_;
  std::vector<Shard> shards_;
  /// First sightings: each shard its own slice of buckets.
  Doorkeeper seen_;
  std::size_t seen_per_shard_ = 0;
};

}  // namespace neurotax::pipeline
