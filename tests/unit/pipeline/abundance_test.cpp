// Abundance: re-estimation on mixes with known truth, copy-number correction,
// diversity, and the formats Bracken, KrakenTools, Krona and BIOM users read.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "neurotax/common/errors.hpp"
#include "neurotax/db/database.hpp"
#include "neurotax/db/database_builder.hpp"
#include "neurotax/pipeline/abundance.hpp"
#include "neurotax/pipeline/diversity.hpp"
#include "neurotax/pipeline/reestimation.hpp"
#include "neurotax/pipeline/sample_merge.hpp"
#include "test_support.hpp"

namespace neurotax::pipeline {
namespace {

TEST(AmbiguousReads, CountsEachGroupOnceAndListsThemInKeyOrder) {
  AmbiguousReads reads;
  reads.add(7, {{3, 1000}, {4, 500}});
  reads.add(5, {});
  reads.add(7, {{3, 1000}, {4, 500}}, 2);
  reads.add(7, {{3, 1000}, {4, 499}});  // another weight: another group
  reads.add(7, {{3, 1000}});
  const std::vector<AmbiguousReads::Group> groups = reads.groups();
  ASSERT_EQ(groups.size(), 4U);
  EXPECT_EQ(groups[0].call, 5U);
  EXPECT_TRUE(groups[0].candidates.empty());
  EXPECT_EQ(groups[1].candidates.size(), 1U);
  EXPECT_EQ(groups[2].candidates[1].weight, 499U);
  EXPECT_EQ(groups[3].candidates[1].weight, 500U);
  EXPECT_EQ(groups[3].reads, 3U);
}

TEST(AmbiguousReads, MergingTablesAddsTheirGroupsWhateverTheirSize) {
  // Enough groups to make both tables grow several times.
  AmbiguousReads first;
  AmbiguousReads second;
  for (std::uint32_t n = 0; n < 5000; ++n) {
    first.add(n % 97, {{n, 1000}});
    if (n % 2 == 0) second.add(n % 97, {{n, 1000}}, 10);
  }
  second.add(100000, {});
  first.merge(second);
  const std::vector<AmbiguousReads::Group> groups = first.groups();
  ASSERT_EQ(groups.size(), 5001U);
  std::uint64_t total = 0;
  const auto key = [](const AmbiguousReads::Group& group) {
    return std::pair(group.call, group.candidates.empty() ? 0U : group.candidates[0].taxon);
  };
  for (std::size_t g = 0; g < groups.size(); ++g) {
    total += groups[g].reads;
    if (g > 0) {
      EXPECT_LT(key(groups[g - 1]), key(groups[g]));
    }
    if (groups[g].call == 100000) continue;
    EXPECT_EQ(groups[g].reads, groups[g].candidates[0].taxon % 2 == 0 ? 11U : 1U);
  }
  EXPECT_EQ(total, 5000U + 2500U * 10 + 1);
}

class Abundance : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::pair<std::string, std::string>> sequences;
    testing::write_text(dir_.file("ref.fa"), testing::synthetic_sintax_reference(sequences));
    // rrnDB-style copy numbers for two of the three genera.
    testing::write_text(dir_.file("copies.tsv"),
                        "rank\tname\tchildcount\tmin\tmax\tmode\tmedian\tmean\tstddev\n"
                        "genus\tBacillus\t3\t8\t12\t\t\t10.0\t1.0\n"
                        "genus\tVirgibacillus\t1\t6\t6\t\t\t6.0\t0.0\n");
    db::BuildOptions options;
    options.quiet = true;
    options.copy_numbers = dir_.file("copies.tsv");
    (void)db::build_database(db::ReferenceInputs::from_fasta({dir_.file("ref.fa")}), options, dir_.file("ref.ntdb"));
    database_ = std::make_unique<db::Database>(dir_.file("ref.ntdb"));
  }
  std::uint32_t id(const std::string& name) const { return database_->find_by_name(name).at(0); }
  const AbundanceRow& row(const SampleAbundance& abundance, const std::string& name) const {
    for (const auto& r : abundance.rows)
      if (r.name == name) return r;
    throw std::runtime_error("no row " + name);
  }

  testing::TempDir dir_;
  std::unique_ptr<db::Database> database_;
};

TEST_F(Abundance, ReadsAboveGenusGoWhereTheirHitsPoint) {
  // The classifier called 40 Bacillus, 20 Virgibacillus and 10 Enterococcus
  // reads; 30 stopped at Bacillaceae (20 with hits in both genera, 10 with no
  // genus hit) and 10 at Bacillales with hits in Virgibacillus only.
  TaxonCounts counts(database_->taxon_count());
  const auto& taxonomy = database_->taxonomy();
  for (int i = 0; i < 40; ++i) counts.add_read(id("Bacillus"), std::vector{id("Bacillus")}, taxonomy);
  for (int i = 0; i < 20; ++i) counts.add_read(id("Virgibacillus"), std::vector{id("Virgibacillus")}, taxonomy);
  for (int i = 0; i < 10; ++i) counts.add_read(id("Enterococcus"), std::vector{id("Enterococcus")}, taxonomy);
  for (int i = 0; i < 20; ++i)
    counts.add_read(id("Bacillaceae"), std::vector{id("Bacillus"), id("Virgibacillus"), id("Bacillaceae")}, taxonomy);
  for (int i = 0; i < 10; ++i) counts.add_read(id("Bacillaceae"), std::vector{id("Bacillaceae")}, taxonomy);
  for (int i = 0; i < 10; ++i) counts.add_read(id("Bacillales"), std::vector{id("Virgibacillus"), id("Bacillales")}, taxonomy);

  const SampleAbundance abundance = estimate_abundance(counts, *database_, "mix", {});
  ASSERT_EQ(abundance.rows.size(), 3U);
  // Virgibacillus takes the 10 reads only it was hit by; the 30 others split
  // in proportion to the abundances they produce: B = 40 + 30 B / 100.
  EXPECT_EQ(row(abundance, "Bacillus").assigned, 40U);
  EXPECT_EQ(row(abundance, "Bacillus").estimated + row(abundance, "Virgibacillus").estimated, 100U);
  EXPECT_NEAR(static_cast<double>(row(abundance, "Bacillus").estimated), 400.0 / 7.0, 1.0);
  EXPECT_NEAR(static_cast<double>(row(abundance, "Virgibacillus").estimated), 300.0 / 7.0, 1.0);
  EXPECT_EQ(row(abundance, "Enterococcus").estimated, 10U);
  EXPECT_EQ(abundance.unresolved_reads, 0U);
  double sum = 0;
  for (const auto& r : abundance.rows) sum += r.read_fraction;
  EXPECT_NEAR(sum, 1.0, 1e-9);
}

TEST_F(Abundance, ReadsAboveGenusLeanTowardsTheClassifiersBestGenus) {
  // 20 reads stopped at Bacillaceae: Bacillus beat Virgibacillus in 70% of
  // bootstrap rounds, and a weaker third clade in 70%, so the confidence is
  // 0.49. The head-to-head odds to the fourth power, not the confidence and
  // 1 - confidence, weigh the two: 0.7^4 : 0.3^4 = 0.967 : 0.033, so
  // B = 10 + x with x = 20 * 0.967 B / (0.967 B + 0.033 V) = 19.77
  // (0.49 : 0.51 would have given x = 9.60).
  TaxonCounts counts(database_->taxon_count());
  const auto& taxonomy = database_->taxonomy();
  for (int i = 0; i < 10; ++i) counts.add_read(id("Bacillus"), std::vector{id("Bacillus")}, taxonomy);
  for (int i = 0; i < 10; ++i) counts.add_read(id("Virgibacillus"), std::vector{id("Virgibacillus")}, taxonomy);
  kernels::ReadCall call;
  const auto genus = rank_index_of(EstimationLevel::kGenus);
  call.taxon = id("Bacillaceae");
  call.lineage[genus] = {id("Bacillus"), 0.49F, id("Virgibacillus"), 0.7F};
  std::vector<Candidate> weights;
  classifier_candidates(call.lineage[genus], weights);
  ASSERT_EQ(weights.size(), 2U);
  for (const Candidate& candidate : weights)
    EXPECT_EQ(candidate.weight, candidate.taxon == id("Bacillus") ? 967U : 33U);
  for (int i = 0; i < 20; ++i) counts.add_read(call.taxon, {}, taxonomy, &call);

  const SampleAbundance abundance = estimate_abundance(counts, *database_, "lean", {});
  EXPECT_EQ(row(abundance, "Bacillus").estimated, 30U);  // 29.77 rounded
  EXPECT_EQ(row(abundance, "Virgibacillus").estimated, 10U);
}

TEST_F(Abundance, CellFractionsDivideByCopyNumber) {
  TaxonCounts counts(database_->taxon_count());
  const auto& taxonomy = database_->taxonomy();
  for (int i = 0; i < 100; ++i) counts.add_read(id("Bacillus"), std::vector{id("Bacillus")}, taxonomy);
  for (int i = 0; i < 60; ++i) counts.add_read(id("Virgibacillus"), std::vector{id("Virgibacillus")}, taxonomy);
  for (int i = 0; i < 40; ++i) counts.add_read(id("Enterococcus"), std::vector{id("Enterococcus")}, taxonomy);
  const SampleAbundance abundance = estimate_abundance(counts, *database_, "cells", {});
  // 100/10 : 60/6 : 40/8 (Enterococcus takes the mean of its ancestors' known genera: 8)
  EXPECT_DOUBLE_EQ(row(abundance, "Bacillus").copy_number, 10.0);
  EXPECT_FALSE(row(abundance, "Bacillus").copy_number_inferred);
  EXPECT_DOUBLE_EQ(row(abundance, "Enterococcus").copy_number, 8.0);
  EXPECT_TRUE(row(abundance, "Enterococcus").copy_number_inferred);
  EXPECT_NEAR(row(abundance, "Bacillus").cell_fraction, 10.0 / 25.0, 1e-9);
  EXPECT_NEAR(row(abundance, "Virgibacillus").cell_fraction, 10.0 / 25.0, 1e-9);
  EXPECT_NEAR(row(abundance, "Enterococcus").cell_fraction, 5.0 / 25.0, 1e-9);
  EXPECT_NEAR(row(abundance, "Bacillus").read_fraction, 0.5, 1e-9);
}

TEST_F(Abundance, BrackenTableAndMpaReportAreExact) {
  TaxonCounts counts(database_->taxon_count());
  const auto& taxonomy = database_->taxonomy();
  for (int i = 0; i < 3; ++i) counts.add_read(id("Bacillus"), std::vector{id("Bacillus")}, taxonomy);
  counts.add_read(id("Enterococcus"), std::vector{id("Enterococcus")}, taxonomy);
  counts.add_read(kernels::kNoTaxon, {}, taxonomy);
  const SampleAbundance abundance = estimate_abundance(counts, *database_, "s", {});
  EXPECT_EQ(format_bracken(abundance),
            "name\ttaxonomy_id\ttaxonomy_lvl\tkraken_assigned_reads\tadded_reads\tnew_est_reads\tfraction_total_reads\n"
            "Bacillus\t7\tG\t3\t0\t3\t0.75000\n"
            "Enterococcus\t10\tG\t1\t0\t1\t0.25000\n");
  EXPECT_EQ(format_mpa(counts, *database_),
            "d__Bacteria\t4\n"
            "d__Bacteria|p__Firmicutes\t4\n"
            "d__Bacteria|p__Firmicutes|c__Bacilli\t4\n"
            "d__Bacteria|p__Firmicutes|c__Bacilli|o__Bacillales\t4\n"
            "d__Bacteria|p__Firmicutes|c__Bacilli|o__Bacillales|f__Bacillaceae\t3\n"
            "d__Bacteria|p__Firmicutes|c__Bacilli|o__Bacillales|f__Bacillaceae|g__Bacillus\t3\n"
            "d__Bacteria|p__Firmicutes|c__Bacilli|o__Bacillales|f__Enterococcaceae\t1\n"
            "d__Bacteria|p__Firmicutes|c__Bacilli|o__Bacillales|f__Enterococcaceae|g__Enterococcus\t1\n");
  EXPECT_EQ(format_krona(abundance),
            "3\tBacteria\tFirmicutes\tBacilli\tBacillales\tBacillaceae\tBacillus\n"
            "1\tBacteria\tFirmicutes\tBacilli\tBacillales\tEnterococcaceae\tEnterococcus\n"
            "1\tUnclassified\n");
}

// Found by fuzz_report (tests/fuzz/regressions/fuzz_report/bad-reads): a
// header number that is not one escaped as std::invalid_argument("stoull").
TEST_F(Abundance, BadHeaderNumbersNameFileAndLine) {
  TaxonCounts counts(database_->taxon_count());
  counts.add_read(id("Bacillus"), std::vector{id("Bacillus")}, database_->taxonomy());
  std::string table = format_abundance_table(estimate_abundance(counts, *database_, "a", {}));
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"\treads=1", "\treads=x1"},
                                 {"\tlevel=genus", "\tlevel=phylum"}}) {
    std::string bad = table;
    bad.replace(bad.find(from), from.size(), to);
    testing::write_text(dir_.file("bad.tsv"), bad);
    try {
      (void)read_abundance_table(dir_.file("bad.tsv"));
      FAIL() << "accepted " << to;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(dir_.file("bad.tsv") + ": line 1: bad "), std::string::npos) << error.what();
    }
  }
}

TEST_F(Abundance, TableRoundTripsAndMergesIntoBiom) {
  TaxonCounts first(database_->taxon_count()), second(database_->taxon_count());
  const auto& taxonomy = database_->taxonomy();
  for (int i = 0; i < 5; ++i) first.add_read(id("Bacillus"), std::vector{id("Bacillus")}, taxonomy);
  for (int i = 0; i < 2; ++i) second.add_read(id("Enterococcus"), std::vector{id("Enterococcus")}, taxonomy);
  second.add_read(id("Bacillus"), std::vector{id("Bacillus")}, taxonomy);
  testing::write_text(dir_.file("a.tsv"), format_abundance_table(estimate_abundance(first, *database_, "a", {})));
  testing::write_text(dir_.file("b.tsv"), format_abundance_table(estimate_abundance(second, *database_, "b", {})));
  const SampleAbundance a = read_abundance_table(dir_.file("a.tsv"));
  EXPECT_EQ(a.sample, "a");
  ASSERT_EQ(a.rows.size(), 1U);
  EXPECT_EQ(a.rows[0].lineage.back(), (std::pair<char, std::string>{'g', "Bacillus"}));
  const MergedTable table = merge_samples({a, read_abundance_table(dir_.file("b.tsv"))},
                                          {dir_.file("a.tsv"), dir_.file("b.tsv")}, std::nullopt, 1);
  EXPECT_EQ(format_merged_tsv(table),
            "taxid\tname\tlineage\ta\tb\n"
            "7\tBacillus\td__Bacteria;p__Firmicutes;c__Bacilli;o__Bacillales;f__Bacillaceae;g__Bacillus\t5\t1\n"
            "10\tEnterococcus\td__Bacteria;p__Firmicutes;c__Bacilli;o__Bacillales;f__Enterococcaceae;g__Enterococcus\t0\t2\n");
  const std::string biom = format_biom(table, "2026-01-01T00:00:00Z");
  EXPECT_NE(biom.find("\"shape\":[2,2]"), std::string::npos) << biom;
  EXPECT_NE(biom.find("\"data\":[[0,0,5],[0,1,1],[1,1,2]]"), std::string::npos) << biom;
  EXPECT_NE(biom.find("\"k__Bacteria\""), std::string::npos);
}

TEST_F(Abundance, SamplesOfDifferentDatabasesDoNotMerge) {
  TaxonCounts counts(database_->taxon_count());
  counts.add_read(id("Bacillus"), std::vector{id("Bacillus")}, database_->taxonomy());
  SampleAbundance a = estimate_abundance(counts, *database_, "a", {});
  SampleAbundance b = a;
  b.sample = "b";
  b.database_checksum = "0123456789abcdef";
  try {
    (void)merge_samples({a, b}, {"a.tsv", "b.tsv"}, std::nullopt, 1);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("b.tsv: made with database"), std::string::npos) << error.what();
  }
  b.database_checksum = a.database_checksum;
  b.sample = "a";
  EXPECT_THROW((void)merge_samples({a, b}, {"a.tsv", "b.tsv"}, std::nullopt, 1), InputError);
}

TEST_F(Abundance, SpeciesLevelNeedsSpecies) {
  TaxonCounts counts(database_->taxon_count());
  AbundanceOptions options;
  options.level = EstimationLevel::kSpecies;
  EXPECT_THROW((void)estimate_abundance(counts, *database_, "s", options), UsageError);
}

TEST_F(Abundance, EmptySampleGivesEmptyProfile) {
  TaxonCounts counts(database_->taxon_count());
  const SampleAbundance abundance = estimate_abundance(counts, *database_, "empty", {});
  EXPECT_TRUE(abundance.rows.empty());
  EXPECT_EQ(abundance.alpha.observed, 0U);
  EXPECT_EQ(format_bracken(abundance).find('\n'), format_bracken(abundance).size() - 1);
}

TEST(Diversity, KnownValues) {
  const std::vector<std::uint64_t> even = {5, 5};
  const AlphaDiversity two = alpha_diversity(even, std::nullopt, 1);
  EXPECT_EQ(two.observed, 2U);
  EXPECT_NEAR(two.shannon, std::log(2.0), 1e-12);
  EXPECT_NEAR(two.simpson, 0.5, 1e-12);
  const std::vector<std::uint64_t> rare = {10, 1, 1, 2};  // F1 = 2, F2 = 1
  EXPECT_NEAR(alpha_diversity(rare, std::nullopt, 1).chao1, 4 + 2.0 * 1.0 / (2.0 * 2.0), 1e-12);
}

TEST(Diversity, RarefactionIsExactAndDeterministic) {
  const std::vector<std::uint64_t> counts = {500, 300, 150, 50};
  const auto first = rarefy(counts, 100, 42);
  EXPECT_EQ(std::accumulate(first.begin(), first.end(), std::uint64_t{0}), 100U);
  EXPECT_EQ(first, rarefy(counts, 100, 42));
  for (std::size_t i = 0; i < counts.size(); ++i) EXPECT_LE(first[i], counts[i]);
  const AlphaDiversity alpha = alpha_diversity(counts, 100, 42);
  ASSERT_TRUE(alpha.rarefied_to.has_value());
  EXPECT_EQ(alpha.depth, 100U);
}

}  // namespace
}  // namespace neurotax::pipeline
