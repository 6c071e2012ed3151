#include "neurotax/kernels/mate_overlap.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "neurotax/kernels/nucleotide.hpp"

namespace neurotax::kernels {
namespace {

constexpr std::size_t kSeedLength = 16;  // 32 bits of 2-bit codes
// Seeds tile the second mate's first 1,024 bases, so that any overlap of 32
// bases or more holds one whole (the second mate's part that faces the first
// mate lies at its end when the fragment is long, at its start when short).
constexpr std::size_t kSeeds = 64;
constexpr std::size_t kMaximumCandidates = 8;
constexpr std::size_t kMinimumOverlap = 32;

constexpr std::array<char, 4> kComplementOfCode = {'T', 'G', 'C', 'A'};

/// The second mate's base (as read) that faces the first mate's base i at `offset`.
long facing(long second_size, long offset, long i) { return second_size - 1 - (i - offset); }

/// The reverse complement's code of second[start, start + 16), or none if it holds an ambiguous base.
std::optional<std::uint32_t> reverse_complement_seed(std::string_view second, std::size_t start) {
  std::uint32_t code = 0;
  for (std::size_t t = 0; t < kSeedLength; ++t) {
    const std::uint8_t base = kBaseCode[static_cast<unsigned char>(second[start + kSeedLength - 1 - t])];
    if (base == kAmbiguousBase) return std::nullopt;
    code = (code << 2U) | (3U - base);
  }
  return code;
}

/// The facing bases' mismatches at `offset`, or none once they pass a quarter
/// of the overlap or the overlap is too short; `disagreements` receives the
/// first mate's positions where the facing bases differ or one is ambiguous.
std::optional<MateOverlap> verify(std::string_view first, std::string_view second, long offset,
                                  std::vector<std::uint32_t>& disagreements) {
  disagreements.clear();
  const long first_size = static_cast<long>(first.size());
  const long second_size = static_cast<long>(second.size());
  const long begin = std::max(0L, offset);
  const long end = std::min(first_size, offset + second_size);
  if (end - begin < static_cast<long>(kMinimumOverlap)) return std::nullopt;
  MateOverlap overlap{offset, static_cast<std::size_t>(end - begin), 0};
  const std::size_t allowed = overlap.length / 4;
  for (long i = begin; i < end; ++i) {
    const std::uint8_t x = kBaseCode[static_cast<unsigned char>(first[i])];
    const std::uint8_t y = kBaseCode[static_cast<unsigned char>(second[facing(second_size, offset, i)])];
    // Codes are 0-3, or 4 for an ambiguous base: (x | y) < 4 holds when neither is.
    if ((x | y) < 4 && x + y == 3) continue;
    if ((x & y) == kAmbiguousBase) continue;  // both ambiguous: nothing to settle
    disagreements.push_back(static_cast<std::uint32_t>(i));
    if ((x | y) < 4 && ++overlap.mismatches > allowed) return std::nullopt;
  }
  return overlap;
}

}  // namespace

std::optional<MateOverlap> find_mate_overlap(std::string_view first, std::string_view second,
                                             std::vector<std::uint32_t>& disagreements) {
  disagreements.clear();
  if (first.size() < kMinimumOverlap || second.size() < kMinimumOverlap) return std::nullopt;
  // Seed s is the reverse complement of second[16 s, 16 s + 16): it faces
  // first[i, i + 16) at offset i - (second.size() - 16 - 16 s). A 256-bit
  // filter of the seeds' hashes passes over most of the first mate's 16-mers
  // without looking at the seeds.
  std::array<std::uint32_t, kSeeds> seeds{};
  std::array<long, kSeeds> seed_starts{};
  std::array<std::uint64_t, 4> filter{};
  const auto filter_bit = [](std::uint32_t code) { return (code * 0x9E3779B1U) >> 24U; };
  std::size_t seed_count = 0;
  for (std::size_t s = 0; s < kSeeds && kSeedLength * (s + 1) <= second.size(); ++s) {
    if (const auto code = reverse_complement_seed(second, kSeedLength * s)) {
      seeds[seed_count] = *code;
      seed_starts[seed_count++] = static_cast<long>(second.size() - kSeedLength * (s + 1));
      filter[filter_bit(*code) >> 6U] |= std::uint64_t{1} << (filter_bit(*code) & 63U);
    }
  }
  // The first mate is scanned from its end, where the second mate's start
  // faces it when the fragment is about as long as a mate, and the first
  // candidate that differs at no more than an eighth of its bases is taken at
  // once: a wrong offset differs at about three bases in four.
  std::array<long, kMaximumCandidates> tried{};
  std::size_t tried_count = 0;
  std::optional<MateOverlap> best;
  std::uint32_t code = 0;
  std::size_t valid = 0;  // unambiguous bases starting at i
  for (std::size_t i = first.size(); i-- > 0 && tried_count < kMaximumCandidates;) {
    const std::uint8_t base = kBaseCode[static_cast<unsigned char>(first[i])];
    valid = base == kAmbiguousBase ? 0 : valid + 1;
    code = (code >> 2U) | (static_cast<std::uint32_t>(base & 3U) << 30U);
    if (valid < kSeedLength) continue;
    const std::uint32_t bit = filter_bit(code);
    if ((filter[bit >> 6U] >> (bit & 63U) & 1U) == 0) continue;
    for (std::size_t s = 0; s < seed_count; ++s) {
      if (code != seeds[s]) continue;
      const long offset = static_cast<long>(i) - seed_starts[s];
      const auto known = tried.begin() + static_cast<long>(tried_count);
      if (std::find(tried.begin(), known, offset) != known || tried_count == kMaximumCandidates) continue;
      tried[tried_count++] = offset;
      const auto overlap = verify(first, second, offset, disagreements);
      if (!overlap) continue;
      if (overlap->mismatches <= overlap->length / 8) return overlap;
      if (!best || overlap->mismatches < best->mismatches) best = overlap;
    }
  }
  if (best) {
    (void)verify(first, second, best->offset, disagreements);
  } else {
    disagreements.clear();
  }
  return best;
}

namespace {
/// Calls `settle(i, j, x, y)` for each disagreement: the first mate's base i
/// faces the second mate's base j, and x and y are their codes.
template <typename Settle>
std::size_t for_each_disagreement(std::string_view first, std::string_view second, const MateOverlap& overlap,
                                  std::span<const std::uint32_t> disagreements, Settle settle) {
  const long second_size = static_cast<long>(second.size());
  std::size_t changed = 0;
  for (const std::uint32_t i : disagreements) {
    const auto j = static_cast<std::size_t>(facing(second_size, overlap.offset, static_cast<long>(i)));
    changed += settle(std::size_t{i}, j, kBaseCode[static_cast<unsigned char>(first[i])],
                      kBaseCode[static_cast<unsigned char>(second[j])]);
  }
  return changed;
}
}  // namespace

std::size_t reconcile_mates(std::string& first, std::string_view first_qualities, std::string& second,
                            std::string_view second_qualities, const MateOverlap& overlap,
                            std::span<const std::uint32_t> disagreements) {
  if (first_qualities.size() != first.size() || second_qualities.size() != second.size()) return 0;
  return for_each_disagreement(first, second, overlap, disagreements,
                               [&](std::size_t i, std::size_t j, std::uint8_t x, std::uint8_t y) {
                                 if (first_qualities[i] < second_qualities[j] && y != kAmbiguousBase) {
                                   first[i] = kComplementOfCode[y];
                                   return true;
                                 }
                                 if (second_qualities[j] < first_qualities[i] && x != kAmbiguousBase) {
                                   second[j] = kComplementOfCode[x];
                                   return true;
                                 }
                                 return false;
                               });
}

std::size_t mask_disagreements(std::string& first, std::string& second, const MateOverlap& overlap,
                               std::span<const std::uint32_t> disagreements) {
  return for_each_disagreement(first, second, overlap, disagreements,
                               [&](std::size_t i, std::size_t j, std::uint8_t x, std::uint8_t y) {
                                 // An unknown base has no word to count, and equal complements agree.
                                 if (x == kAmbiguousBase || y == kAmbiguousBase || x == 3 - y) return false;
                                 first[i] = 'N';
                                 second[j] = 'N';
                                 return true;
                               });
}

}  // namespace neurotax::kernels
