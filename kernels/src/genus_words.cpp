#include "neurotax/kernels/genus_words.hpp"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include "neurotax/common/errors.hpp"

// An AVX2 clone chosen at load through an ifunc, except under ThreadSanitizer,
// whose runtime is not yet up when the dynamic loader runs the resolver.
#if defined(__SANITIZE_THREAD__)
#define NEUROTAX_AVX2_CLONE
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define NEUROTAX_AVX2_CLONE
#endif
#endif
#ifndef NEUROTAX_AVX2_CLONE
#define NEUROTAX_AVX2_CLONE __attribute__((target_clones("avx2", "default")))
#endif
// A loop whose stores alias none of its loads (the compilers cannot see it
// through an array of column pointers, and would not vectorise it).
#if defined(__clang__)
#define NEUROTAX_INDEPENDENT_ITERATIONS _Pragma("clang loop vectorize(assume_safety)")
#else
#define NEUROTAX_INDEPENDENT_ITERATIONS _Pragma("GCC ivdep")
#endif

namespace neurotax::kernels {
namespace {
constexpr int kMantissaSteps = 128;

/// Set bits of `bits`: std::popcount is a libgcc call where the build does not
/// assume the POPCNT instruction.
constexpr unsigned count_bits(std::uint64_t bits) noexcept {
  bits = bits - ((bits >> 1) & 0x5555555555555555ULL);
  bits = (bits & 0x3333333333333333ULL) + ((bits >> 2) & 0x3333333333333333ULL);
  bits = (bits + (bits >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<unsigned>((bits * 0x0101010101010101ULL) >> 56);
}

/// add_columns takes columns in groups of this many.
constexpr std::size_t kColumnPadding = 8;

/// Adds bits a and b of one weight to `low`, that weight's bit of a sum,
/// leaving the sum's bit there; returns the carry to the next weight (Harley
/// and Seal's carry-save adder).
[[gnu::always_inline]] inline std::uint64_t carry_save(std::uint64_t& low, std::uint64_t a, std::uint64_t b) noexcept {
  const std::uint64_t either = a ^ b;
  const std::uint64_t carry = (a & b) | (either & low);
  low ^= either;
  return carry;
}

/// Adds block `b` of 2^kLevels columns into the bits of weights 1, 2, ...,
/// 2^(kLevels-1) of `sum`, as a tree of carry-save adders; returns the carry
/// of weight 2^kLevels.
template <unsigned kLevels>
[[gnu::always_inline]] inline std::uint64_t add_tree(const std::uint64_t* const* columns, std::size_t b,
                                                     std::uint64_t* sum) noexcept {
  if constexpr (kLevels == 1) {
    return carry_save(sum[0], columns[0][b], columns[1][b]);
  } else {
    const std::uint64_t first = add_tree<kLevels - 1>(columns, b, sum);
    const std::uint64_t second = add_tree<kLevels - 1>(columns + (std::size_t{1} << (kLevels - 1)), b, sum);
    return carry_save(sum[kLevels - 1], first, second);
  }
}

/// Adds 2^kLevels columns into the lowest kLevels planes of bit-sliced
/// counters and leaves the carry out of them in `carry`.
template <unsigned kLevels>
[[gnu::always_inline]] inline void add_group(const std::uint64_t* const* columns, std::size_t blocks,
                                             std::uint64_t* planes, std::size_t stride, std::uint64_t* carry) noexcept {
  NEUROTAX_INDEPENDENT_ITERATIONS
  for (std::size_t b = 0; b < blocks; ++b) {
    std::uint64_t sum[kLevels];
    for (unsigned level = 0; level < kLevels; ++level) sum[level] = planes[level * stride + b];
    carry[b] = add_tree<kLevels>(columns, b, sum);
    for (unsigned level = 0; level < kLevels; ++level) planes[level * stride + b] = sum[level];
  }
}

/// Adds the bits of `count` columns (each `blocks` words: a bit per
/// reference; `count` a multiple of kColumnPadding, padded with columns of zeros) into
/// bit-sliced counters: plane p, at `planes` + p * `stride`, holds bit p of
/// each reference's count; `carries` is scratch of `blocks` words. Trees of
/// Harley and Seal's carry-save adders take 16 columns at a time (the last 8
/// maybe alone), and only what carries out of them ripples on, as far as the
/// count so far can reach; every loop runs over the blocks, so the compiler
/// vectorises them (with AVX2 where the processor has it).
NEUROTAX_AVX2_CLONE void add_columns(const std::uint64_t* const* columns, std::size_t count, std::size_t blocks,
                                     std::uint64_t* planes, std::size_t stride, std::uint64_t* carries) {
  std::uint64_t* __restrict const carry = carries;
  const auto ripple = [&](std::size_t from, std::size_t added) {
    for (std::size_t p = from; p < static_cast<std::size_t>(std::bit_width(added)); ++p) {
      std::uint64_t* __restrict const plane = planes + p * stride;
      for (std::size_t b = 0; b < blocks; ++b) {
        const std::uint64_t next = plane[b] & carry[b];
        plane[b] ^= carry[b];
        carry[b] = next;
      }
    }
  };
  std::size_t i = 0;
  for (; i + 16 <= count; i += 16) {
    add_group<4>(columns + i, blocks, planes, stride, carry);
    ripple(4, i + 16);
  }
  if (i < count) {
    add_group<3>(columns + i, blocks, planes, stride, carry);
    ripple(3, i + 8);
  }
}
}  // namespace

GenusWordModel::GenusWordModel(const GenusWordsView& view, const TaxonomyView& taxonomy, std::size_t max_rows,
                               std::string source)
    : view_(view), source_(std::move(source)) {
  using namespace genus_words;
  const std::size_t profiles = view.genera.size();
  if (view.presence.size() != profiles * kPresenceWords) throw std::invalid_argument("genus word presence has the wrong size");
  if (view.word_references.size() != kWords) throw std::invalid_argument("genus word counts have the wrong size");
  if (taxonomy.clade_references.size() != taxonomy.size())
    throw std::invalid_argument("the genus word model needs the taxonomy's clade references");
  profile_of_taxon_.assign(taxonomy.size(), kNoProfile);
  references_per_step_.resize(profiles);
  log_denominator_.resize(profiles);
  for (std::size_t p = 0; p < profiles; ++p) {
    const std::uint32_t genus = view.genera[p];
    if (genus >= taxonomy.size() || taxonomy.ranks[genus] != Rank::kGenus || (p > 0 && genus <= view.genera[p - 1]))
      throw std::invalid_argument("genus word profile " + std::to_string(p) + " is not of a genus, or out of order");
    const std::uint32_t references = taxonomy.clade_references[genus];
    if (references == 0) throw std::invalid_argument("genus word profile " + std::to_string(p) + " is of a genus without references");
    profile_of_taxon_[genus] = static_cast<std::uint32_t>(p);
    references_per_step_[p] = static_cast<float>(references) / static_cast<float>(kShareSteps);
    log_denominator_[p] = std::log(static_cast<float>(references) + 1.0F);
  }
  for (int i = 0; i <= kMantissaSteps; ++i) log_mantissa_.push_back(std::log1p(static_cast<float>(i) / kMantissaSteps));
  share_base_.resize(view.presence.size());
  std::size_t held = 0;
  for (std::size_t i = 0; i < view.presence.size(); ++i) {
    share_base_[i] = static_cast<std::uint32_t>(held);
    held += count_bits(view.presence[i]);
  }
  if (held != view.shares.size()) throw std::invalid_argument("genus word shares do not match the words held");
  for (const std::uint8_t share : view.shares)
    if (share == 0) throw std::invalid_argument("a held genus word has a share of 0");
  prior_.resize(kWords);
  log_prior_.resize(kWords);
  for (std::size_t w = 0; w < kWords; ++w) {
    if (view.word_references[w] > view.references) throw std::invalid_argument("a genus word is held by more references than exist");
    prior_[w] = static_cast<float>((view.word_references[w] + 0.5) / (static_cast<double>(view.references) + 1.0));
    log_prior_[w] = std::log(prior_[w]);
  }
  if (view.reference_rows.size() != profiles + 1 || view.reference_rows.front() != 0)
    throw std::invalid_argument("genus reference rows have the wrong size");
  for (std::size_t p = 0; p < profiles; ++p)
    if (view.reference_rows[p + 1] < view.reference_rows[p] ||
        view.reference_rows[p + 1] - view.reference_rows[p] != taxonomy.clade_references[view.genera[p]])
      throw std::invalid_argument("genus word profile " + std::to_string(p) + " has not a row for each of its references");
  if (view.reference_near_words.size() != std::size_t{view.reference_rows.back()} * kNearPresenceWords)
    throw std::invalid_argument("genus reference near words have the wrong size");
  if (view.reference_near_word_checksums.size() != profiles)
    throw std::invalid_argument("genus reference near-word checksums have the wrong size");
  rows_ = std::make_unique<Rows>(profiles, max_rows);
}

void GenusWordModel::count_nearest(std::span<const std::uint32_t> profiles, std::span<const std::uint32_t> near_words,
                                   std::span<Nearness> nearness, std::vector<std::uint64_t>& scratch) const {
  // Bit-sliced counters: plane p of a block holds bit p of each of its 64
  // references' counts (a fragment has at most kNearWords near words).
  constexpr std::size_t kPlanes = std::bit_width(genus_words::kNearWords);
  static_assert(genus_words::kNearWords % kColumnPadding == 0);
  const std::size_t padded = (near_words.size() + kColumnPadding - 1) / kColumnPadding * kColumnPadding;
  const std::size_t planes_used = std::min<std::size_t>(kPlanes, std::bit_width(padded));
  std::size_t blocks = 0;
  for (const std::uint32_t profile : profiles) blocks = std::max(blocks, near_blocks(profile));
  scratch.resize((kPlanes + 2) * blocks);
  std::uint64_t* const planes = scratch.data();
  std::uint64_t* const at_most = planes + kPlanes * blocks;  // references still at the most, plane by plane
  std::uint64_t* const zeros = at_most + blocks;             // the column add_columns is padded with
  std::fill(zeros, zeros + blocks, 0);
  std::array<const std::uint64_t*, genus_words::kNearWords> columns_of_words;  // the first `padded` set below
  std::fill(columns_of_words.begin() + static_cast<std::ptrdiff_t>(near_words.size()),
            columns_of_words.begin() + static_cast<std::ptrdiff_t>(padded), zeros);
  // Every column this fragment adds is a cache miss of its own; asked for at
  // once, they overlap.
  for (const std::uint32_t profile : profiles) {
    const std::size_t own = near_blocks(profile);
    const std::uint64_t* const columns = near_columns(profile);
    for (const std::uint32_t word : near_words) __builtin_prefetch(columns + std::size_t{word} * own);
  }
  for (std::size_t g = 0; g < profiles.size(); ++g) {
    const std::uint32_t profile = profiles[g];
    const std::size_t own = near_blocks(profile);
    for (std::size_t p = 0; p < planes_used; ++p) std::fill(planes + p * blocks, planes + p * blocks + own, 0);
    const std::uint64_t* const columns = near_columns(profile);
    for (std::size_t i = 0; i < near_words.size(); ++i) columns_of_words[i] = columns + std::size_t{near_words[i]} * own;
    add_columns(columns_of_words.data(), padded, own, planes, blocks, at_most);
    const std::size_t references = view_.reference_rows[profile + 1] - view_.reference_rows[profile];
    std::fill(at_most, at_most + own, ~std::uint64_t{0});
    if (references % 64 != 0) at_most[own - 1] = (std::uint64_t{1} << (references % 64)) - 1;
    // From the highest plane down, keep the references whose count has the
    // bit whenever any of those still kept has it: the ones left hold the most.
    unsigned most = 0;
    for (std::size_t p = planes_used; p-- > 0;) {
      const std::uint64_t* const plane = planes + p * blocks;
      std::uint64_t any = 0;
      for (std::size_t b = 0; b < own; ++b) any |= at_most[b] & plane[b];
      if (any == 0) continue;
      most |= 1U << p;
      for (std::size_t b = 0; b < own; ++b) at_most[b] &= plane[b];
    }
    unsigned holding = 0;
    for (std::size_t b = 0; b < own; ++b) holding += count_bits(at_most[b]);
    nearness[g] = Nearness{most, holding};
  }
}

const std::uint64_t* GenusWordModel::near_columns(std::uint32_t profile) const {
  std::atomic<std::uint64_t*>& slot = rows_->columns[profile];
  if (std::uint64_t* kept = slot.load(std::memory_order_acquire)) return kept;
  const std::size_t blocks = near_blocks(profile);
  const std::uint32_t first = view_.reference_rows[profile];
  const std::span<const std::uint64_t> rows = view_.reference_near_words.subspan(
      std::size_t{first} * genus_words::kNearPresenceWords,
      std::size_t{view_.reference_rows[profile + 1] - first} * genus_words::kNearPresenceWords);
  if (genus_words::near_word_rows_checksum(rows) != view_.reference_near_word_checksums[profile])
    throw InputError(source_ + ": the near words of genus word profile " + std::to_string(profile) +
                     " fail their checksum: the database is corrupt or was modified; rebuild it with build-db");
  auto fresh = std::make_unique<std::uint64_t[]>(genus_words::kNearWords * blocks);  // zeroed
  for (std::uint32_t r = 0; r < view_.reference_rows[profile + 1] - first; ++r) {
    const std::uint64_t* const row = view_.reference_near_words.data() + std::size_t{first + r} * genus_words::kNearPresenceWords;
    for (std::size_t i = 0; i < genus_words::kNearPresenceWords; ++i)
      for (std::uint64_t bits = row[i]; bits != 0; bits &= bits - 1) {
        const std::size_t word = i * 64 + static_cast<std::size_t>(std::countr_zero(bits));
        fresh[word * blocks + r / 64] |= std::uint64_t{1} << (r % 64);
      }
  }
  std::uint64_t* kept = nullptr;
  if (slot.compare_exchange_strong(kept, fresh.get(), std::memory_order_release, std::memory_order_acquire))
    return fresh.release();
  return kept;
}

GenusWordModel::Rows::~Rows() {
  for (const std::atomic<float*>& kept_row : row) delete[] kept_row.load(std::memory_order_relaxed);
  for (const std::atomic<std::uint64_t*>& kept_columns : columns) delete[] kept_columns.load(std::memory_order_relaxed);
}

const float* GenusWordModel::likelihood_row(std::uint32_t profile) const {
  std::atomic<float*>& slot = rows_->row[profile];
  if (float* kept = slot.load(std::memory_order_acquire)) return kept;
  if (rows_->kept.fetch_add(1, std::memory_order_relaxed) >= rows_->max_rows) {
    rows_->kept.fetch_sub(1, std::memory_order_relaxed);
    return nullptr;
  }
  auto fresh = std::make_unique<float[]>(genus_words::kWords);
  for (std::uint32_t word = 0; word < genus_words::kWords; ++word) fresh[word] = log_likelihood(profile, word);
  float* first = nullptr;
  if (slot.compare_exchange_strong(first, fresh.get(), std::memory_order_release, std::memory_order_acquire))
    return fresh.release();
  rows_->kept.fetch_sub(1, std::memory_order_relaxed);
  return first;
}


float GenusWordModel::log(float x) const noexcept {
  // x = m 2^e with m in [1, 2): e ln 2 + ln m, ln m interpolated in the table.
  const auto bits = std::bit_cast<std::uint32_t>(x);
  const int exponent = static_cast<int>((bits >> 23) & 0xFFU) - 127;
  const std::uint32_t mantissa = bits & 0x7FFFFFU;
  const std::uint32_t step = mantissa >> 16;
  const float within = static_cast<float>(mantissa & 0xFFFFU) * (1.0F / 65536.0F);
  return static_cast<float>(exponent) * std::numbers::ln2_v<float> + log_mantissa_[step] +
         within * (log_mantissa_[step + 1] - log_mantissa_[step]);
}

float GenusWordModel::log_likelihood(std::uint32_t profile, std::uint32_t word) const noexcept {
  float likelihood = 0.0F;
  log_likelihoods(profile, std::span(&word, 1), &likelihood);
  return likelihood;
}

void GenusWordModel::log_likelihoods(std::uint32_t profile, std::span<const std::uint32_t> words,
                                     float* out) const noexcept {
  const std::uint64_t* presence = view_.presence.data() + std::size_t{profile} * genus_words::kPresenceWords;
  const std::uint32_t* share_base = share_base_.data() + std::size_t{profile} * genus_words::kPresenceWords;
  const float references_per_step = references_per_step_[profile];
  const float log_denominator = log_denominator_[profile];
  // (A model whose references hold no word at all has no share to point at.)
  const std::uint8_t no_share = 0;
  const std::uint8_t* shares = view_.shares.empty() ? &no_share : view_.shares.data();
  const std::size_t last_share = view_.shares.empty() ? 0 : view_.shares.size() - 1;
  // Without branches: a read holds words a genus has and words it lacks in
  // no predictable order, and a held word's share is 0 for one it lacks,
  // where RDP's estimate becomes P_w / (references + 1).
  for (const std::uint32_t word : words) {
    const std::uint64_t bits = presence[word / 64];
    const std::uint64_t bit = std::uint64_t{1} << (word % 64);
    const auto held = static_cast<std::uint32_t>((bits & bit) != 0);
    const std::size_t index = std::min<std::size_t>(share_base[word / 64] + count_bits(bits & (bit - 1)), last_share);
    const auto share = static_cast<float>(shares[index] & (0U - held));
    *out++ = log(share * references_per_step + prior_[word]) - log_denominator;
  }
}

void genus_words::distinct_words(std::span<const std::string_view> mates, std::vector<std::uint64_t>& seen,
                                 std::vector<std::uint32_t>& words) {
  std::size_t positions = 0;
  for (const std::string_view mate : mates) positions += mate.size();
  words.resize(positions + 1);
  std::size_t distinct = 0;
  // Sampled words and repeats (overlapping mates) come in no predictable
  // order: each word is written, and kept by advancing past it only when it
  // is sampled and new, without a branch to mispredict.
  for (const std::string_view mate : mates)
    for_each_canonical_word(mate, [&](std::uint32_t canonical) {
      const std::uint32_t word = index_if_sampled(canonical);
      const auto sampled = static_cast<std::uint64_t>(is_sampled(canonical));
      std::uint64_t& block = seen[word / 64];
      const std::uint64_t bit = sampled << (word % 64);
      words[distinct] = word;
      distinct += (block & bit) != 0 ? 0 : sampled;
      block |= bit;
    });
  words.resize(distinct);
  for (const std::uint32_t word : words) seen[word / 64] = 0;
}

std::uint64_t genus_words::near_word_rows_checksum(std::span<const std::uint64_t> rows) noexcept {
  return XXH3_64bits(rows.data(), rows.size_bytes());
}

std::size_t genus_words::near_word_bits(std::span<const std::uint32_t> words,
                                       std::span<std::uint64_t, kNearPresenceWords> near) {
  std::fill(near.begin(), near.end(), 0);
  std::size_t count = 0;
  for (const std::uint32_t word : words) {
    if (!is_near_word(word)) continue;
    near[near_index(word) / 64] |= std::uint64_t{1} << (near_index(word) % 64);
    ++count;
  }
  return count;
}

GenusWordJudge::GenusWordJudge(const GenusWordModel& model)
    : model_(model), seen_(genus_words::kPresenceWords, 0) {}

std::optional<GenusWordJudge::Verdict> GenusWordJudge::nearest(std::span<const std::string_view> mates,
                                                                 std::span<const std::uint32_t> genera) {
  genus_words::distinct_words(mates, seen_, words_);
  return nearest_taken(genera);
}

std::optional<GenusWordJudge::Verdict> GenusWordJudge::judge(std::span<const std::string_view> mates,
                                                               std::span<const std::uint32_t> genera) {
  genus_words::distinct_words(mates, seen_, words_);
  return judge_taken(genera);
}

GenusWordJudge::Opinions GenusWordJudge::opinions(std::span<const std::string_view> mates,
                                                  std::span<const std::uint32_t> genera) {
  genus_words::distinct_words(mates, seen_, words_);
  return {judge_taken(genera), nearest_taken(genera)};
}

std::optional<GenusWordJudge::Verdict> GenusWordJudge::nearest_taken(std::span<const std::uint32_t> genera) {
  near_words_.clear();
  for (const std::uint32_t word : words_)
    if (genus_words::is_near_word(word)) near_words_.push_back(genus_words::near_index(word));
  if (near_words_.empty()) return std::nullopt;
  std::array<std::uint32_t, kMostNearestGenera> profiles{};
  std::array<std::uint32_t, kMostNearestGenera> judged{};
  std::size_t count = 0;
  for (const std::uint32_t genus : genera) {
    const std::uint32_t profile = model_.profile_of(genus);
    if (profile == GenusWordModel::kNoProfile || count == kMostNearestGenera) continue;
    profiles[count] = profile;
    judged[count++] = genus;
  }
  if (count == 0) return std::nullopt;
  std::array<GenusWordModel::Nearness, kMostNearestGenera> nearness{};
  model_.count_nearest(std::span(profiles.data(), count), near_words_, std::span(nearness.data(), count), counters_);
  unsigned most = 0;
  for (std::size_t g = 0; g < count; ++g) most = std::max(most, nearness[g].most);
  // The nearest references are those of all genera at the most.
  std::size_t best = 0;
  unsigned all = 0;
  for (std::size_t g = 0; g < count; ++g) {
    if (nearness[g].most != most) continue;
    all += nearness[g].holding;
    if (nearness[best].most != most || nearness[g].holding > nearness[best].holding) best = g;
  }
  Verdict verdict{judged[best], static_cast<double>(nearness[best].holding) / static_cast<double>(all)};
  verdict.near_words = static_cast<unsigned>(near_words_.size());
  verdict.held = most;
  verdict.holders = nearness[best].holding;
  return verdict;
}

std::optional<GenusWordJudge::Verdict> GenusWordJudge::judge_taken(std::span<const std::uint32_t> genera) {
  if (words_.empty()) return std::nullopt;

  // Log-likelihood of every word under each candidate with a profile, kept
  // for the duels below.
  std::uint32_t judged_genera[3];
  std::size_t judged = 0;
  likelihoods_.clear();
  double best_sum = 0.0;
  std::size_t best = 0;
  for (const std::uint32_t genus : genera) {
    const std::uint32_t profile = model_.profile_of(genus);
    if (profile == GenusWordModel::kNoProfile || judged == std::size(judged_genera)) continue;
    likelihoods_.resize((judged + 1) * words_.size());
    float* likelihoods = likelihoods_.data() + judged * words_.size();
    if (const float* row = model_.likelihood_row(profile)) {
      for (std::size_t w = 0; w < words_.size(); ++w) likelihoods[w] = row[words_[w]];
    } else {
      model_.log_likelihoods(profile, words_, likelihoods);
    }
    double sum = 0.0;
    for (std::size_t w = 0; w < words_.size(); ++w) sum += likelihoods[w];
    if (judged == 0 || sum > best_sum) {
      best_sum = sum;
      best = judged;
    }
    judged_genera[judged++] = genus;
  }
  if (judged == 0) return std::nullopt;

  Verdict verdict{judged_genera[best], 1.0};
  const std::size_t count = words_.size();
  const double draws = std::max<double>(1.0, static_cast<double>(count / 8));
  const float* chosen = likelihoods_.data() + best * count;
  for (std::size_t rival = 0; rival < judged; ++rival) {
    if (rival == best) continue;
    const float* other = likelihoods_.data() + rival * count;
    double sum = 0.0, sum_of_squares = 0.0;
    for (std::size_t w = 0; w < count; ++w) {
      const double difference = static_cast<double>(chosen[w]) - other[w];
      sum += difference;
      sum_of_squares += difference * difference;
    }
    const double mean = sum / static_cast<double>(count);
    const double variance = sum_of_squares / static_cast<double>(count) - mean * mean;
    verdict.confidence *= variance <= 1e-12 ? (mean > 0 ? 1.0 : 0.5) : normal_cdf_(std::sqrt(draws) * mean / std::sqrt(variance));
  }
  return verdict;
}

}  // namespace neurotax::kernels
