// The nearest references of step 4 (kernels/README.md, "Scoring"): the
// genera's references' near words, transposed unit by unit, and the
// bit-sliced counting of how many of a fragment's near words each holds.
#include <algorithm>
#include <array>
#include <bit>
#include <memory>
#include <numeric>
#include <string>

#include "count_bits.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/kernels/genus_words.hpp"
#include "neurotax/kernels/read_call.hpp"

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

void GenusWordModel::arrange_units(const TaxonomyView& taxonomy) {
  const std::size_t profiles = view_.genera.size();
  // The profiles in preorder, so that a clade's genera are consecutive (in
  // profile order without preorder intervals).
  unit_profiles_.resize(profiles);
  std::iota(unit_profiles_.begin(), unit_profiles_.end(), 0U);
  profile_preorders_.clear();
  if (taxonomy.preorder.size() == taxonomy.size()) {
    std::sort(unit_profiles_.begin(), unit_profiles_.end(), [&](std::uint32_t a, std::uint32_t b) {
      return taxonomy.preorder[view_.genera[a]] < taxonomy.preorder[view_.genera[b]];
    });
    for (const std::uint32_t profile : unit_profiles_) profile_preorders_.push_back(taxonomy.preorder[view_.genera[profile]]);
  }
  const bool by_family =
      !profile_preorders_.empty() && taxonomy.rank_ancestors.size() == taxonomy.size() * kCalledRanks.size();
  unit_of_profile_.assign(profiles, 0);
  offset_in_unit_.assign(profiles, 0);
  unit_first_profile_.clear();
  unit_references_.clear();
  std::uint32_t unit_family = kNoTaxon;
  for (std::size_t i = 0; i < unit_profiles_.size(); ++i) {
    const std::uint32_t profile = unit_profiles_[i];
    const std::uint32_t family = by_family ? taxonomy.ancestor_at_index(view_.genera[profile], kFamilyRankIndex) : kNoTaxon;
    if (unit_references_.empty() || family == kNoTaxon || family != unit_family) {
      unit_first_profile_.push_back(static_cast<std::uint32_t>(i));
      unit_references_.push_back(0);
      unit_family = family;
    }
    unit_of_profile_[profile] = static_cast<std::uint32_t>(unit_references_.size() - 1);
    offset_in_unit_[profile] = unit_references_.back();
    unit_references_.back() += references_of(profile);
  }
  unit_first_profile_.push_back(static_cast<std::uint32_t>(unit_profiles_.size()));
}

const std::uint64_t* GenusWordModel::near_columns(std::uint32_t unit) const {
  std::atomic<std::uint64_t*>& slot = rows_->columns[unit];
  if (std::uint64_t* kept = slot.load(std::memory_order_acquire)) return kept;
  const std::size_t blocks = unit_blocks(unit);
  auto fresh = std::make_unique<std::uint64_t[]>(genus_words::kNearWords * blocks);  // zeroed
  for (std::uint32_t member = unit_first_profile_[unit]; member < unit_first_profile_[unit + 1]; ++member) {
    const std::uint32_t profile = unit_profiles_[member];
    const std::uint32_t first = view_.reference_rows[profile];
    const std::span<const std::uint64_t> rows = view_.reference_near_words.subspan(
        std::size_t{first} * genus_words::kNearPresenceWords, std::size_t{references_of(profile)} * genus_words::kNearPresenceWords);
    if (genus_words::near_word_rows_checksum(rows) != view_.reference_near_word_checksums[profile])
      throw InputError(source_ + ": the near words of genus word profile " + std::to_string(profile) +
                       " fail their checksum: the database is corrupt or was modified; rebuild it with build-db");
    for (std::uint32_t r = 0; r < references_of(profile); ++r) {
      const std::uint64_t* const row = rows.data() + std::size_t{r} * genus_words::kNearPresenceWords;
      const std::uint32_t reference = offset_in_unit_[profile] + r;
      for (std::size_t i = 0; i < genus_words::kNearPresenceWords; ++i)
        for (std::uint64_t bits = row[i]; bits != 0; bits &= bits - 1) {
          const std::size_t word = i * 64 + static_cast<std::size_t>(std::countr_zero(bits));
          fresh[word * blocks + reference / 64] |= std::uint64_t{1} << (reference % 64);
        }
    }
  }
  std::uint64_t* kept = nullptr;
  if (slot.compare_exchange_strong(kept, fresh.get(), std::memory_order_release, std::memory_order_acquire))
    return fresh.release();
  return kept;
}

void GenusWordModel::count_nearest(std::span<const std::uint32_t> profiles, std::span<const std::uint32_t> near_words,
                                   std::span<Nearness> nearness, NearestScratch& scratch) const {
  // Each genus's references are a run of its unit's; the runs of one unit
  // that touch or share a block are counted together, as one range of blocks.
  std::vector<NearestScratch::Span>& spans = scratch.spans;
  spans.clear();
  for (std::uint32_t g = 0; g < profiles.size(); ++g) {
    const std::uint32_t offset = offset_in_unit_[profiles[g]];
    spans.push_back({unit_of(profiles[g]), offset / 64, (offset + references_of(profiles[g]) - 1) / 64 + 1, g});
  }
  std::sort(spans.begin(), spans.end(), [](const NearestScratch::Span& a, const NearestScratch::Span& b) {
    return a.unit != b.unit ? a.unit < b.unit : a.first_block < b.first_block;
  });
  const auto range_end = [&](std::size_t first) {
    std::size_t last = first + 1;
    std::uint32_t end_block = spans[first].end_block;
    for (; last < spans.size() && spans[last].unit == spans[first].unit && spans[last].first_block <= end_block; ++last)
      end_block = std::max(end_block, spans[last].end_block);
    return std::pair{last, end_block};
  };
  // Every column this fragment adds is a cache miss of its own; asked for at
  // once, they overlap.
  std::size_t widest = 0;
  for (std::size_t first = 0; first < spans.size();) {
    const auto [last, end_block] = range_end(first);
    widest = std::max<std::size_t>(widest, end_block - spans[first].first_block);
    const std::uint64_t* const columns = near_columns(spans[first].unit) + spans[first].first_block;
    const std::size_t stride = unit_blocks(spans[first].unit);
    for (const std::uint32_t word : near_words) __builtin_prefetch(columns + std::size_t{word} * stride);
    first = last;
  }
  // Bit-sliced counters: plane p of a block holds bit p of each of its 64
  // references' counts (a fragment has at most kNearWords near words).
  constexpr std::size_t kPlanes = std::bit_width(genus_words::kNearWords);
  static_assert(genus_words::kNearWords % kColumnPadding == 0);
  const std::size_t padded = (near_words.size() + kColumnPadding - 1) / kColumnPadding * kColumnPadding;
  const std::size_t planes_used = std::min<std::size_t>(kPlanes, std::bit_width(padded));
  scratch.counters.resize((kPlanes + 2) * widest);
  std::uint64_t* const planes = scratch.counters.data();
  std::uint64_t* const at_most = planes + kPlanes * widest;  // references still at the most, plane by plane
  std::uint64_t* const zeros = at_most + widest;             // the column add_columns is padded with
  std::fill(zeros, zeros + widest, 0);
  std::array<const std::uint64_t*, genus_words::kNearWords> columns_of_words;  // the first `padded` set below
  std::fill(columns_of_words.begin() + static_cast<std::ptrdiff_t>(near_words.size()),
            columns_of_words.begin() + static_cast<std::ptrdiff_t>(padded), zeros);
  for (std::size_t first = 0; first < spans.size();) {
    const auto [last, end_block] = range_end(first);
    const std::uint32_t unit = spans[first].unit;
    const std::uint32_t range_first = spans[first].first_block;
    const std::size_t width = end_block - range_first;
    for (std::size_t p = 0; p < planes_used; ++p) std::fill(planes + p * widest, planes + p * widest + width, 0);
    const std::size_t stride = unit_blocks(unit);
    const std::uint64_t* const columns = near_columns(unit) + range_first;
    for (std::size_t i = 0; i < near_words.size(); ++i) columns_of_words[i] = columns + std::size_t{near_words[i]} * stride;
    add_columns(columns_of_words.data(), padded, width, planes, widest, at_most);
    for (std::size_t s = first; s < last; ++s) {
      // The genus's own references: its blocks, the ends masked.
      const std::uint32_t profile = profiles[spans[s].request];
      const std::uint32_t begin_reference = offset_in_unit_[profile] - range_first * 64;
      const std::uint32_t end_reference = begin_reference + references_of(profile);
      const std::size_t own_first = begin_reference / 64, own_end = (end_reference - 1) / 64 + 1;
      std::fill(at_most + own_first, at_most + own_end, ~std::uint64_t{0});
      at_most[own_first] &= ~std::uint64_t{0} << (begin_reference % 64);
      if (end_reference % 64 != 0) at_most[own_end - 1] &= (std::uint64_t{1} << (end_reference % 64)) - 1;
      // From the highest plane down, keep the references whose count has the
      // bit whenever any of those still kept has it: the ones left hold the
      // most. Without a branch: whether any has it is a coin toss per plane,
      // and a clade's many genera made its mispredictions a cost of their own.
      unsigned most = 0;
      for (std::size_t p = planes_used; p-- > 0;) {
        const std::uint64_t* const plane = planes + p * widest;
        std::uint64_t any = 0;
        for (std::size_t b = own_first; b < own_end; ++b) any |= at_most[b] & plane[b];
        const auto has_bit = static_cast<std::uint64_t>(any != 0);
        most |= static_cast<unsigned>(has_bit) << p;
        const std::uint64_t ignored = has_bit - 1;  // all ones when none has the bit
        for (std::size_t b = own_first; b < own_end; ++b) at_most[b] &= plane[b] | ignored;
      }
      unsigned holding = 0;
      for (std::size_t b = own_first; b < own_end; ++b) holding += count_bits(at_most[b]);
      nearness[spans[s].request] = Nearness{most, holding};
    }
    first = last;
  }
}

}  // namespace neurotax::kernels
