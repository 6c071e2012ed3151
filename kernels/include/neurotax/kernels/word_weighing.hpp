#pragma once
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "neurotax/kernels/genus_words.hpp"
#include "neurotax/kernels/read_call.hpp"
#include "neurotax/kernels/taxonomy_view.hpp"

/// Step 4 of the call (kernels/README.md, "Scoring"): how the minimizers' genus
/// call and the second opinions of it, the nearest references' and the genus
/// word model's, are weighed into one genus and one confidence. The confidence
/// is the chance that the genus is right, a logistic function of what the call
/// and the opinions show (one function per case: the minimizers are sure; the
/// nearest references agree; they name another genus, for each of the two;
/// the last three with functions of their own for long reads),
/// fitted by benchmarks/macro/fit_word_weighing.py on the benchmark's simulated
/// reads. The bootstrap confidences alone misorder reads across cases, and a
/// novel strain's nearest references name its genus more often than the
/// minimizers' exact 31-mers or the words pooled over a genus do.
namespace neurotax::kernels::word_weighing {

/// A minimizer call this sure gets no second opinion: most calls are, and the
/// opinions would cost time without moving them.
inline constexpr double kUnquestionedConfidence = 0.9;
/// A questioned call the minimizers are less sure of than this (their
/// weakest confidence down to the genus) has its nearest references sought
/// among all of its family's genera besides its three leading ones: the
/// minimizers' rivals miss a novel strain's genus more often than the nearest
/// references do. Surer calls gain less from it than it costs on fragments
/// (kernels/README.md, step 4).
inline constexpr double kFamilySearchedBelow = 0.5;
/// The most references searched for a questioned call's family: a larger
/// family costs more time than it gives.
inline constexpr std::size_t kMostSearchedReferences = 4096;
/// A questioned fragment from kFamilyAlwaysSearchedFromBases up to
/// kFamilyAlwaysSearchedBelowBases (a V4 read or pair) has its family searched
/// however sure the minimizers are, among up to
/// kMostSearchedReferencesOfAmplicons references: there the search raises the
/// recall at a given precision for a few percent of time, where on 150 bp
/// fragments, most of them questioned, it cost 13%, and on full-length reads
/// it lost recall (kernels/README.md, step 4).
/// A fragment this long or longer (a full-length 16S read) is *long*: its
/// questioned calls that the minimizers place are weighed by functions of
/// their own, with one more feature, the nearest references' bootstrap
/// (GenusWordJudge::Verdict::resampled). A long read's near words are
/// hundreds, and the nearest references of all of them say too little of
/// how firmly they name a genus; drawing half of them again and again, as
/// SINTAX does with its 8-mers, does (kernels/README.md, step 4).
inline constexpr std::size_t kLongFromBases = 1000;
inline constexpr std::size_t kFamilyAlwaysSearchedFromBases = 200;
inline constexpr std::size_t kFamilyAlwaysSearchedBelowBases = kLongFromBases;
inline constexpr std::size_t kMostSearchedReferencesOfAmplicons = 8192;
/// The most references question() searches for a call: a questioned call's
/// family up to kMostSearchedReferences (of an amplicon-long fragment,
/// kMostSearchedReferencesOfAmplicons), but an unplaced call's deepest clade
/// and that clade's rival whole, however large, as SINTAX searches the whole
/// reference. Such a call is one the minimizers could place only in an order
/// or a class (many a 150 bp fragment of Actinomycetales or of the
/// Gammaproteobacteria); without the search it had no genus at all. On 150
/// bp fragments the search raised the recall at the best peer's precision by
/// 0.01-0.02, for about 4% of their time (kernels/README.md, step 4).
[[nodiscard]] std::size_t most_searched_references(bool unplaced, std::size_t bases);

/// What the weighing reads off the minimizers' call of a fragment: its
/// confidences, and the fragment's length, on which the words' confidence
/// depends (their bootstrap draws an eighth of the fragment's words, so a
/// long read's words are surer of the same genus).
struct CallFeatures {
  double weakest = 0.0;           ///< weakest confidence from the domain down to the genus
  double genus_confidence = 0.0;  ///< the genus rank's own (of an unplaced call, its deepest rank's)
  std::size_t bases = 0;          ///< of all mates
};
[[nodiscard]] CallFeatures call_features(const ReadCall& call, std::span<const std::string_view> mates);

[[nodiscard]] inline bool is_long(const CallFeatures& call) noexcept { return call.bases >= kLongFromBases; }

inline constexpr std::size_t kSureFeatures = 4;
inline constexpr std::size_t kOpinionFeatures = 11;
using SureFeatures = std::array<double, kSureFeatures>;
using OpinionFeatures = std::array<double, kOpinionFeatures>;

/// For a call of kUnquestionedConfidence or more: 1, logit(weakest),
/// logit(genus confidence), log10(bases).
[[nodiscard]] SureFeatures sure_features(const CallFeatures& call);
/// For a questioned call, the nearest references' verdict and the word
/// model's: 1, logit(weakest), logit(nearest confidence), their interaction
/// logit(weakest) logit(nearest confidence) / 6, logit(genus confidence),
/// log10(bases), logit(word confidence), whether the words name the nearest
/// references' genus (1 or 0), that times logit(word confidence),
/// log(1 + the fragment's near words its nearest references lack): a novel
/// strain lies far from every reference, and its genus is less sure; and
/// log(how many of the nearest references are of the verdict's genus, at
/// least 1): a lone nearest reference may bear a wrong name.
/// Logits are taken of the minimizers' and the nearest references'
/// confidences kept 0.001 from 0 and 1, of the words' kept 1e-6 from them (a
/// long read's words can be far surer).
[[nodiscard]] OpinionFeatures opinion_features(const CallFeatures& call, const GenusWordJudge::Verdict& nearest,
                                               const GenusWordJudge::Verdict& words);
/// For a questioned long fragment the minimizers place: opinion_features with
/// log10(bases) replaced by logit(the nearest references' bootstrap share),
/// kept 0.001 from 0 and 1. Long reads' lengths hardly differ (the
/// benchmark's full-length reads are all about 1.5 kb), so a weight of the
/// length fitted on them would rest on no variation and extrapolate wildly.
[[nodiscard]] OpinionFeatures long_opinion_features(const CallFeatures& call, const GenusWordJudge::Verdict& nearest,
                                                    const GenusWordJudge::Verdict& words);
/// Where opinion_features puts log10(bases), and long_opinion_features the bootstrap.
inline constexpr std::size_t kLengthFeature = 5;

/// Which of the weighing's cases a call is in, with what it needs: the
/// minimizers are sure (the opinions are not asked), or the nearest
/// references' verdict on the call, among its genus and the strongest rivals
/// of two other clades at the genus rank (and its family's genera, below
/// kFamilySearchedBelow or of an amplicon-long fragment), agrees with it or
/// names another genus. A lone genus has no rival to favour: it is the words'
/// verdict, at 1, and the nearest references' too, judged alone. Where one
/// opinion has no verdict (a fragment without near words), the other's stands
/// for both.
/// A call whose best candidate lies above the genus rank (its hits merged up
/// to a family or higher) is *unplaced*: the opinions judge the genera of its
/// deepest clade and of its rival there (GenusWordJudge::opinions), as SINTAX
/// names a genus whatever the fragment's exact k-mers say.
enum class Case { kSure, kAgreed, kDisputed, kUnplaced };
struct Question {
  Case weighed = Case::kSure;
  CallFeatures features;
  GenusWordJudge::Verdict verdict;  ///< the nearest references', unless kSure
  GenusWordJudge::Verdict words;    ///< the word model's, unless kSure
};
/// Nothing when the call names no clade, or neither opinion can judge it (no
/// profile, no word; a family beyond its limit is left out, an unplaced
/// call's clades have none). The classifier weighs, and neurotax-call-features
/// prints for the fit, what this returns.
[[nodiscard]] std::optional<Question> question(GenusWordJudge& judge, std::span<const std::string_view> mates,
                                               const ReadCall& call, const TaxonomyView& taxonomy);

/// The functions of the cases that the minimizers place.
struct PlacedWeights {
  OpinionFeatures agreed;               ///< P(genus right) when the nearest references name the same genus
  OpinionFeatures minimizers_disputed;  ///< P(the minimizers' genus right) when they name another
  OpinionFeatures nearest_disputed;     ///< P(the nearest references' genus right) then
};
/// The fitted logistic functions (benchmarks/macro/fit_word_weighing.py).
/// The general ones are fitted on all fragments, long ones included; a long
/// fragment's placed cases are weighed by `long_placed`, fitted on long
/// fragments alone.
struct Weights {
  SureFeatures sure;  ///< P(genus right) of a call the minimizers are sure of
  PlacedWeights placed;       ///< over opinion_features
  PlacedWeights long_placed;  ///< over long_opinion_features
  OpinionFeatures unplaced;  ///< P(the nearest references' genus right) of an unplaced call
};
extern const Weights kFittedWeights;

/// The logistic function of `features` with `weights`.
template <std::size_t N>
[[nodiscard]] double chance_right(const std::array<double, N>& weights, const std::array<double, N>& features) {
  double z = 0.0;
  for (std::size_t i = 0; i < N; ++i) z += weights[i] * features[i];
  return 1.0 / (1.0 + std::exp(-z));
}

/// Weighs `asked` (question's answer for `call`) into `call`'s genus and
/// confidence by `weights`: the case's chance that the genus is right; of a
/// disputed call, the likelier genus takes the call at its chance.
void weigh(ReadCall& call, const Question& asked, const Weights& weights, const TaxonomyView& taxonomy);

/// Keeps the call's genus at confidence `chance`: ranks above it take at least
/// that (a right genus has a right family), ranks below at most that.
void settle(ReadCall& call, double chance);
/// Moves the call to `genus` at confidence `chance`: ranks the old and new
/// genus share keep their confidence (at least `chance`), the others take
/// `chance` with the old taxon as their rival; the species is dropped (the
/// opinions judge genera only).
void move_to(ReadCall& call, std::uint32_t genus, double chance, const TaxonomyView& taxonomy);

}  // namespace neurotax::kernels::word_weighing
