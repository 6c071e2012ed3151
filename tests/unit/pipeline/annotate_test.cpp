#include "neurotax/pipeline/annotate.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "neurotax/common/errors.hpp"
#include "test_support.hpp"

namespace neurotax::pipeline {
namespace {

using kernels::Rank;

ProfileEntry entry(std::uint32_t taxid, Rank rank, std::string name, std::vector<std::string> ancestors,
                   std::uint64_t reads, std::uint64_t called_here, double cell_fraction = -1) {
  ProfileEntry e;
  e.taxid = taxid;
  e.rank = rank;
  e.name = std::move(name);
  e.ancestors = std::move(ancestors);
  e.reads = reads;
  e.called_here = called_here;
  e.read_fraction = static_cast<double>(reads) / 1000.0;
  if (cell_fraction >= 0) e.cell_fraction = cell_fraction;
  return e;
}

const std::vector<std::string> kEnterobacteria = {"Bacteria", "Proteobacteria", "Gammaproteobacteria",
                                                  "Enterobacterales", "Enterobacteriaceae"};

TaxonProfile community() {
  TaxonProfile profile;
  profile.sample = "mock";
  profile.fraction_basis = "test reads";
  profile.entries = {
      entry(2, Rank::kFamily, "Enterobacteriaceae", {"Bacteria", "Proteobacteria", "Gammaproteobacteria", "Enterobacterales"}, 350, 50),
      entry(3, Rank::kGenus, "Escherichia/Shigella", kEnterobacteria, 300, 300, 0.25),  // RDP's name
      entry(4, Rank::kGenus, "Bacteroides", {"Bacteria", "Bacteroidetes", "Bacteroidia", "Bacteroidales", "Bacteroidaceae"}, 400, 400, 0.5),
      entry(5, Rank::kGenus, "Faecalibacterium_A", {"Bacteria", "Firmicutes", "Clostridia", "Oscillospirales", "Ruminococcaceae"}, 100, 100, 0.05),
      entry(6, Rank::kGenus, "Thermus", {"Bacteria", "Deinococcota"}, 100, 100, 0.2),
  };
  return profile;
}

const CompoundSummary* summary_of(const Annotation& annotation, const std::string& compound, const std::string& relation) {
  for (const auto& s : annotation.compounds)
    if (s.compound == compound && s.relation == relation) return &s;
  return nullptr;
}

TEST(Annotate, KnownProducersGiveKnownFlagsAndSums) {
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(db::KnowledgeBase::default_directory());
  const TaxonProfile profile = community();
  const Annotation annotation = annotate(profile, knowledge, 0.0);
  const CompoundSummary* gaba = summary_of(annotation, "gaba", "produces");
  ASSERT_NE(gaba, nullptr);
  EXPECT_NEAR(gaba->read_fraction, 0.7, 1e-9);  // Escherichia 0.3 + Bacteroides 0.4
  ASSERT_TRUE(gaba->cell_fraction.has_value());
  EXPECT_NEAR(*gaba->cell_fraction, 0.75, 1e-9);
  EXPECT_EQ(gaba->taxa, (std::vector<std::string>{"Bacteroides", "Escherichia/Shigella"}));
  const CompoundSummary* butyrate = summary_of(annotation, "butyrate", "produces");
  ASSERT_NE(butyrate, nullptr);
  EXPECT_NEAR(butyrate->read_fraction, 0.1, 1e-9);
  for (const FactMatch& match : annotation.matches) EXPECT_NE(match.taxon->name, "Thermus");
}

TEST(Annotate, NamesResolveAcrossReferencesAndRenames) {
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(db::KnowledgeBase::default_directory());
  const TaxonProfile profile = community();
  const Annotation annotation = annotate(profile, knowledge, 0.0);
  bool synonym_seen = false, normalised_seen = false;
  for (const FactMatch& match : annotation.matches) {
    synonym_seen |= match.taxon->name == "Escherichia/Shigella" && match.fact->taxon == "Escherichia" &&
                    match.how.starts_with("synonym (Escherichia/Shigella -> Escherichia") && !match.possible;
    normalised_seen |= match.taxon->name == "Faecalibacterium_A" && match.how.starts_with("normalised") && !match.possible;
  }
  EXPECT_TRUE(synonym_seen);
  EXPECT_TRUE(normalised_seen);

  // The reverse direction: a row written under an old name matches the new name in a profile.
  testing::TempDir dir;
  testing::write_text(dir.file("old.tsv"),
                      "taxon\trank\tcompound\trelation\tmechanism\tevidence\tscope\tsource\tnote\n"
                      "Shigella\tgenus\thistamine\tproduces\ttest row\tculture\tsome_strains\tdoi:10.1234/test\t\n");
  const db::KnowledgeBase extended = db::KnowledgeBase::load(db::KnowledgeBase::default_directory(), {dir.file("old.tsv")});
  TaxonProfile escherichia;
  escherichia.entries = {entry(9, Rank::kGenus, "Escherichia", kEnterobacteria, 100, 100)};
  const Annotation reverse = annotate(escherichia, extended, 0.0);
  bool reverse_seen = false;
  for (const FactMatch& match : reverse.matches)
    reverse_seen |= match.fact->taxon == "Shigella" && match.how.starts_with("synonym (Escherichia <- Shigella");
  EXPECT_TRUE(reverse_seen);
}

TEST(Annotate, RenamedGutGeneraMatchUnderEveryReferencesName) {
  // Agathobacter (butyrate) and Mediterraneibacter (tryptamine) rows, reached
  // from an old NCBI species, SILVA's group label and GTDB's suffixed name.
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(db::KnowledgeBase::default_directory());
  const std::vector<std::string> lachno = {"Bacteria", "Firmicutes", "Clostridia", "Lachnospirales", "Lachnospiraceae"};
  std::vector<std::string> eubacterium = lachno, ruminococcus_b = lachno;
  eubacterium.push_back("Eubacterium");
  ruminococcus_b.push_back("Ruminococcus_B");
  TaxonProfile profile;
  profile.entries = {entry(1, Rank::kGenus, "Eubacterium", lachno, 200, 0),
                     entry(2, Rank::kSpecies, "Eubacterium rectale", eubacterium, 200, 200),
                     entry(3, Rank::kGenus, "[Ruminococcus] gnavus group", lachno, 100, 100),
                     entry(4, Rank::kGenus, "Ruminococcus_B", lachno, 50, 0),
                     entry(5, Rank::kSpecies, "Ruminococcus_B gnavus", ruminococcus_b, 50, 50)};
  const Annotation annotation = annotate(profile, knowledge, 0.0);
  const auto how = [&](const std::string& taxon, const std::string& kb_taxon, const std::string& compound) -> const FactMatch* {
    for (const FactMatch& match : annotation.matches)
      if (match.taxon->name == taxon && match.fact->taxon == kb_taxon && match.fact->compound == compound) return &match;
    return nullptr;
  };
  const FactMatch* rectale = how("Eubacterium rectale", "Agathobacter", "butyrate");
  ASSERT_NE(rectale, nullptr);
  EXPECT_FALSE(rectale->possible);
  EXPECT_EQ(rectale->how, "species-to-genus (synonym (Eubacterium rectale -> Agathobacter rectalis, reclassification); genus Agathobacter)");
  const FactMatch* group = how("[Ruminococcus] gnavus group", "Mediterraneibacter", "tryptamine");
  ASSERT_NE(group, nullptr);
  EXPECT_FALSE(group->possible);
  EXPECT_TRUE(group->how.starts_with("synonym ([Ruminococcus] gnavus group -> Mediterraneibacter, reference_style)")) << group->how;
  const FactMatch* gtdb = how("Ruminococcus_B gnavus", "Mediterraneibacter", "tryptamine");
  ASSERT_NE(gtdb, nullptr);
  EXPECT_FALSE(gtdb->possible);
  EXPECT_TRUE(gtdb->how.starts_with("species-to-genus (synonym (Ruminococcus_B gnavus -> Mediterraneibacter gnavus")) << gtdb->how;
  // The old genus as a whole is only possibly Agathobacter: other Eubacterium stayed.
  const FactMatch* old_genus = how("Eubacterium", "Agathobacter", "butyrate");
  ASSERT_NE(old_genus, nullptr);
  EXPECT_TRUE(old_genus->possible);
  const CompoundSummary* tryptamine = summary_of(annotation, "tryptamine", "produces");
  ASSERT_NE(tryptamine, nullptr);
  EXPECT_NEAR(tryptamine->read_fraction, 0.15, 1e-9);  // the group label 0.1 + the GTDB species 0.05
}

TEST(Annotate, SplitGeneraAndReadsAboveGenusAreOnlyPossible) {
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(db::KnowledgeBase::default_directory());
  TaxonProfile profile = community();
  profile.entries.push_back(entry(7, Rank::kGenus, "Lactobacillus", {"Bacteria", "Firmicutes", "Bacilli", "Lactobacillales", "Lactobacillaceae"}, 50, 50));
  const Annotation annotation = annotate(profile, knowledge, 0.0);
  bool split_seen = false, family_seen = false;
  for (const FactMatch& match : annotation.matches) {
    if (match.taxon->name == "Lactobacillus" && match.fact->taxon == "Limosilactobacillus") {
      split_seen = true;
      EXPECT_TRUE(match.possible);
      EXPECT_NE(match.how.find("was split"), std::string::npos) << match.how;
    }
    if (match.taxon->name == "Enterobacteriaceae") {
      family_seen = true;
      EXPECT_TRUE(match.possible);
      EXPECT_NEAR(match.read_fraction, 0.05, 1e-9);  // the 50 reads called at the family
    }
  }
  EXPECT_TRUE(split_seen);
  EXPECT_TRUE(family_seen);
  // Possible taxa are reported beside the sums, never in them (the knowledge
  // base's own Lactobacillus GABA row is a certain match: 0.3 + 0.4 + 0.05).
  const CompoundSummary* gaba = summary_of(annotation, "gaba", "produces");
  ASSERT_NE(gaba, nullptr);
  EXPECT_NEAR(gaba->read_fraction, 0.75, 1e-9);
  EXPECT_NE(std::find(gaba->possible_taxa.begin(), gaba->possible_taxa.end(), "Enterobacteriaceae"), gaba->possible_taxa.end());
}

TEST(Annotate, ZymoMockFlagsItsKnownProducers) {
  // The ZymoBIOMICS community as a profile at genus level, named as the
  // default database (RDP taxonomy) names it.
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(db::KnowledgeBase::default_directory());
  TaxonProfile zymo;
  const std::vector<std::string> firmicutes = {"Bacteria", "Firmicutes", "Bacilli"};
  zymo.entries = {entry(1, Rank::kGenus, "Bacillus", firmicutes, 174, 174),
                  entry(2, Rank::kGenus, "Listeria", firmicutes, 141, 141),
                  entry(3, Rank::kGenus, "Staphylococcus", firmicutes, 155, 155),
                  entry(4, Rank::kGenus, "Enterococcus", firmicutes, 99, 99),
                  entry(5, Rank::kGenus, "Lactobacillus", firmicutes, 184, 184),
                  entry(6, Rank::kGenus, "Salmonella", kEnterobacteria, 104, 104),
                  entry(7, Rank::kGenus, "Escherichia/Shigella", kEnterobacteria, 101, 101),
                  entry(8, Rank::kGenus, "Pseudomonas", {"Bacteria", "Proteobacteria"}, 42, 42)};
  const Annotation annotation = annotate(zymo, knowledge, 0.0);
  std::set<std::string> flagged;
  for (const FactMatch& match : annotation.matches) flagged.insert(match.taxon->name);
  for (const char* genus : {"Bacillus", "Escherichia/Shigella", "Lactobacillus", "Enterococcus"})
    EXPECT_TRUE(flagged.count(genus)) << genus << " is not flagged";
  // Catecholamine producers reported only through a review table, graded D;
  // contributing taxa come by abundance.
  const CompoundSummary* dopamine = summary_of(annotation, "dopamine", "produces");
  ASSERT_NE(dopamine, nullptr);
  EXPECT_EQ(dopamine->taxa, (std::vector<std::string>{"Bacillus", "Staphylococcus", "Escherichia/Shigella"}));
  EXPECT_NEAR(dopamine->read_fraction, 0.174 + 0.155 + 0.101, 1e-9);
  const auto bacillus = std::find_if(annotation.matches.begin(), annotation.matches.end(), [](const FactMatch& match) {
    return match.fact->compound == "dopamine" && match.fact->relation == "produces" && match.taxon->name == "Bacillus";
  });
  ASSERT_NE(bacillus, annotation.matches.end());
  EXPECT_EQ(bacillus->fact->grade, 'D');
}

TEST(Annotate, CohortAssociationsAreHostPhenotypesNotCompounds) {
  // Valles-Colomer 2019: Coprococcus and Dialister depleted in depression.
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(db::KnowledgeBase::default_directory());
  TaxonProfile profile;
  const std::vector<std::string> firmicutes = {"Bacteria", "Firmicutes"};
  profile.entries = {entry(1, Rank::kGenus, "Dialister", firmicutes, 30, 30),
                     entry(2, Rank::kGenus, "Coprococcus", firmicutes, 20, 20),
                     entry(3, Rank::kGenus, "Thermus", {"Bacteria", "Deinococcota"}, 950, 950)};
  const Annotation annotation = annotate(profile, knowledge, 0.0);
  const CompoundSummary* depression = summary_of(annotation, "depression", "human_association");
  ASSERT_NE(depression, nullptr);
  EXPECT_EQ(depression->taxa, (std::vector<std::string>{"Dialister", "Coprococcus"}));
  EXPECT_NEAR(depression->read_fraction, 0.05, 1e-9);
  const nlohmann::json json = nlohmann::json::parse(format_annotation_json(annotation, knowledge));
  bool phenotype_seen = false;
  for (const auto& compound : json.at("compounds"))
    if (compound.at("compound") == "depression") {
      EXPECT_EQ(compound.at("compound_class"), "host_phenotype");
      EXPECT_EQ(compound.at("ontology_id"), "MONDO:0002050");
      phenotype_seen = true;
    }
  EXPECT_TRUE(phenotype_seen);
}

TEST(Annotate, MinAbundanceDropsRareTaxa) {
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(db::KnowledgeBase::default_directory());
  const TaxonProfile profile = community();
  const Annotation annotation = annotate(profile, knowledge, 0.35);
  for (const FactMatch& match : annotation.matches) EXPECT_EQ(match.taxon->name, "Bacteroides");
  EXPECT_FALSE(annotation.matches.empty());
}

TEST(Annotate, OutputsCarryTheDisclaimerAndSourcesAndMergeAcrossSamples) {
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

  testing::TempDir dir;
  testing::write_text(dir.file("a.tsv"), format_compound_summary_tsv(annotation));
  TaxonProfile other = community();
  other.sample = "other";
  other.entries.erase(other.entries.begin() + 2);  // no Bacteroides
  testing::write_text(dir.file("b.tsv"), format_compound_summary_tsv(annotate(other, knowledge, 0.0)));
  const std::string matrix = merge_compound_summaries({dir.file("a.tsv"), dir.file("b.tsv")});
  EXPECT_NE(matrix.find("compound\trelation\tmock\tother\n"), std::string::npos) << matrix;
  EXPECT_NE(matrix.find("gaba\tproduces\t0.700000\t0.300000\n"), std::string::npos) << matrix;
  EXPECT_THROW((void)merge_compound_summaries({dir.file("a.tsv"), dir.file("a.tsv")}), InputError);
}

}  // namespace
}  // namespace neurotax::pipeline
