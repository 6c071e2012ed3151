#include "neurotax/db/knowledge_base.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

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
  // The genera the annotation issue names for catecholamines and cohort associations.
  const auto has = [&](const char* taxon, const char* compound, const char* relation) {
    return std::any_of(base.facts().begin(), base.facts().end(), [&](const NeuroactiveFact& fact) {
      return fact.taxon == taxon && fact.compound == compound && fact.relation == relation;
    });
  };
  for (const char* genus : {"Bacillus", "Escherichia", "Proteus", "Serratia"}) {
    EXPECT_TRUE(has(genus, "dopamine", "produces")) << genus;
    EXPECT_TRUE(has(genus, "noradrenaline", "produces")) << genus;
  }
  EXPECT_TRUE(has("Staphylococcus", "dopamine", "produces"));
  for (const char* genus : {"Coprococcus", "Dialister"}) EXPECT_TRUE(has(genus, "depression", "human_association")) << genus;
}

TEST(KnowledgeBase, ShippedRowsAreSortedByCompoundTaxonAndRelation) {
  // Reviewers diff the table; its README promises this order.
  const KnowledgeBase base = KnowledgeBase::load(KnowledgeBase::default_directory());
  const auto key = [](const NeuroactiveFact& fact) { return std::tie(fact.compound, fact.taxon, fact.relation); };
  for (std::size_t i = 1; i < base.facts().size(); ++i)
    EXPECT_LT(key(base.facts()[i - 1]), key(base.facts()[i])) << base.facts()[i].origin;
}

/// A copy of the shipped knowledge base with `compounds_row` appended to compounds.tsv.
std::string knowledge_base_with_compound(const testing::TempDir& dir, const std::string& compounds_row) {
  const std::string shipped = KnowledgeBase::default_directory();
  for (const char* file : {"knowledge_base.tsv", "synonyms.tsv"})
    testing::write_text(dir.file(file), testing::read_text(shipped + "/" + file));
  testing::write_text(dir.file("compounds.tsv"), testing::read_text(shipped + "/compounds.tsv") + compounds_row);
  return dir.path().string();
}

TEST(KnowledgeBase, CompoundsNeedChebiIdsAndPhenotypesDiseaseOntologyIds) {
  const struct {
    const char* row;
    const char* message;
  } cases[] = {
      {"melatonin\tMONDO:0002050\tmonoamine\tmelatonin\n", "a compound needs a ChEBI id like CHEBI:12345, found 'MONDO:0002050'"},
      {"anxiety\tCHEBI:1\thost_phenotype\tanxiety\n", "a host phenotype needs a MONDO:1234567 or EFO:1234567 id, found 'CHEBI:1'"},
      {"melatonin\tCHEBI:16796\thormone\tmelatonin\n", "unknown class 'hormone'"},
  };
  for (const auto& bad : cases) {
    testing::TempDir dir;
    const std::string directory = knowledge_base_with_compound(dir, bad.row);
    try {
      (void)KnowledgeBase::load(directory);
      ADD_FAILURE() << "expected an error for " << bad.row;
    } catch (const InputError& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find(directory + "/compounds.tsv: line "), std::string::npos) << message;
      EXPECT_NE(message.find(bad.message), std::string::npos) << message;
    }
  }
  testing::TempDir dir;
  EXPECT_NO_THROW((void)KnowledgeBase::load(knowledge_base_with_compound(dir, "depressive_disorder\tMONDO:0002050\thost_phenotype\tdepressive disorder\n")));
}

TEST(KnowledgeBase, GradesFollowEvidence) {
  EXPECT_EQ(evidence_grade("gene_or_enzyme"), 'A');
  EXPECT_EQ(evidence_grade("culture"), 'B');
  EXPECT_EQ(evidence_grade("host_mediated"), 'C');
  EXPECT_EQ(evidence_grade("genome_prediction"), 'D');
  EXPECT_EQ(evidence_grade("review_report"), 'D');
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
        BadRow{"phenotype", "Dialister\tgenus\tdepression\tproduces\tx\tculture\tsome_strains\tdoi:10.1/x\t\n",
               "'depression' is a host phenotype, not a compound: its only relation and evidence are human_association"},
        BadRow{"phenotype_evidence",
               "Dialister\tgenus\tdepression\thuman_association\tx\tgene_or_enzyme\tgenus_wide\tdoi:10.1/x\t\n",
               "'depression' is a host phenotype, not a compound: its only relation and evidence are human_association"},
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
