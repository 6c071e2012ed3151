#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace neurotax::kernels {

/// Where the second mate's reverse complement lies against the first mate:
/// its base j faces the first mate's base j + offset (a negative offset when
/// the fragment is shorter than the second mate, which then reads past the
/// first mate's start into the adapter).
struct MateOverlap {
  long offset = 0;
  std::size_t length = 0;      ///< bases facing each other
  std::size_t mismatches = 0;  ///< facing bases that differ, ambiguous ones left out
};

/// The mates' overlap, as a read merger (vsearch --fastq_mergepairs, DADA2's
/// mergePairs) finds it: exact 16-mers tiling the second mate (its first
/// 1,024 bases) anchor the candidate offsets, and the first candidate found
/// from the first mate's end that differs at no more than an eighth of its
/// facing bases is taken, else the one with the fewest mismatches if it faces
/// at least 32 bases and at most a quarter of them differ (mates placed wrongly
/// differ at about three bases in four).
/// None for mates that do not overlap, as those of a long amplicon.
/// `disagreements` receives the first mate's positions, in the overlap found,
/// where the facing bases differ or one of them is ambiguous.
[[nodiscard]] std::optional<MateOverlap> find_mate_overlap(std::string_view first, std::string_view second,
                                                           std::vector<std::uint32_t>& disagreements);

/// Where overlapping mates disagree, the base read with the lower Phred
/// quality takes the other mate's base (complemented for the second mate), as
/// a merger's consensus does: a sequencing error of one mate then adds no
/// false k-mer or word, while the other mate's right ones stay. Equal
/// qualities leave both bases (nothing says which is wrong); so do mates
/// without qualities. `disagreements` are find_mate_overlap's. Returns how
/// many bases changed.
std::size_t reconcile_mates(std::string& first, std::string_view first_qualities, std::string& second,
                            std::string_view second_qualities, const MateOverlap& overlap,
                            std::span<const std::uint32_t> disagreements);

/// Where overlapping mates still disagree (after reconcile_mates: equal
/// qualities, or none), both bases become N, so that neither version's words
/// count: one of them is a sequencing error, and nothing says which.
/// Returns how many positions were masked.
std::size_t mask_disagreements(std::string& first, std::string& second, const MateOverlap& overlap,
                               std::span<const std::uint32_t> disagreements);

}  // namespace neurotax::kernels
