// Each reference format builds a database with the lineages its files state;
// real-format files come from Debian's rdp-classifier-doc or are written here.
#include <gtest/gtest.h>

#include <sstream>

#include "neurotax/common/errors.hpp"
#include "neurotax/db/database.hpp"
#include "neurotax/db/database_builder.hpp"
#include "neurotax/db/ncbi_taxonomy.hpp"
#include "test_support.hpp"

namespace neurotax::db {
namespace {

class Importers : public ::testing::Test {
 protected:
  std::unique_ptr<Database> build(ReferenceInputs inputs, const std::string& copy_numbers = "") {
    BuildOptions options;
    options.quiet = true;
    options.copy_numbers = copy_numbers;
    summary_ = build_database(inputs, options, dir_.file("db.ntdb"));
    return std::make_unique<Database>(dir_.file("db.ntdb"));
  }
  static std::string lineage(const Database& database, const std::string& name) {
    const auto taxa = database.find_by_name(name);
    if (taxa.size() == 1) return database.lineage_string(taxa[0]);
    std::ostringstream message;
    message << '(' << taxa.size() << " taxa named " << name << ')';
    return message.str();
  }
  void expect_build_error(const ReferenceInputs& inputs, const std::vector<std::string>& fragments) {
    try {
      BuildOptions options;
      options.quiet = true;
      (void)build_database(inputs, options, dir_.file("bad.ntdb"));
      FAIL() << "expected an error";
    } catch (const InputError& error) {
      for (const auto& fragment : fragments) EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
    }
    EXPECT_FALSE(std::filesystem::exists(dir_.file("bad.ntdb")));
  }
  std::string sequence(std::uint64_t seed) const { return testing::random_sequence(300, seed); }

  testing::TempDir dir_;
  BuildSummary summary_;
};

TEST_F(Importers, RdpTrainingSetWithItsTaxonomyFile) {
  ReferenceInputs inputs;
  inputs.fasta = {testing::rdp_file("new_trainset.fasta")};
  inputs.taxonomy = testing::rdp_file("new_trainset_db_taxid.txt");
  const auto database = build(inputs, testing::rdp_file("rrnDBv4.2.2_copynumber.txt"));
  EXPECT_EQ(summary_.format, ReferenceFormat::kRdp);
  EXPECT_EQ(database->header().reference_count + summary_.identical_sequences_merged, 1097U);
  // Quotes removed; the subclass is kept in the tree as an unranked node.
  EXPECT_EQ(lineage(*database, "Armatimonas/Armatimonadetes_gp1"),
            "d:Bacteria,p:Armatimonadetes,c:Armatimonadia,o:Armatimonadales,f:Armatimonadaceae,"
            "g:Armatimonas/Armatimonadetes_gp1");
  const auto genus = database->find_by_name("Armatimonas/Armatimonadetes_gp1");
  ASSERT_EQ(genus.size(), 1U);
  EXPECT_EQ(database->taxonomy().ranks[genus[0]], Rank::kGenus);
}

TEST_F(Importers, QiimeFastaWithTaxonomyTable) {
  testing::write_text(dir_.file("seqs.fa"), ">f1\n" + sequence(1) + "\n>f2\n" + sequence(2) + "\n");
  testing::write_text(dir_.file("taxonomy.tsv"),
                      "Feature ID\tTaxon\tConfidence\n"
                      "f1\td__Bacteria; p__Firmicutes; c__Bacilli; o__Lactobacillales; f__Lactobacillaceae; g__Limosilactobacillus; s__Limosilactobacillus reuteri\t0.99\n"
                      "f2\td__Bacteria; p__Bacteroidota; c__Bacteroidia; o__Bacteroidales; f__Bacteroidaceae; g__Phocaeicola_A; s__\t0.9\n");
  ReferenceInputs inputs;
  inputs.fasta = {dir_.file("seqs.fa")};
  inputs.taxonomy = dir_.file("taxonomy.tsv");
  const auto database = build(inputs);
  EXPECT_EQ(summary_.format, ReferenceFormat::kQiime);
  EXPECT_EQ(lineage(*database, "Limosilactobacillus reuteri"),
            "d:Bacteria,p:Firmicutes,c:Bacilli,o:Lactobacillales,f:Lactobacillaceae,g:Limosilactobacillus,"
            "s:Limosilactobacillus reuteri");
  EXPECT_EQ(lineage(*database, "Phocaeicola_A"), "d:Bacteria,p:Bacteroidota,c:Bacteroidia,o:Bacteroidales,f:Bacteroidaceae,g:Phocaeicola_A");
}

/// A tiny NCBI taxdump: root 1 > Bacteria 2 > Pseudomonadota 1224 > ... > E. coli 562.
void write_taxdump(const testing::TempDir& dir, bool with_cycle = false) {
  std::filesystem::create_directories(dir.file("taxdump"));
  testing::write_text(dir.file("taxdump/nodes.dmp"),
                      "1\t|\t1\t|\tno rank\t|\n"
                      "131567\t|\t1\t|\tno rank\t|\n"
                      "2\t|\t131567\t|\tsuperkingdom\t|\n"
                      "1224\t|\t2\t|\tphylum\t|\n"
                      "543\t|\t1224\t|\tfamily\t|\n" +
                          std::string(with_cycle ? "561\t|\t562\t|\tgenus\t|\n" : "561\t|\t543\t|\tgenus\t|\n") +
                          "562\t|\t561\t|\tspecies\t|\n");
  testing::write_text(dir.file("taxdump/names.dmp"),
                      "1\t|\troot\t|\t\t|\tscientific name\t|\n"
                      "131567\t|\tcellular organisms\t|\t\t|\tscientific name\t|\n"
                      "2\t|\tBacteria\t|\tBacteria <bacteria>\t|\tscientific name\t|\n"
                      "1224\t|\tPseudomonadota\t|\t\t|\tscientific name\t|\n"
                      "543\t|\tEnterobacteriaceae\t|\t\t|\tscientific name\t|\n"
                      "561\t|\tEscherichia\t|\t\t|\tscientific name\t|\n"
                      "562\t|\tEscherichia coli\t|\t\t|\tscientific name\t|\n"
                      "562\t|\tBacterium coli\t|\t\t|\tsynonym\t|\n");
}

TEST_F(Importers, NcbiTaxdumpKeepsNcbiTaxids) {
  write_taxdump(dir_);
  testing::write_text(dir_.file("lib.fa"), ">seq1|kraken:taxid|562 E. coli 16S\n" + sequence(3) + "\n>seq2 genus-level\n" +
                                               sequence(4) + "\n");
  testing::write_text(dir_.file("seqid2taxid.map"), "seq2\t561\n");
  ReferenceInputs inputs;
  inputs.fasta = {dir_.file("lib.fa")};
  inputs.taxonomy = dir_.file("taxdump");
  inputs.seqid_map = dir_.file("seqid2taxid.map");
  const auto database = build(inputs);
  EXPECT_EQ(summary_.format, ReferenceFormat::kNcbi);
  const auto coli = database->find_by_name("Escherichia coli");
  ASSERT_EQ(coli.size(), 1U);
  EXPECT_EQ(database->external_id(coli[0]), 562U);
  EXPECT_EQ(database->lineage_string(coli[0]), "x:cellular organisms,d:Bacteria,p:Pseudomonadota,f:Enterobacteriaceae,g:Escherichia,s:Escherichia coli");
  EXPECT_EQ(database->external_id(0), 1U);
  EXPECT_EQ(database->reference_count(database->find_by_name("Escherichia").at(0)), 1U);
}

TEST_F(Importers, NcbiCycleAndMissingTaxidAreErrors) {
  write_taxdump(dir_, true);
  testing::write_text(dir_.file("lib.fa"), ">seq1|kraken:taxid|562\n" + sequence(3) + "\n");
  ReferenceInputs inputs;
  inputs.fasta = {dir_.file("lib.fa")};
  inputs.taxonomy = dir_.file("taxdump");
  expect_build_error(inputs, {dir_.file("lib.fa") + ": record 1", "cycle"});

  write_taxdump(dir_);
  testing::write_text(dir_.file("lib.fa"), ">seq1 no taxid anywhere\n" + sequence(3) + "\n");
  expect_build_error(inputs, {dir_.file("lib.fa") + ": record 1", "no taxid"});
}

TEST_F(Importers, RdpTaxonomyWithAParentMissingAboveAnotherTaxonIsAnError) {
  // Bacteria's parent (2) exists, but its own parent (0) does not: walking up
  // from Bacteria must not reach the missing taxon before it is reported.
  testing::write_text(dir_.file("taxonomy.txt"), "5*Root*-1*0*rootrank\n1*Bacteria*2*1*domain\n2*Bacteroidetes*0*2*phylum\n");
  testing::write_text(dir_.file("train.fa"), ">s1\tRoot;Bacteria;Bacteroidetes\n" + sequence(8) + "\n");
  ReferenceInputs inputs;
  inputs.fasta = {dir_.file("train.fa")};
  inputs.taxonomy = dir_.file("taxonomy.txt");
  inputs.format = ReferenceFormat::kRdp;
  expect_build_error(inputs, {dir_.file("taxonomy.txt") + ": taxon 2 (Bacteroidetes) has unknown parent 0"});
}

TEST_F(Importers, OrganismNamesThroughTheRdpTaxonomy) {
  testing::write_text(dir_.file("genbank.fa"),
                      ">gb|DQ801117| Escherichia coli strain K-12 16S ribosomal RNA gene, partial sequence. 1450 bp\n" + sequence(5) +
                          "\n>gb|AB000002| Shigella flexneri 16S ribosomal RNA gene\n" + sequence(6) +
                          "\n>gb|AB000003| Clostridium butyricum gene for 16S rRNA\n" + sequence(7) +
                          "\n>gb|AB000004| Uncultured bacterium clone X 16S ribosomal RNA gene\n" + sequence(8) +
                          "\n>gb|AB000005| Candida albicans 18S ribosomal RNA gene\n" + sequence(9) +
                          "\n>gi|1:1-300 Bacillus sp. 16S rRNA [R=16S] [B/A]\n" + sequence(10) +
                          "\n>gb|AB000007| Lactobacillus reuteri chloroplast 16S\n" + sequence(11) +
                          "\n>gb|AB000008| N.brevicatena gene for 16S ribosomal RNA\n" + sequence(12) + "\n");
  ReferenceInputs inputs;
  inputs.fasta = {dir_.file("genbank.fa")};
  inputs.taxonomy = testing::rdp_file("new_trainset_db_taxid.txt");
  inputs.format = ReferenceFormat::kOrganism;
  const auto database = build(inputs, testing::rdp_file("rrnDBv4.2.2_copynumber.txt"));
  EXPECT_EQ(database->header().reference_count, 4U);
  EXPECT_EQ(lineage(*database, "Escherichia coli").substr(lineage(*database, "Escherichia coli").find("g:")),
            "g:Escherichia/Shigella,s:Escherichia coli");
  EXPECT_EQ(lineage(*database, "Shigella flexneri").substr(lineage(*database, "Shigella flexneri").find("g:")),
            "g:Escherichia/Shigella,s:Shigella flexneri");
  EXPECT_NE(lineage(*database, "Clostridium butyricum").find("g:Clostridium sensu stricto,"), std::string::npos);
  EXPECT_EQ(database->find_by_name("Bacillus sp.").size(), 0U);
  EXPECT_EQ(database->find_by_name("Bacillus").size(), 1U);
  EXPECT_EQ(summary_.dropped.at("uncultured, unidentified or environmental"), 1U);
  EXPECT_EQ(summary_.dropped.at("chloroplast or mitochondrion"), 1U);
  EXPECT_EQ(summary_.dropped.at("abbreviated or malformed genus name"), 1U);
  EXPECT_EQ(summary_.dropped.at("not a 16S gene (18S/23S/28S/5S/LSU/ITS in the defline)"), 1U);
  EXPECT_FLOAT_EQ(database->copy_number(database->find_by_name("Escherichia/Shigella").at(0)), 7.0F);
  EXPECT_FLOAT_EQ(database->copy_number(database->find_by_name("Clostridium sensu stricto").at(0)), 9.66F);
}

TEST_F(Importers, DuplicateIdWithAnotherLineageIsAnError) {
  testing::write_text(dir_.file("dup.fa"), ">a;tax=d:Bacteria,g:Bacillus;\n" + sequence(1) + "\n>a;tax=d:Bacteria,g:Listeria;\n" +
                                               sequence(2) + "\n");
  expect_build_error(ReferenceInputs::from_fasta({dir_.file("dup.fa")}),
                     {dir_.file("dup.fa") + ": record 2", "id 'a' was already used", "record 1"});
}

TEST_F(Importers, IdenticalSequencesOfOneTaxonAreMergedAndPlaceholdersDropped) {
  testing::write_text(dir_.file("r.fa"), ">a;tax=d:Bacteria,f:Bacillaceae,g:Bacillus;\n" + sequence(1) +
                                             "\n>b;tax=d:Bacteria,f:Bacillaceae,g:Bacillus;\n" + sequence(1) +
                                             "\n>c;tax=d:Bacteria,f:Bacillaceae,g:uncultured;\n" + sequence(2) + "\n");
  const auto database = build(ReferenceInputs::from_fasta({dir_.file("r.fa")}));
  EXPECT_EQ(summary_.identical_sequences_merged, 1U);
  EXPECT_EQ(database->header().reference_count, 2U);
  EXPECT_TRUE(database->find_by_name("uncultured").empty());
  EXPECT_EQ(database->reference_count(database->find_by_name("Bacillaceae").at(0)), 1U);  // c, labelled at family
}

TEST_F(Importers, IupacCodesAndLowerCaseAreAccepted) {
  std::string mixed = sequence(1);
  for (std::size_t i = 0; i < mixed.size(); i += 7) mixed[i] = static_cast<char>(std::tolower(mixed[i]));
  mixed[150] = 'R';
  mixed[151] = 'Y';
  testing::write_text(dir_.file("iupac.fa"), ">a;tax=d:Bacteria,g:Bacillus;\n" + mixed + "\n");
  const auto upper = build(ReferenceInputs::from_fasta({dir_.file("iupac.fa")}));
  std::string clean = sequence(1);
  clean[150] = 'N';
  clean[151] = 'N';
  testing::write_text(dir_.file("n.fa"), ">a;tax=d:Bacteria,g:Bacillus;\n" + clean + "\n");
  BuildOptions options;
  options.quiet = true;
  (void)build_database(ReferenceInputs::from_fasta({dir_.file("n.fa")}), options, dir_.file("n.ntdb"));
  const Database with_n(dir_.file("n.ntdb"));
  // Lower case is read as upper case; IUPAC codes break k-mers exactly as N does.
  EXPECT_EQ(upper->header().key_count, with_n.header().key_count);
  EXPECT_GT(upper->header().key_count, 0U);
}

}  // namespace
}  // namespace neurotax::db

namespace neurotax::db {
namespace {

TEST_F(Importers, WrittenReferenceAndExportedTaxdumpRebuildTheSameTaxonomy) {
  std::vector<std::pair<std::string, std::string>> sequences;
  testing::write_text(dir_.file("ref.fa"), testing::synthetic_sintax_reference(sequences));
  BuildOptions options;
  options.quiet = true;
  options.write_reference = dir_.file("labelled.fa.gz");
  (void)build_database(ReferenceInputs::from_fasta({dir_.file("ref.fa")}), options, dir_.file("first.ntdb"));
  const Database first(dir_.file("first.ntdb"));
  write_taxdump(first, dir_.file("taxdump"));
  EXPECT_NE(testing::read_text(dir_.file("taxdump/nodes.dmp")).find("\t|\tsuperkingdom\t|\n"), std::string::npos);

  // The labelled reference is SINTAX with kraken:taxid ids: read it both ways.
  const std::string labelled = testing::read_gzip(dir_.file("labelled.fa.gz"));
  EXPECT_EQ(labelled.rfind(">ref1|kraken:taxid|", 0), 0U) << labelled.substr(0, 80);
  ReferenceInputs as_ncbi;
  as_ncbi.fasta = {dir_.file("labelled.fa.gz")};
  as_ncbi.taxonomy = dir_.file("taxdump");
  as_ncbi.format = ReferenceFormat::kNcbi;
  const auto second = build(as_ncbi);
  for (const char* genus : {"Bacillus", "Virgibacillus", "Enterococcus"}) {
    const auto a = first.find_by_name(genus).at(0);
    const auto b = second->find_by_name(genus).at(0);
    EXPECT_EQ(first.external_id(a), second->external_id(b)) << genus;
    EXPECT_EQ(first.lineage_string(a), second->lineage_string(b)) << genus;
  }
  EXPECT_EQ(first.header().key_count, second->header().key_count);
}

}  // namespace
}  // namespace neurotax::db
