#include "neurotax/db/knowledge_base.hpp"

#include <gtest/gtest.h>

#include <set>

#include "neurotax/common/errors.hpp"
#include "test_support.hpp"

namespace neurotax::db {
namespace {

const std::string kHeader = "taxon\trank\tcompound\trelation\tmechanism\tevidence\tscope\tsource\tnote\n";

TEST(KnowledgeBase, ShippedBaseValidatesAndEveryRowHasAWellFormedSource) {
  const KnowledgeBase base = KnowledgeBase::load(KnowledgeBase::default_directory());
  ASSERT_GT(base.facts().size(), 20U);
  for (const auto& fact : base.facts()) EXPECT_TRUE(is_well_formed_source(fact.source)) << fact.origin;
  for (const auto& synonym : base.synonyms()) EXPECT_TRUE(is_well_formed_source(synonym.source)) << synonym.name;
  std::set<std::string> compounds;
  for (const auto& fact : base.facts()) compounds.insert(fact.compound);
  for (const char* headline : {"serotonin", "gaba", "dopamine", "noradrenaline", "acetylcholine", "histamine", "butyrate"})
    EXPECT_TRUE(compounds.count(headline)) << headline << " has no row";
}

TEST(KnowledgeBase, GradesFollowEvidence) {
  EXPECT_EQ(evidence_grade("gene_or_enzyme"), 'A');
  EXPECT_EQ(evidence_grade("culture"), 'B');
  EXPECT_EQ(evidence_grade("host_mediated"), 'C');
  EXPECT_EQ(evidence_grade("genome_prediction"), 'D');
  EXPECT_EQ(evidence_grade("human_association"), 'E');
}

TEST(KnowledgeBase, SourcesMustBeWellFormed) {
  EXPECT_TRUE(is_well_formed_source("doi:10.1016/j.cell.2015.02.047"));
  EXPECT_TRUE(is_well_formed_source("pmid:25860609"));
  EXPECT_FALSE(is_well_formed_source("doi:10.1016"));
  EXPECT_FALSE(is_well_formed_source("https://example.org"));
  EXPECT_FALSE(is_well_formed_source(""));
}

struct BadRow {
  const char* name;
  const char* row;
  const char* message;
};

class UserKnowledgeErrors : public ::testing::TestWithParam<BadRow> {};

TEST_P(UserKnowledgeErrors, NameTheLineAndTheProblem) {
  testing::TempDir dir;
  const std::string path = dir.file("extra.tsv");
  testing::write_text(path, kHeader + GetParam().row);
  try {
    (void)KnowledgeBase::load(KnowledgeBase::default_directory(), {path});
    FAIL() << "expected an error";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(path + ": line "), std::string::npos) << message;
    EXPECT_NE(message.find(GetParam().message), std::string::npos) << message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rows, UserKnowledgeErrors,
    ::testing::Values(
        BadRow{"compound", "Bacillus\tgenus\tmelatonin\tproduces\tx\tculture\tsome_strains\tdoi:10.1/x\t\n", "unknown compound"},
        BadRow{"relation", "Bacillus\tgenus\tdopamine\tsecretes\tx\tculture\tsome_strains\tdoi:10.1/x\t\n", "unknown relation"},
        BadRow{"source", "Bacillus\tgenus\tdopamine\tproduces\tx\tculture\tsome_strains\t\t\n", "missing source"},
        BadRow{"rank", "Bacillus\tfamily\tdopamine\tproduces\tx\tculture\tsome_strains\tdoi:10.1/x\t\n", "bad rank"},
        BadRow{"fields", "Bacillus\tgenus\tdopamine\tproduces\tx\tculture\n", "expected 9 tab-separated fields"},
        BadRow{"duplicate", "Bacillus\tgenus\tdopamine\tproduces\tx\tculture\tsome_strains\tdoi:10.1/x\t\n"
               "Bacillus\tgenus\tdopamine\tproduces\ty\tculture\tsome_strains\tdoi:10.1/y\t\n",
               "duplicate row"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(KnowledgeBase, UserRowsAddAndOverride) {
  testing::TempDir dir;
  const std::string path = dir.file("extra.tsv");
  testing::write_text(path, kHeader + "Bacillus\tgenus\tdopamine\tproduces\ttyrosine decarboxylase\tculture\tsome_strains\tdoi:10.1234/abc\tlab strain\n");
  const KnowledgeBase base = KnowledgeBase::load(KnowledgeBase::default_directory(), {path});
  const auto found = std::find_if(base.facts().begin(), base.facts().end(), [](const NeuroactiveFact& fact) {
    return fact.taxon == "Bacillus" && fact.compound == "dopamine" && fact.relation == "produces";
  });
  ASSERT_NE(found, base.facts().end());
  EXPECT_EQ(found->source, "doi:10.1234/abc");
  EXPECT_EQ(found->grade, 'B');
}

}  // namespace
}  // namespace neurotax::db
