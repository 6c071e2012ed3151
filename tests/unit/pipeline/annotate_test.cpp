#include "neurotax/pipeline/annotate.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace neurotax::pipeline {
namespace {

using kernels::Rank;

TaxonProfile community() {
  TaxonProfile profile;
  profile.sample = "mock";
  profile.total_reads = 1000;
  profile.unclassified_reads = 100;
  profile.entries = {
      {2, Rank::kFamily, "Enterobacteriaceae", 300, 0, ""},
      {3, Rank::kGenus, "Escherichia/Shigella", 300, 300, ""},  // RDP's name
      {4, Rank::kGenus, "Bacteroides", 400, 400, ""},
      {5, Rank::kGenus, "Faecalibacterium_A", 100, 100, ""},     // GTDB's split genus
      {6, Rank::kGenus, "Thermus", 100, 100, ""},
  };
  return profile;
}

TEST(Annotate, KnownProducersGiveKnownFlagsAndSums) {
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(db::KnowledgeBase::default_directory());
  const TaxonProfile profile = community();
  const Annotation annotation = annotate(profile, knowledge, 0.0);

  const auto summary = [&](const std::string& compound, const std::string& relation) -> const CompoundSummary* {
    for (const auto& s : annotation.compounds)
      if (s.compound == compound && s.relation == relation) return &s;
    return nullptr;
  };
  const CompoundSummary* gaba = summary("gaba", "produces");
  ASSERT_NE(gaba, nullptr);
  EXPECT_NEAR(gaba->fraction, 0.7, 1e-9);  // Escherichia 0.3 + Bacteroides 0.4
  EXPECT_EQ(gaba->taxa, (std::vector<std::string>{"Bacteroides", "Escherichia/Shigella"}));
  const CompoundSummary* butyrate = summary("butyrate", "produces");
  ASSERT_NE(butyrate, nullptr);
  EXPECT_NEAR(butyrate->fraction, 0.1, 1e-9);

  bool synonym_seen = false, suffix_seen = false;
  for (const FactMatch& match : annotation.matches) {
    EXPECT_NE(match.taxon->name, "Thermus");
    EXPECT_NE(match.taxon->name, "Enterobacteriaceae");
    synonym_seen |= match.taxon->name == "Escherichia/Shigella" && match.fact->taxon == "Escherichia" &&
                    match.how.starts_with("synonym");
    suffix_seen |= match.taxon->name == "Faecalibacterium_A" && match.how == "suffix_stripped";
  }
  EXPECT_TRUE(synonym_seen);
  EXPECT_TRUE(suffix_seen);
}

TEST(Annotate, MinAbundanceDropsRareTaxa) {
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(db::KnowledgeBase::default_directory());
  const TaxonProfile profile = community();
  const Annotation annotation = annotate(profile, knowledge, 0.35);
  for (const FactMatch& match : annotation.matches) EXPECT_EQ(match.taxon->name, "Bacteroides");
  EXPECT_FALSE(annotation.matches.empty());
}

TEST(Annotate, OutputsCarryTheDisclaimerAndSources) {
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(db::KnowledgeBase::default_directory());
  const TaxonProfile profile = community();
  const Annotation annotation = annotate(profile, knowledge, 0.0);
  const std::string tsv = format_annotation_tsv(annotation);
  EXPECT_EQ(tsv.rfind(std::string("# ") + kAnnotationDisclaimer, 0), 0U);
  const auto json = nlohmann::json::parse(format_annotation_json(annotation, knowledge));
  EXPECT_EQ(json["disclaimer"], kAnnotationDisclaimer);
  ASSERT_FALSE(json["matches"].empty());
  for (const auto& match : json["matches"]) EXPECT_TRUE(db::is_well_formed_source(match["source"].get<std::string>()));
  EXPECT_EQ(format_annotation_tsv(annotate(profile, knowledge, 0.0)), tsv) << "output must be deterministic";
}

}  // namespace
}  // namespace neurotax::pipeline
