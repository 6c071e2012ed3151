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
/// call and the genus word model's opinion of it are weighed into one genus and
/// one confidence. The confidence is the chance that the genus is right, a
/// logistic function of what the call and the opinion show (one function per
/// case: the minimizers are sure; the words agree; the words name another genus,
/// for each of the two), fitted by benchmarks/macro/fit_word_weighing.py on the
/// benchmark's simulated reads. The bootstrap confidences alone misorder reads
/// across cases: a call the words agree with was right less often than its
/// raised confidence said, a genus the words named instead more often.
namespace neurotax::kernels::word_weighing {

/// A minimizer call this sure is not put to the word model: most calls are, and
/// the words would cost time without moving them.
inline constexpr double kUnquestionedConfidence = 0.9;

/// What the weighing reads off the minimizers' call of a fragment: its
/// confidences, and the fragment's length, on which the words' confidence
/// depends (their bootstrap draws an eighth of the fragment's words, so a
/// long read's words are surer of the same genus).
struct CallFeatures {
  double weakest = 0.0;           ///< weakest confidence from the domain down to the genus
  double genus_confidence = 0.0;  ///< the genus rank's own
  std::size_t bases = 0;          ///< of all mates
};
[[nodiscard]] CallFeatures call_features(const ReadCall& call, std::span<const std::string_view> mates);

inline constexpr std::size_t kSureFeatures = 4;
inline constexpr std::size_t kOpinionFeatures = 6;
using SureFeatures = std::array<double, kSureFeatures>;
using OpinionFeatures = std::array<double, kOpinionFeatures>;

/// For a call of kUnquestionedConfidence or more: 1, logit(weakest),
/// logit(genus confidence), log10(bases).
[[nodiscard]] SureFeatures sure_features(const CallFeatures& call);
/// For a questioned call and the word model's confidence in its verdict: 1,
/// logit(weakest), logit(word confidence), their interaction
/// logit(weakest) logit(word confidence) / 6, logit(genus confidence), and
/// log10(bases).
/// Logits are taken of the minimizers' confidences kept 0.001 from 0 and 1,
/// of the words' kept 1e-6 from them (a long read's words can be far surer).
[[nodiscard]] OpinionFeatures opinion_features(const CallFeatures& call, double word_confidence);

/// Which of the weighing's cases a call is in, with what it needs: the
/// minimizers are sure (the words are not asked), or the word model's verdict
/// on the call, among its genus and the strongest rivals of two other clades
/// at the genus rank, agrees with it or names another genus. A lone genus has
/// no rival for the words to favour: it is the verdict, at 1.
enum class Case { kSure, kAgreed, kDisputed };
struct Question {
  Case weighed = Case::kSure;
  CallFeatures features;
  GenusWordJudge::Verdict verdict;  ///< unless kSure
};
/// Nothing when the call names no genus or the words cannot judge it (no
/// profile, no word). The classifier weighs, and neurotax-call-features
/// prints for the fit, what this returns.
[[nodiscard]] std::optional<Question> question(GenusWordJudge& judge, std::span<const std::string_view> mates,
                                               const ReadCall& call);

/// The fitted logistic functions (benchmarks/macro/fit_word_weighing.py).
struct Weights {
  SureFeatures sure;                    ///< P(genus right) of a call the minimizers are sure of
  OpinionFeatures agreed;               ///< P(genus right) when the words name the same genus
  OpinionFeatures minimizers_disputed;  ///< P(the minimizers' genus right) when the words name another
  OpinionFeatures words_disputed;       ///< P(the words' genus right) then
};
extern const Weights kFittedWeights;

/// The logistic function of `features` with `weights`.
template <std::size_t N>
[[nodiscard]] double chance_right(const std::array<double, N>& weights, const std::array<double, N>& features) {
  double z = 0.0;
  for (std::size_t i = 0; i < N; ++i) z += weights[i] * features[i];
  return 1.0 / (1.0 + std::exp(-z));
}

/// Keeps the call's genus at confidence `chance`: ranks above it take at least
/// that (a right genus has a right family), ranks below at most that.
void settle(ReadCall& call, double chance);
/// Moves the call to `genus` at confidence `chance`: ranks the old and new
/// genus share keep their confidence (at least `chance`), the others take
/// `chance` with the old taxon as their rival; the species is dropped (the
/// words say nothing of species).
void move_to(ReadCall& call, std::uint32_t genus, double chance, const TaxonomyView& taxonomy);

}  // namespace neurotax::kernels::word_weighing
