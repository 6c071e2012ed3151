#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neurotax/kernels/normal_cdf.hpp"
#include "neurotax/kernels/nucleotide.hpp"
#include "neurotax/kernels/taxonomy_view.hpp"

namespace neurotax::kernels {

/// The RDP classifier's naive-Bayes word model of each genus (Wang et al.
/// 2007), over short words that a novel strain still shares with its genus
/// where it shares few exact minimizers: the second opinion of the call
/// (kernels/README.md, "Scoring").
namespace genus_words {
inline constexpr unsigned kWordLength = 7;
/// Canonical 7-mers (a word and its reverse complement are one word; an odd
/// length has no palindromes, so there are 4^7 / 2), of which the model keeps
/// every other one (below): half the words cost half the time, for a little
/// of the recall they add (kernels/README.md).
inline constexpr std::size_t kCanonicalWords = std::size_t{1} << (2 * kWordLength - 1);
inline constexpr std::size_t kWords = kCanonicalWords / 2;
inline constexpr std::uint32_t kUnsampled = ~std::uint32_t{0};
inline constexpr std::size_t kPresenceWords = kWords / 64;
/// Shares of a genus's references holding a word are stored in 1/255 steps.
inline constexpr unsigned kShareSteps = 255;
/// The words by which a fragment's nearest references are found (those
/// holding most of them, as SINTAX's nearest reference): half the sampled
/// words (a quarter of all), so that each reference's set is 32 words of bits
/// (12.8 MB for the default reference) and a genus of hundreds costs a few
/// microseconds. An eighth of all named the right genus less often (recall
/// 0.015 lower at the same precision on held-out V4 pairs) for half the
/// size; all sampled words did better again, for twice the size and time
/// (kernels/README.md).
inline constexpr std::uint32_t kNearWordStride = 2;
inline constexpr std::size_t kNearWords = kWords / kNearWordStride;
inline constexpr std::size_t kNearPresenceWords = kNearWords / 64;
/// Whether a sampled word (its model index) is one of the near words, and its index among them.
[[nodiscard]] constexpr bool is_near_word(std::uint32_t index) noexcept { return index % kNearWordStride == 0; }
[[nodiscard]] constexpr std::uint32_t near_index(std::uint32_t index) noexcept { return index / kNearWordStride; }

/// Index (below kCanonicalWords) of the canonical form of the 7-mer `code` (2
/// bits a base, first base highest). Of a word and its reverse complement
/// exactly one has A or C in the middle (the complement swaps A with T and C
/// with G); that one is canonical, and its six other bases and the middle's
/// low bit are the index.
[[nodiscard]] constexpr std::uint32_t canonical_index(std::uint32_t code, std::uint32_t reverse_code) noexcept {
  const std::uint32_t chosen = ((code >> 6) & 3U) < 2 ? code : reverse_code;
  return ((chosen >> 8) << 7) | (((chosen >> 6) & 1U) << 6) | (chosen & 0x3FU);
}

/// Whether the model keeps a canonical word: those whose canonical form ends in A or G.
[[nodiscard]] constexpr bool is_sampled(std::uint32_t canonical) noexcept { return (canonical & 1U) == 0; }
/// The model's index (below kWords) a canonical word has if it is sampled.
[[nodiscard]] constexpr std::uint32_t index_if_sampled(std::uint32_t canonical) noexcept { return canonical >> 1; }
/// The model's index of a canonical word, or kUnsampled.
[[nodiscard]] constexpr std::uint32_t sampled_index(std::uint32_t canonical) noexcept {
  return is_sampled(canonical) ? index_if_sampled(canonical) : kUnsampled;
}

/// Calls `visit(canonical)` with the canonical index of every 7-mer of
/// `sequence` free of ambiguous bases, on either strand alike (repeats
/// included), sampled or not: for callers that sample without branching.
template <typename Visit>
void for_each_canonical_word(std::string_view sequence, Visit&& visit) {
  constexpr std::uint32_t kMask = (std::uint32_t{1} << (2 * kWordLength)) - 1;
  std::uint32_t code = 0, reverse_code = 0;
  unsigned valid = 0;
  for (const char base : sequence) {
    const std::uint8_t c = kBaseCode[static_cast<unsigned char>(base)];
    if (c == kAmbiguousBase) {
      valid = 0;
      continue;
    }
    code = ((code << 2) | c) & kMask;
    reverse_code = (reverse_code >> 2) | (std::uint32_t{3U - c} << (2 * (kWordLength - 1)));
    if (++valid >= kWordLength) visit(canonical_index(code, reverse_code));
  }
}

/// Calls `visit(index)` with the sampled index of every sampled 7-mer of
/// `sequence` free of ambiguous bases, on either strand alike (repeats included).
template <typename Visit>
void for_each_word(std::string_view sequence, Visit&& visit) {
  for_each_canonical_word(sequence, [&](std::uint32_t canonical) {
    if (const std::uint32_t index = sampled_index(canonical); index != kUnsampled) visit(index);
  });
}

/// The distinct sampled words of `mates`, in the order first met, into
/// `words`; `seen` is a scratch bitmap of kPresenceWords zeroed words, left zeroed.
void distinct_words(std::span<const std::string_view> mates, std::vector<std::uint64_t>& seen,
                    std::vector<std::uint32_t>& words);

/// XXH3-64 of a genus's references' near-word rows, as the database stores it.
[[nodiscard]] std::uint64_t near_word_rows_checksum(std::span<const std::uint64_t> rows) noexcept;

/// The near words among distinct sampled `words`, as kNearPresenceWords words
/// of bits into `near`; returns how many there are.
std::size_t near_word_bits(std::span<const std::uint32_t> words, std::span<std::uint64_t, kNearPresenceWords> near);
}  // namespace genus_words

/// The stored model: which words each genus's references hold, and how many.
struct GenusWordsView {
  std::span<const std::uint32_t> genera;           ///< per profile: its genus (taxon), ascending
  std::span<const std::uint64_t> presence;         ///< per profile: kPresenceWords words; bit w: some reference holds (sampled) word w
  std::span<const std::uint8_t> shares;            ///< per held word, profile after profile, in word order:
                                                   ///< round(255 * references holding it / references), at least 1
  std::span<const std::uint32_t> word_references;  ///< per sampled word: references (of any taxon) holding it
  std::uint64_t references = 0;                    ///< reference sequences in the database
  /// Per profile and one more: the first of its references' rows in
  /// reference_near_words (a genus's rows follow one another; as many as it has references).
  std::span<const std::uint32_t> reference_rows;
  std::span<const std::uint64_t> reference_near_words;  ///< per row: kNearPresenceWords words, bit w: the reference holds near word w
  /// Per profile: near_word_rows_checksum of its rows, checked on their first
  /// use (the file checksum leaves the rows out, so that a load need not read them).
  std::span<const std::uint64_t> reference_near_word_checksums;
};

/// The model with the tables its lookups need, derived once from a view.
class GenusWordModel {
 public:
  static constexpr std::uint32_t kNoProfile = ~std::uint32_t{0};
  /// Throws std::invalid_argument when the view does not hang together (a
  /// profile of a taxon that is no genus or has no references, shares that do
  /// not match the held words, word counts above the references).
  /// `max_rows`: how many likelihood_row rows may be kept.
  /// `source` names the database in the error of rows that fail their checksum.
  GenusWordModel(const GenusWordsView& view, const TaxonomyView& taxonomy, std::size_t max_rows = kMaxRows,
                 std::string source = "genus word model");

  [[nodiscard]] std::uint32_t profile_of(std::uint32_t genus) const noexcept {
    return genus < profile_of_taxon_.size() ? profile_of_taxon_[genus] : kNoProfile;
  }
  [[nodiscard]] std::size_t profiles() const noexcept { return view_.genera.size(); }
  /// The profiles of the genera in `clade` (of `taxonomy`, the model's; its
  /// preorder intervals must have been there when the model was made, or
  /// there are none).
  [[nodiscard]] std::span<const std::uint32_t> profiles_within(const TaxonomyView& taxonomy, std::uint32_t clade) const;
  [[nodiscard]] const GenusWordsView& view() const noexcept { return view_; }
  /// ln P(word | genus), RDP's estimate: (references holding it + P_w) /
  /// (references + 1), where P_w = (all references holding it + 0.5) / (all references + 1).
  [[nodiscard]] float log_likelihood(std::uint32_t profile, std::uint32_t word) const noexcept;
  /// log_likelihood of each of `words` under `profile`, into `out` (one pass, for a read's words).
  void log_likelihoods(std::uint32_t profile, std::span<const std::uint32_t> words, float* out) const noexcept;
  /// How near a fragment lies to a genus's references: the most of its near
  /// words any of them holds, and how many hold that many.
  struct Nearness {
    unsigned most = 0;
    unsigned holding = 0;
  };
  /// What count_nearest reuses from call to call (one per thread).
  struct NearestScratch {
    struct Span {
      std::uint32_t unit, first_block, end_block, request;
    };
    std::vector<Span> spans;
    std::vector<std::uint64_t> counters;
  };
  /// The Nearness of a fragment (its distinct near-word indices,
  /// `near_words`) to each of `profiles` (distinct), into `nearness`.
  void count_nearest(std::span<const std::uint32_t> profiles, std::span<const std::uint32_t> near_words,
                     std::span<Nearness> nearness, NearestScratch& scratch) const;
  /// The model's units: the genera of one family, consecutive in preorder
  /// (a genus without a family is a unit alone, and so is every genus when
  /// the taxonomy had no preorder intervals or rank ancestors). A unit's
  /// references' near words are transposed together, one after another, so
  /// that a family of many small genera costs count_nearest a column per
  /// word, where padding each genus to 64 references cost one per genus.
  [[nodiscard]] std::size_t units() const noexcept { return unit_references_.size(); }
  [[nodiscard]] std::uint32_t unit_of(std::uint32_t profile) const noexcept { return unit_of_profile_[profile]; }
  /// 64-reference blocks of `unit`'s references (the last one partly used).
  [[nodiscard]] std::size_t unit_blocks(std::uint32_t unit) const noexcept { return (unit_references_[unit] + 63) / 64; }
  /// References of `profile`'s genus.
  [[nodiscard]] std::uint32_t references_of(std::uint32_t profile) const noexcept {
    return view_.reference_rows[profile + 1] - view_.reference_rows[profile];
  }
  /// Per near word, which of `unit`'s references hold it: kNearWords
  /// bitsets of unit_blocks(unit) words, transposed from the references'
  /// rows on first use and kept, shared by all threads; throws InputError
  /// when a genus's rows fail their checksum. Counting a fragment's
  /// words over these costs a word per 64 references, where the rows cost
  /// 16 words per reference, and a genus of thousands is judged often.
  [[nodiscard]] const std::uint64_t* near_columns(std::uint32_t unit) const;
  /// log_likelihood of every word under `profile` (kWords values), worked out
  /// on first use and kept, shared by all threads; nullptr once the rows
  /// allowed are kept. Most judged reads fall to a few genera: their reads'
  /// words then cost a load each.
  [[nodiscard]] const float* likelihood_row(std::uint32_t profile) const;
  static constexpr std::size_t kMaxRows = 1024;  // 16 MiB

 private:
  GenusWordsView view_;
  std::string source_;
  std::vector<std::uint32_t> profile_of_taxon_;
  std::vector<std::uint32_t> unit_of_profile_;
  std::vector<std::uint32_t> offset_in_unit_;        // per profile: its unit's references before its own
  std::vector<std::uint32_t> unit_profiles_;         // the profiles, unit after unit, in preorder
  std::vector<std::uint32_t> profile_preorders_;     // beside them, their genera's preorder numbers (if known)
  std::vector<std::uint32_t> unit_first_profile_;    // per unit and one more: its first in unit_profiles_
  std::vector<std::uint32_t> unit_references_;
  /// Orders the profiles in preorder and groups them into units (above).
  void arrange_units(const TaxonomyView& taxonomy);
  std::vector<std::uint32_t> share_base_;     // per presence word: index in shares of its first held word
  std::vector<float> prior_;                  // per word: P_w
  std::vector<float> log_prior_;              // per word: ln P_w
  std::vector<float> references_per_step_;    // per profile: references / kShareSteps
  std::vector<float> log_denominator_;        // per profile: ln(references + 1)
  /// ln(1 + i / 128), i = 0..128: a logarithm per held word from a table
  /// (within 1e-5), as logf cost a third of the classification.
  std::vector<float> log_mantissa_;
  [[nodiscard]] float log(float x) const noexcept;
  /// The kept rows. A row is published whole by one atomic store; two
  /// threads that work out the same row at once keep the first.
  struct Rows {
    Rows(std::size_t profiles, std::size_t units, std::size_t most) : row(profiles), columns(units), max_rows(most) {}
    ~Rows();
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;
    std::vector<std::atomic<float*>> row;               // per profile; nullptr: not kept
    std::vector<std::atomic<std::uint64_t*>> columns;  // per unit: near_columns; nullptr: not yet
    std::size_t max_rows;
    std::atomic<std::size_t> kept{0};
  };
  std::unique_ptr<Rows> rows_;
};

/// The word model's opinion of one fragment: of some candidate genera, the
/// most likely, and how sure the model is of it. Holds per-thread scratch.
class GenusWordJudge {
 public:
  explicit GenusWordJudge(const GenusWordModel& model);
  /// The most genera the words set against each other (the nearest
  /// references' genus and the two next nearest).
  static constexpr std::size_t kMostNearestGenera = 3;
  /// Rounds of the nearest references' bootstrap (opinions' `resampled`).
  static constexpr unsigned kResamplingRounds = 16;

  struct Verdict {
    std::uint32_t genus = kNoTaxon;
    /// The product, over the other candidates, of the chance that the chosen
    /// genus wins a bootstrap round (RDP's: an eighth of the words, drawn
    /// with replacement) against each: the expected outcome, from the mean
    /// and variance of the per-word differences, so no random numbers.
    double confidence = 0.0;
    /// nearest's only: how many near words the fragment has, and how many of
    /// them its nearest references hold.
    unsigned near_words = 0;
    unsigned held = 0;
    unsigned holders = 0;  ///< nearest's only: how many of the nearest references are of the genus
    /// nearest's only, when opinions() is asked to resample: SINTAX's
    /// bootstrap of the nearest references. In each of kResamplingRounds
    /// rounds half as many near words as the fragment has are drawn from them
    /// with replacement and the nearest references sought again among the
    /// same genera; this is the mean share of them the genus holds. The draws
    /// are seeded by the fragment's near words, so a call never depends on
    /// threads or order.
    double resampled = 0.0;
  };
  /// Among `genera` (those without a profile are passed over), or nothing
  /// when none has one or the fragment has no word.
  [[nodiscard]] std::optional<Verdict> judge(std::span<const std::string_view> mates,
                                             std::span<const std::uint32_t> genera);
  /// The nearest references' verdict among `genera` (those without a
  /// profile are passed over), as SINTAX's nearest reference: of all their
  /// references, those holding most of the fragment's near words are its
  /// nearest; the genus holding most of them, with the share of them it holds
  /// as the confidence (the order of `genera` breaks a tie). Nothing when no
  /// genus has a profile or the fragment has no near word.
  [[nodiscard]] std::optional<Verdict> nearest(std::span<const std::string_view> mates,
                                               std::span<const std::uint32_t> genera);
  /// Genera judged beyond the leading ones: those of `taxa` (clades of
  /// `taxonomy`, which needs its preorder intervals), as far as their
  /// references stay within `most_references` (a clade that would pass it is
  /// left out, and so are those after it).
  struct Clades {
    const TaxonomyView* taxonomy = nullptr;
    std::span<const std::uint32_t> taxa;
    std::size_t most_references = 0;
  };
  /// Both opinions of a fragment, from one pass over its words: the nearest
  /// references among all references of the genera `leading` and those of
  /// `clades` (as `nearest` sets them against each other; a wider search is
  /// SINTAX's over the whole reference, confined), and the word model's among
  /// the nearest references' genus and the next nearest (kMostNearestGenera
  /// in all; without near words, the first of the genera). Genera without a
  /// profile are passed over; an opinion that cannot be formed is nothing.
  struct Opinions {
    std::optional<Verdict> words;    ///< judge's
    std::optional<Verdict> nearest;  ///< nearest's
  };
  [[nodiscard]] Opinions opinions(std::span<const std::string_view> mates, std::span<const std::uint32_t> leading,
                                  const Clades& clades, bool resampled = false);

 private:
  /// judge of the fragment whose words were taken last.
  [[nodiscard]] std::optional<Verdict> judge_taken(std::span<const std::uint32_t> genera);
  /// The profiles (judged_profiles_) and genera (judged_genera_) of
  /// `leading` and `clades`, as opinions describes them.
  void take_profiles(std::span<const std::uint32_t> leading, const Clades& clades);
  /// The nearest references' verdict among the taken profiles, by the near words taken.
  [[nodiscard]] Verdict nearest_of_taken();
  /// Verdict::resampled of `genus` among the taken profiles.
  [[nodiscard]] double resampled_share(std::uint32_t genus);
  /// Collects near_words_ from words_; false when there is none.
  bool take_near_words();
  /// The nearest references' verdict among `genera`, from their nearness.
  [[nodiscard]] Verdict verdict_of_nearness(std::span<const std::uint32_t> genera,
                                            std::span<const GenusWordModel::Nearness> nearness) const;
  const GenusWordModel& model_;
  NormalCdf normal_cdf_;
  std::vector<std::uint64_t> seen_;    // kPresenceWords bits: words of the current fragment
  std::vector<std::uint32_t> words_;   // the fragment's distinct words
  std::vector<float> likelihoods_;     // per judged genus, per word
  // opinions', per judged genus:
  std::vector<std::uint32_t> judged_profiles_;
  std::vector<std::uint32_t> judged_genera_;
  std::vector<GenusWordModel::Nearness> judged_nearness_;
  std::vector<std::uint32_t> nearest_first_;  // indices into them, nearest first
  std::vector<std::uint32_t> near_words_;  // the fragment's near words (near-word indices)
  std::vector<std::uint32_t> drawn_words_;  // a bootstrap round's, from near_words_
  std::vector<GenusWordModel::Nearness> drawn_nearness_;  // per judged genus, of drawn_words_
  GenusWordModel::NearestScratch nearest_scratch_;
};

}  // namespace neurotax::kernels
