#include "neurotax/db/reference_reader.hpp"

#include <gtest/gtest.h>

#include "neurotax/common/errors.hpp"
#include "neurotax/db/database_builder.hpp"
#include "test_support.hpp"

namespace neurotax::db {
namespace {

using kernels::Rank;

ReferenceRecord parse(const std::string& header, ReferenceFormat format) {
  ReferenceRecord record;
  parse_reference_header(header, format, 1, record);
  return record;
}

TEST(ReferenceHeader, Sintax) {
  const auto record = parse("gi_1;tax=d:Bacteria,p:Firmicutes,c:Bacilli,o:Bacillales,f:Bacillaceae,g:Bacillus,s:Bacillus subtilis;",
                            ReferenceFormat::kSintax);
  EXPECT_EQ(record.id, "gi_1");
  ASSERT_EQ(record.lineage.size(), 7U);
  EXPECT_EQ(record.lineage[0], (LineageEntry{Rank::kDomain, "Bacteria"}));
  EXPECT_EQ(record.lineage[5], (LineageEntry{Rank::kGenus, "Bacillus"}));
  EXPECT_EQ(record.lineage[6], (LineageEntry{Rank::kSpecies, "Bacillus subtilis"}));
}

TEST(ReferenceHeader, PositionalLineageAsDada2WritesIt) {
  const auto record = parse("Bacteria;Actinobacteria;Actinobacteria;Actinomycetales;Mycobacteriaceae;Mycobacterium;",
                            ReferenceFormat::kLineage);
  ASSERT_EQ(record.lineage.size(), 6U);
  EXPECT_EQ(record.lineage[1], (LineageEntry{Rank::kPhylum, "Actinobacteria"}));
  EXPECT_EQ(record.lineage[5], (LineageEntry{Rank::kGenus, "Mycobacterium"}));
}

TEST(ReferenceHeader, PrefixedLineageWithId) {
  const auto record = parse("AB001 d__Bacteria; p__Firmicutes; g__Bacillus", ReferenceFormat::kLineage);
  EXPECT_EQ(record.id, "AB001");
  ASSERT_EQ(record.lineage.size(), 3U);
  EXPECT_EQ(record.lineage[2], (LineageEntry{Rank::kGenus, "Bacillus"}));
}

TEST(ReferenceHeader, MissingTaxonomyIsAnError) {
  EXPECT_THROW(parse("gi_1 no lineage here", ReferenceFormat::kSintax), std::invalid_argument);
  EXPECT_THROW(parse("gi_1;tax=;", ReferenceFormat::kSintax), std::invalid_argument);
  EXPECT_THROW(parse("gi_1;tax=q:Foo;", ReferenceFormat::kSintax), std::invalid_argument);
}

TEST(ReferenceReader, ReadsGzipAndNamesFileAndRecordOnErrors) {
  testing::TempDir dir;
  const std::string good = dir.file("good.fa.gz");
  testing::write_gzip(good, ">a;tax=d:Bacteria,g:Bacillus;\nACGT\nACGT\n>b;tax=d:Bacteria,g:Listeria;\nGGGG\n");
  ReferenceSource reader(ReferenceInputs::from_fasta({good}));
  ReferenceRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.sequence, "ACGTACGT");
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.lineage.back().name, "Listeria");
  EXPECT_FALSE(reader.next(record));

  const std::string no_tax = dir.file("notax.fa");
  testing::write_text(no_tax, ">a;tax=d:Bacteria,g:Bacillus;\nACGT\n>b plain header\nACGT\n");
  ReferenceSource bad(ReferenceInputs::from_fasta({no_tax}));
  ASSERT_TRUE(bad.next(record));
  try {
    bad.next(record);
    FAIL() << "expected an error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(no_tax + ": record 2"), std::string::npos) << error.what();
  }
}

TEST(ReferenceReader, EmptyFastaIsAnError) {
  testing::TempDir dir;
  testing::write_text(dir.file("empty.fa"), "");
  ReferenceSource reader(ReferenceInputs::from_fasta({dir.file("empty.fa")}));
  ReferenceRecord record;
  EXPECT_THROW(reader.next(record), InputError);
}

TEST(TaxonomyBuilder, RanksOutOfOrderAreRejected) {
  TaxonomyBuilder taxonomy;
  EXPECT_THROW(taxonomy.add_lineage({{Rank::kGenus, "Bacillus"}, {Rank::kFamily, "Bacillaceae"}}), std::invalid_argument);
}

TEST(TaxonomyBuilder, SameNameAtTwoPlacesStaysTwoTaxa) {
  TaxonomyBuilder taxonomy;
  const auto a = taxonomy.add_lineage({{Rank::kDomain, "Bacteria"}, {Rank::kFamily, "F1"}, {Rank::kGenus, "uncultured"}});
  const auto b = taxonomy.add_lineage({{Rank::kDomain, "Bacteria"}, {Rank::kFamily, "F2"}, {Rank::kGenus, "uncultured"}});
  const auto a_again = taxonomy.add_lineage({{Rank::kDomain, "Bacteria"}, {Rank::kFamily, "F1"}, {Rank::kGenus, "uncultured"}});
  EXPECT_NE(a, b);
  EXPECT_EQ(a, a_again);
  for (std::size_t t = 1; t < taxonomy.size(); ++t) EXPECT_LT(taxonomy.parents()[t], t);
}

}  // namespace
}  // namespace neurotax::db
