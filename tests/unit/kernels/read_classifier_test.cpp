#include "neurotax/kernels/read_classifier.hpp"

#include <gtest/gtest.h>

#include "neurotax/db/database.hpp"
#include "neurotax/db/database_builder.hpp"
#include "test_support.hpp"

namespace neurotax::kernels {
namespace {

class ReadClassifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<db::Database>(testing::build_synthetic_database(dir_, references_));
  }

  ReadCall classify(const std::vector<std::string>& mates, ClassifierParams params = {}) {
    ReadClassifier classifier(database_->index(), database_->taxonomy(), database_->minimizer_params(), params);
    std::vector<std::string_view> views(mates.begin(), mates.end());
    ReadCall call;
    ReadEvidence evidence;
    classifier.classify(views, call, evidence);
    return call;
  }

  std::string name_of_call(const ReadCall& call) const {
    return call.classified() ? std::string(database_->name(call.taxon)) : "unclassified";
  }

  testing::TempDir dir_;
  std::vector<std::pair<std::string, std::string>> references_;
  std::unique_ptr<db::Database> database_;
};

TEST_F(ReadClassifierTest, GenusSpecificReadsAreCalledAtGenus) {
  for (const auto& [genus, sequence] : references_) {
    EXPECT_EQ(name_of_call(classify({sequence.substr(300, 250)})), genus);
    EXPECT_EQ(name_of_call(classify({testing::reverse_complement(sequence.substr(300, 250))})), genus);
  }
}

TEST_F(ReadClassifierTest, ConfidenceReachesOneForUniqueReads) {
  const ReadCall call = classify({references_[0].second.substr(300, 250)});
  const std::size_t genus_rank = 6;  // kCalledRanks[6] is genus
  ASSERT_EQ(kCalledRanks[genus_rank], Rank::kGenus);
  EXPECT_FLOAT_EQ(call.lineage[genus_rank].confidence, 1.0F);
  EXPECT_EQ(database_->name(call.lineage[genus_rank].taxon), "Bacillus");
}

TEST_F(ReadClassifierTest, ConservedReadsStopAboveGenus) {
  // The first 200 bases are shared by every genus: the honest call is their order.
  const ReadCall call = classify({references_[0].second.substr(0, 180)});
  ASSERT_TRUE(call.classified());
  EXPECT_EQ(name_of_call(call), "Bacillales");
}

TEST_F(ReadClassifierTest, PairedMatesAreOneFragment) {
  const std::string& sequence = references_[4].second;  // Enterococcus
  const ReadCall call = classify({sequence.substr(250, 150), testing::reverse_complement(sequence.substr(450, 150))});
  EXPECT_EQ(name_of_call(call), "Enterococcus");
}

TEST_F(ReadClassifierTest, UnknownShortAndAmbiguousReadsAreUnclassified) {
  EXPECT_FALSE(classify({testing::random_sequence(250, 999)}).classified());
  EXPECT_FALSE(classify({"ACGT"}).classified());
  EXPECT_FALSE(classify({""}).classified());
  EXPECT_FALSE(classify({std::string(250, 'N')}).classified());
}

TEST_F(ReadClassifierTest, MinHitsGuardsAgainstTinyEvidence) {
  ClassifierParams strict;
  strict.min_hits = 1000;
  EXPECT_FALSE(classify({references_[0].second.substr(300, 250)}, strict).classified());
}

TEST_F(ReadClassifierTest, ResultsAreDeterministic) {
  const std::string read = references_[2].second.substr(150, 250);
  const ReadCall first = classify({read});
  const ReadCall second = classify({read});
  EXPECT_EQ(first.taxon, second.taxon);
  for (std::size_t r = 0; r < first.lineage.size(); ++r)
    EXPECT_EQ(first.lineage[r].confidence, second.lineage[r].confidence);
}

}  // namespace
}  // namespace neurotax::kernels
