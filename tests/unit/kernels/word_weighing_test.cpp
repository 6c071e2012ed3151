#include "neurotax/kernels/word_weighing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "neurotax/db/database.hpp"
#include "test_support.hpp"

namespace neurotax::kernels::word_weighing {
namespace {

class WordWeighingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<db::Database>(testing::build_synthetic_database(dir_, references_));
  }
  [[nodiscard]] std::uint32_t taxon(std::string_view name) const { return database_->find_by_name(name).at(0); }

  /// A call down to `genus` (of the synthetic Bacillales) and a species below
  /// it, each rank at the confidence given.
  [[nodiscard]] ReadCall call_of(std::string_view genus, const std::array<float, 8>& confidences) const {
    ReadCall call;
    const TaxonomyView& taxonomy = database_->taxonomy();
    const std::uint32_t genus_taxon = taxon(genus);
    for (std::size_t r = 0; r <= kGenusRankIndex; ++r) {
      const std::uint32_t at_rank = taxonomy.ancestor_at_index(genus_taxon, r);
      if (at_rank != kNoTaxon) call.lineage[r] = {at_rank, confidences[r], kNoTaxon, confidences[r]};
    }
    call.lineage[kGenusRankIndex + 1] = {genus_taxon, confidences[kGenusRankIndex + 1], kNoTaxon,
                                         confidences[kGenusRankIndex + 1]};
    return call;
  }

  testing::TempDir dir_;
  std::vector<std::pair<std::string, std::string>> references_;
  std::unique_ptr<db::Database> database_;
};

void expect_rival_at_least_as_beaten(const ReadCall& call) {
  for (const RankCall& rank : call.lineage)
    if (rank.taxon != kNoTaxon) {
      EXPECT_GE(rank.beats_rival, rank.confidence);
    }
}

TEST_F(WordWeighingTest, SettlingSetsTheGenusAndBoundsTheRanksAroundIt) {
  ReadCall call = call_of("Bacillus", {1.0F, 0.0F, 0.95F, 0.9F, 0.6F, 0.5F, 0.4F, 0.7F});
  settle(call, 0.8);
  EXPECT_FLOAT_EQ(call.lineage[2].confidence, 0.95F);  // above the genus: at least the genus's chance
  EXPECT_FLOAT_EQ(call.lineage[4].confidence, 0.8F);
  EXPECT_FLOAT_EQ(call.lineage[5].confidence, 0.8F);
  EXPECT_FLOAT_EQ(call.lineage[kGenusRankIndex].confidence, 0.8F);
  EXPECT_FLOAT_EQ(call.lineage[kGenusRankIndex + 1].confidence, 0.7F);  // below: at most it
  EXPECT_EQ(database_->name(call.lineage[kGenusRankIndex].taxon), "Bacillus");
  expect_rival_at_least_as_beaten(call);

  settle(call, 0.3);
  EXPECT_FLOAT_EQ(call.lineage[5].confidence, 0.8F);
  EXPECT_FLOAT_EQ(call.lineage[kGenusRankIndex].confidence, 0.3F);
  EXPECT_FLOAT_EQ(call.lineage[kGenusRankIndex + 1].confidence, 0.3F);
  expect_rival_at_least_as_beaten(call);
}

TEST_F(WordWeighingTest, MovingKeepsTheRanksTheTwoGeneraShare) {
  const std::array<float, 8> confidences{1.0F, 0.0F, 1.0F, 1.0F, 0.9F, 0.6F, 0.3F, 0.3F};
  ReadCall call = call_of("Virgibacillus", confidences);
  move_to(call, taxon("Bacillus"), 0.7, database_->taxonomy());
  EXPECT_EQ(database_->name(call.lineage[5].taxon), "Bacillaceae");
  EXPECT_FLOAT_EQ(call.lineage[5].confidence, 0.7F);
  EXPECT_FLOAT_EQ(call.lineage[4].confidence, 0.9F);
  EXPECT_EQ(database_->name(call.lineage[kGenusRankIndex].taxon), "Bacillus");
  EXPECT_FLOAT_EQ(call.lineage[kGenusRankIndex].confidence, 0.7F);
  EXPECT_EQ(database_->name(call.lineage[kGenusRankIndex].rival), "Virgibacillus");
  EXPECT_EQ(call.lineage[kGenusRankIndex + 1].taxon, kNoTaxon);  // the words say nothing of species

  ReadCall across = call_of("Virgibacillus", confidences);
  move_to(across, taxon("Enterococcus"), 0.55, database_->taxonomy());
  EXPECT_EQ(database_->name(across.lineage[4].taxon), "Bacillales");
  EXPECT_EQ(database_->name(across.lineage[5].taxon), "Enterococcaceae");
  EXPECT_EQ(database_->name(across.lineage[5].rival), "Bacillaceae");
  EXPECT_FLOAT_EQ(across.lineage[5].confidence, 0.55F);
  expect_rival_at_least_as_beaten(across);
}

TEST_F(WordWeighingTest, AnUnplacedCallIsJudgedAmongTheGeneraOfItsDeepestClade) {
  GenusWordJudge judge(database_->genus_words());
  const TaxonomyView& taxonomy = database_->taxonomy();
  // The minimizers reach Bacillaceae, not a genus (as when a fragment's hits
  // were merged up to the family).
  ReadCall call = call_of("Virgibacillus", {1.0F, 0.0F, 1.0F, 1.0F, 0.95F, 0.7F, 0.0F, 0.0F});
  call.lineage[kGenusRankIndex] = RankCall{};
  call.lineage[kGenusRankIndex + 1] = RankCall{};
  const auto reference_of = [&](std::string_view genus) {
    return std::find_if(references_.begin(), references_.end(), [&](const auto& named) { return named.first == genus; })->second;
  };
  const std::string read = reference_of("Virgibacillus").substr(250, 200);
  const std::string_view mates[] = {read};
  const std::optional<Question> asked = question(judge, mates, call, taxonomy);
  ASSERT_TRUE(asked.has_value());
  EXPECT_EQ(asked->weighed, Case::kUnplaced);
  EXPECT_EQ(database_->name(asked->verdict.genus), "Virgibacillus");
  EXPECT_FLOAT_EQ(static_cast<float>(asked->features.genus_confidence), 0.7F);  // the deepest rank's
  EXPECT_FLOAT_EQ(static_cast<float>(asked->features.weakest), 0.7F);
  // Placing it keeps the family's confidence and adds the genus.
  move_to(call, asked->verdict.genus, 0.8, taxonomy);
  EXPECT_EQ(database_->name(call.lineage[kGenusRankIndex].taxon), "Virgibacillus");
  EXPECT_FLOAT_EQ(call.lineage[kGenusRankIndex].confidence, 0.8F);
  EXPECT_FLOAT_EQ(call.lineage[kFamilyRankIndex].confidence, 0.8F);
  // A call placed in the domain alone is judged among all its genera.
  ReadCall domain_only;
  domain_only.lineage[0] = call.lineage[0];
  const std::optional<Question> domain_asked = question(judge, mates, domain_only, taxonomy);
  ASSERT_TRUE(domain_asked.has_value());
  EXPECT_EQ(domain_asked->weighed, Case::kUnplaced);
  EXPECT_EQ(database_->name(domain_asked->verdict.genus), "Virgibacillus");
  // A call that names no clade has nothing to be judged among.
  EXPECT_FALSE(question(judge, mates, ReadCall{}, taxonomy).has_value());
}

TEST(WordWeighing, UnplacedCallsAreSearchedWholeAndFamiliesWithinALimit) {
  constexpr std::size_t kWhole = std::numeric_limits<std::size_t>::max();
  for (const std::size_t bases : {std::size_t{150}, std::size_t{500}, std::size_t{1500}})
    EXPECT_EQ(most_searched_references(true, bases), kWhole) << bases;
  EXPECT_EQ(most_searched_references(false, kFamilyAlwaysSearchedFromBases - 1), kMostSearchedReferences);
  EXPECT_EQ(most_searched_references(false, kFamilyAlwaysSearchedFromBases), kMostSearchedReferencesOfAmplicons);
  EXPECT_EQ(most_searched_references(false, kFamilyAlwaysSearchedBelowBases - 1), kMostSearchedReferencesOfAmplicons);
  EXPECT_EQ(most_searched_references(false, kFamilyAlwaysSearchedBelowBases), kMostSearchedReferences);
}

TEST_F(WordWeighingTest, AnUnsureCallsWholeFamilyIsSearched) {
  GenusWordJudge judge(database_->genus_words());
  // The minimizers name Bacillus with no rival; the read is Virgibacillus's,
  // which only the family's other genus can say.
  const std::string& virgibacillus =
      std::find_if(references_.begin(), references_.end(), [](const auto& named) { return named.first == "Virgibacillus"; })
          ->second;
  const std::string fragment = virgibacillus.substr(250, kFamilyAlwaysSearchedFromBases - 50);
  const std::string_view mates[] = {fragment};
  const float unsure = static_cast<float>(kFamilySearchedBelow) - 0.1F;
  const std::optional<Question> asked =
      question(judge, mates, call_of("Bacillus", {1.0F, 0.0F, 1.0F, 1.0F, 0.9F, 0.6F, unsure, unsure}), database_->taxonomy());
  ASSERT_TRUE(asked.has_value());
  EXPECT_EQ(asked->weighed, Case::kDisputed);
  EXPECT_EQ(database_->name(asked->verdict.genus), "Virgibacillus");
  // A surer call of a short fragment is judged among its leading genera alone.
  const float surer = static_cast<float>(kFamilySearchedBelow) + 0.1F;
  const ReadCall surer_call = call_of("Bacillus", {1.0F, 0.0F, 1.0F, 1.0F, 0.9F, 0.8F, surer, surer});
  const std::optional<Question> surer_asked = question(judge, mates, surer_call, database_->taxonomy());
  ASSERT_TRUE(surer_asked.has_value());
  EXPECT_EQ(surer_asked->weighed, Case::kAgreed);
  // Of an amplicon-long fragment (a V4 read or pair), the family is searched
  // however sure the minimizers are; of a full-length read, as of a short one.
  const std::string_view amplicon = std::string_view(virgibacillus).substr(250, kFamilyAlwaysSearchedFromBases);
  const std::string_view amplicon_mates[] = {amplicon.substr(0, amplicon.size() / 2), amplicon.substr(amplicon.size() / 2)};
  const std::optional<Question> amplicon_asked = question(judge, amplicon_mates, surer_call, database_->taxonomy());
  ASSERT_TRUE(amplicon_asked.has_value());
  EXPECT_EQ(amplicon_asked->weighed, Case::kDisputed);
  EXPECT_EQ(database_->name(amplicon_asked->verdict.genus), "Virgibacillus");
  const std::string full_length = virgibacillus + virgibacillus;  // the synthetic genes are 600 bases
  ASSERT_GE(full_length.size(), kFamilyAlwaysSearchedBelowBases);
  const std::string_view whole[] = {full_length};
  const std::optional<Question> whole_asked = question(judge, whole, surer_call, database_->taxonomy());
  ASSERT_TRUE(whole_asked.has_value());
  EXPECT_EQ(whole_asked->weighed, Case::kAgreed);
  // Only a long fragment's nearest references are resampled; judged among
  // Bacillus alone (the call names no rival), every draw names it.
  EXPECT_TRUE(is_long(whole_asked->features));
  EXPECT_DOUBLE_EQ(whole_asked->verdict.resampled, 1.0);
  EXPECT_FALSE(is_long(surer_asked->features));
  EXPECT_DOUBLE_EQ(surer_asked->verdict.resampled, 0.0);
}

TEST_F(WordWeighingTest, LongFragmentsAreWeighedByTheirOwnFunctions) {
  // Functions of the intercept alone: the general ones give 0.5 (a dispute
  // stays with the minimizers), the long ones 0.8 (a dispute goes to the
  // nearest references).
  Weights weights{};
  weights.long_placed.agreed[0] = std::log(4.0);
  weights.long_placed.nearest_disputed[0] = std::log(4.0);
  const ReadCall bacillus = call_of("Bacillus", {1.0F, 0.0F, 1.0F, 1.0F, 0.9F, 0.6F, 0.6F, 0.6F});
  for (const std::size_t bases : {kLongFromBases - 1, kLongFromBases}) {
    const bool long_fragment = bases >= kLongFromBases;
    Question agreed{.weighed = Case::kAgreed, .features = {.weakest = 0.6, .genus_confidence = 0.6, .bases = bases},
                    .verdict = {taxon("Bacillus"), 1.0}, .words = {taxon("Bacillus"), 1.0}};
    ReadCall call = bacillus;
    weigh(call, agreed, weights, database_->taxonomy());
    EXPECT_NEAR(call.lineage[kGenusRankIndex].confidence, long_fragment ? 0.8 : 0.5, 1e-6) << bases;
    Question disputed = agreed;
    disputed.weighed = Case::kDisputed;
    disputed.verdict.genus = disputed.words.genus = taxon("Virgibacillus");
    call = bacillus;
    weigh(call, disputed, weights, database_->taxonomy());
    EXPECT_EQ(database_->name(call.lineage[kGenusRankIndex].taxon), long_fragment ? "Virgibacillus" : "Bacillus") << bases;
    EXPECT_NEAR(call.lineage[kGenusRankIndex].confidence, long_fragment ? 0.8 : 0.5, 1e-6) << bases;
  }
}

TEST(WordWeighing, FeaturesAreLogitsKeptOffTheEdges) {
  const SureFeatures sure = sure_features({.weakest = 1.0, .genus_confidence = 0.5, .bases = 1000});
  EXPECT_DOUBLE_EQ(sure[0], 1.0);
  EXPECT_NEAR(sure[1], std::log(0.999 / 0.001), 1e-9);
  EXPECT_NEAR(sure[2], 0.0, 1e-12);
  EXPECT_NEAR(sure[3], 3.0, 1e-12);
  const GenusWordJudge::Verdict nearest{7, 0.9};
  const GenusWordJudge::Verdict words{7, 0.5};
  const OpinionFeatures opinion = opinion_features({.weakest = 0.2, .genus_confidence = 0.0, .bases = 250}, nearest, words);
  EXPECT_NEAR(opinion[1], std::log(0.25), 1e-9);
  EXPECT_NEAR(opinion[2], std::log(9.0), 1e-9);
  EXPECT_NEAR(opinion[3], std::log(0.25) * std::log(9.0) / 6.0, 1e-9);
  EXPECT_NEAR(opinion[4], std::log(0.001 / 0.999), 1e-9);
  EXPECT_NEAR(opinion[5], std::log10(250.0), 1e-12);
  EXPECT_NEAR(opinion[6], 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(opinion[7], 1.0);  // the words name the nearest references' genus
  EXPECT_NEAR(opinion[8], 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(opinion[9], 0.0);  // no near words counted: none lacking
  GenusWordJudge::Verdict far = nearest;
  far.near_words = 60;
  far.held = 53;
  EXPECT_NEAR(opinion_features({.weakest = 0.2, .genus_confidence = 0.0, .bases = 250}, far, words)[9], std::log(8.0), 1e-12);
  EXPECT_DOUBLE_EQ(opinion[10], 0.0);  // no nearest reference counted: as one
  far.holders = 12;
  EXPECT_NEAR(opinion_features({.weakest = 0.2, .genus_confidence = 0.0, .bases = 250}, far, words)[10], std::log(12.0), 1e-12);
  const OpinionFeatures other = opinion_features({.weakest = 0.2, .genus_confidence = 0.0, .bases = 250}, nearest, {8, 0.9});
  EXPECT_NEAR(other[6], std::log(9.0), 1e-9);
  EXPECT_DOUBLE_EQ(other[7], 0.0);
  EXPECT_DOUBLE_EQ(other[8], 0.0);
  // A unanimous nearest verdict is kept 0.001 from 1; the words' confidence
  // may come nearer: a long read's words are many.
  const OpinionFeatures sure_opinions =
      opinion_features({.weakest = 0.2, .genus_confidence = 0.2, .bases = 1500}, {7, 1.0}, {7, 1.0});
  EXPECT_NEAR(sure_opinions[2], std::log(0.999 / 0.001), 1e-9);
  EXPECT_NEAR(sure_opinions[6], std::log((1.0 - 1e-6) / 1e-6), 1e-6);
  EXPECT_NEAR(sure_opinions[8], sure_opinions[6], 1e-12);
  // A long fragment's: the same, but for the logit of the nearest references'
  // bootstrap share in the length's place.
  GenusWordJudge::Verdict resampled = nearest;
  resampled.resampled = 0.8;
  const CallFeatures long_call{.weakest = 0.2, .genus_confidence = 0.0, .bases = 1500};
  const OpinionFeatures long_opinion = long_opinion_features(long_call, resampled, words);
  const OpinionFeatures general = opinion_features(long_call, resampled, words);
  for (std::size_t i = 0; i < kOpinionFeatures; ++i) {
    if (i != kLengthFeature) {
      EXPECT_DOUBLE_EQ(long_opinion[i], general[i]) << i;
    }
  }
  EXPECT_NEAR(general[kLengthFeature], std::log10(1500.0), 1e-12);
  EXPECT_NEAR(long_opinion[kLengthFeature], std::log(4.0), 1e-9);
  resampled.resampled = 1.0;
  EXPECT_NEAR(long_opinion_features(long_call, resampled, words)[kLengthFeature], std::log(0.999 / 0.001), 1e-9);
  EXPECT_DOUBLE_EQ(chance_right(std::array<double, 2>{0.0, 1.0}, std::array<double, 2>{1.0, 0.0}), 0.5);
  EXPECT_NEAR(chance_right(std::array<double, 2>{1.0, 2.0}, std::array<double, 2>{1.0, 0.5}), 1.0 / (1.0 + std::exp(-2.0)),
              1e-12);
}

/// What any sensible fit must say, whatever the benchmark's reads.
TEST(WordWeighing, FittedWeighingBehavesAsTheEvidenceSays) {
  const Weights& fitted = kFittedWeights;
  const CallFeatures sure{.weakest = 1.0, .genus_confidence = 1.0, .bases = 250};
  EXPECT_GT(chance_right(fitted.sure, sure_features(sure)), 0.95);
  const GenusWordJudge::Verdict unanimous{7, 1.0};
  const GenusWordJudge::Verdict split{7, 0.5};
  // Agreement: the surer the minimizers were, the likelier the genus is right;
  // and the likelier when the nearest references are unanimous and the words
  // side with them.
  const CallFeatures unsure{.weakest = 0.3, .genus_confidence = 0.3, .bases = 250};
  const CallFeatures surer{.weakest = 0.8, .genus_confidence = 0.8, .bases = 250};
  EXPECT_LT(chance_right(fitted.placed.agreed, opinion_features(unsure, unanimous, unanimous)),
            chance_right(fitted.placed.agreed, opinion_features(surer, unanimous, unanimous)));
  EXPECT_LT(chance_right(fitted.placed.agreed, opinion_features(unsure, split, unanimous)),
            chance_right(fitted.placed.agreed, opinion_features(unsure, unanimous, unanimous)));
  EXPECT_LT(chance_right(fitted.placed.agreed, opinion_features(unsure, unanimous, {8, 0.9})),
            chance_right(fitted.placed.agreed, opinion_features(unsure, unanimous, {7, 0.9})));
  // ...and the less likely the farther the fragment lies from its nearest
  // references (a novel strain).
  GenusWordJudge::Verdict near_all = unanimous;
  near_all.near_words = near_all.held = 60;
  GenusWordJudge::Verdict far_from_all = near_all;
  far_from_all.held = 40;
  EXPECT_LT(chance_right(fitted.placed.agreed, opinion_features(unsure, far_from_all, unanimous)),
            chance_right(fitted.placed.agreed, opinion_features(unsure, near_all, unanimous)));
  // ...and the likelier the more of the genus's references are the nearest
  // (a lone one may bear a wrong name).
  GenusWordJudge::Verdict many_nearest = near_all;
  many_nearest.holders = 20;
  near_all.holders = 1;
  EXPECT_LT(chance_right(fitted.placed.agreed, opinion_features(unsure, near_all, unanimous)),
            chance_right(fitted.placed.agreed, opinion_features(unsure, many_nearest, unanimous)));
  // A dispute: unanimous nearest references that the words join take a call
  // the minimizers barely led...
  const OpinionFeatures barely =
      opinion_features({.weakest = 0.05, .genus_confidence = 0.05, .bases = 250}, unanimous, {7, 0.99});
  EXPECT_GT(chance_right(fitted.placed.nearest_disputed, barely), chance_right(fitted.placed.minimizers_disputed, barely));
  // ...and split ones the words do not join leave a call the minimizers nearly settled.
  const OpinionFeatures nearly =
      opinion_features({.weakest = 0.85, .genus_confidence = 0.85, .bases = 250}, split, {8, 0.9});
  EXPECT_LT(chance_right(fitted.placed.nearest_disputed, nearly), chance_right(fitted.placed.minimizers_disputed, nearly));
  // A long fragment: the more of the draws of its near words name the nearest
  // references' genus, the likelier that genus is right, agreed or disputed.
  const CallFeatures long_call{.weakest = 0.6, .genus_confidence = 0.6, .bases = 1500};
  GenusWordJudge::Verdict firm = unanimous, wavering = unanimous;
  firm.resampled = 0.99;
  wavering.resampled = 0.5;
  EXPECT_LT(chance_right(fitted.long_placed.agreed, long_opinion_features(long_call, wavering, unanimous)),
            chance_right(fitted.long_placed.agreed, long_opinion_features(long_call, firm, unanimous)));
  const OpinionFeatures firm_dispute = long_opinion_features(long_call, firm, {7, 0.99});
  const OpinionFeatures wavering_dispute = long_opinion_features(long_call, wavering, {7, 0.99});
  EXPECT_LT(chance_right(fitted.long_placed.nearest_disputed, wavering_dispute),
            chance_right(fitted.long_placed.nearest_disputed, firm_dispute));
  EXPECT_GT(chance_right(fitted.long_placed.minimizers_disputed, wavering_dispute),
            chance_right(fitted.long_placed.minimizers_disputed, firm_dispute));
  // Unplaced: a clade's genus named by unanimous nearest references, many of
  // them, that the words join is likelier right than one a split vote names.
  GenusWordJudge::Verdict many_unanimous = unanimous;
  many_unanimous.near_words = many_unanimous.held = 30;
  many_unanimous.holders = 10;
  GenusWordJudge::Verdict few_split = split;
  few_split.near_words = few_split.held = 30;
  few_split.holders = 1;
  const CallFeatures family_call{.weakest = 0.6, .genus_confidence = 0.6, .bases = 150};
  EXPECT_GT(chance_right(fitted.unplaced, opinion_features(family_call, many_unanimous, {7, 0.99})),
            chance_right(fitted.unplaced, opinion_features(family_call, few_split, {8, 0.6})));
}

}  // namespace
}  // namespace neurotax::kernels::word_weighing
