// Kraken 2's per-read output and report, checked byte for byte on known counts.
#include <gtest/gtest.h>

#include "neurotax/db/database.hpp"
#include "neurotax/db/database_builder.hpp"
#include "neurotax/pipeline/kraken_output.hpp"
#include "neurotax/pipeline/kraken_report.hpp"
#include "neurotax/pipeline/taxon_counts.hpp"
#include "test_support.hpp"

namespace neurotax::pipeline {
namespace {

class KrakenFormats : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::pair<std::string, std::string>> sequences;
    database_ = std::make_unique<db::Database>(testing::build_synthetic_database(dir_, sequences));
  }
  std::uint32_t id(const std::string& name) const { return database_->find_by_name(name).at(0); }

  testing::TempDir dir_;
  std::unique_ptr<db::Database> database_;
};

TEST_F(KrakenFormats, ReportMatchesKraken2Layout) {
  TaxonCounts counts(database_->taxon_count());
  counts.unclassified = 5;
  counts.direct[id("Bacillus")] = 6;
  counts.direct[id("Enterococcus")] = 3;
  counts.direct[id("Bacillales")] = 1;
  const std::string expected =
      " 33.33\t5\t5\tU\t0\tunclassified\n"
      " 66.67\t10\t0\tR\t1\troot\n"
      " 66.67\t10\t0\tD\t2\t  Bacteria\n"
      " 66.67\t10\t0\tP\t3\t    Firmicutes\n"
      " 66.67\t10\t0\tC\t4\t      Bacilli\n"
      " 66.67\t10\t1\tO\t5\t        Bacillales\n"
      " 40.00\t6\t0\tF\t6\t          Bacillaceae\n"
      " 40.00\t6\t6\tG\t7\t            Bacillus\n"
      " 20.00\t3\t0\tF\t9\t          Enterococcaceae\n"
      " 20.00\t3\t3\tG\t10\t            Enterococcus\n";
  EXPECT_EQ(format_kraken_report(counts, *database_), expected);
}

TEST_F(KrakenFormats, ZeroCountsAreReportedOnRequest) {
  TaxonCounts counts(database_->taxon_count());
  counts.direct[id("Bacillus")] = 1;
  const std::string report = format_kraken_report(counts, *database_, true);
  EXPECT_NE(report.find("  0.00\t0\t0\tG\t8\t            Virgibacillus\n"), std::string::npos) << report;
  EXPECT_EQ(report.rfind("  0.00\t0\t0\tU\t0\tunclassified\n", 0), 0U) << report;
}

TEST_F(KrakenFormats, PerReadLineForPairsAndUnclassified) {
  Fragment fragment;
  fragment.id = "pair7";
  fragment.mates[0] = std::string(40, 'A');
  fragment.mates[1] = std::string(35, 'C');
  fragment.paired = true;
  kernels::ReadEvidence evidence;
  const std::uint32_t kNotFound = kernels::ReadEvidence::kNotFound;
  const std::uint32_t kAmb = kernels::ReadEvidence::kAmbiguous;
  evidence.add(kNotFound, 1);
  evidence.add(kNotFound, 1);  // merged with the run before
  evidence.add(kAmb, 1);
  evidence.end_mate();
  evidence.add(kNotFound, 2);  // not merged across the mates
  evidence.end_mate();
  ASSERT_EQ(evidence.runs.size(), 3U);
  kernels::ReadCall call;
  std::string line;
  append_kraken_line(line, fragment, call, evidence, *database_, false);
  EXPECT_EQ(line, "U\tpair7\t0\t40|35\t0:2 A:1 |:| 0:2\n");
  line.clear();
  call.taxon = id("Bacillus");
  append_kraken_line(line, fragment, call, evidence, *database_, true);
  EXPECT_EQ(line, "C\tpair7\tBacillus (taxid 7)\t40|35\t0:2 A:1 |:| 0:2\n");
  line.clear();
  fragment.paired = false;
  evidence.clear();
  evidence.end_mate();
  append_kraken_line(line, fragment, kernels::ReadCall{}, evidence, *database_, false);
  EXPECT_EQ(line, "U\tpair7\t0\t40\t0:0\n");
}

TEST_F(KrakenFormats, PerReadFilesAreCountedBack) {
  testing::write_text(dir_.file("reads.kraken"),
                      "C\tr1\t7\t250\t7:10\nC\tr2\tEnterococcus (taxid 10)\t250|250\t10:3 |:| 10:4\nU\tr3\t0\t250\t0:220\n");
  const TaxonCounts counts = count_per_read_file(dir_.file("reads.kraken"), *database_);
  EXPECT_EQ(counts.direct[id("Bacillus")], 1U);
  EXPECT_EQ(counts.direct[id("Enterococcus")], 1U);
  EXPECT_EQ(counts.unclassified, 1U);

  testing::write_text(dir_.file("other.kraken"), "C\tr1\t7\t250\t7:10\nC\tr2\t987654\t250\t0:1\n");
  try {
    (void)count_per_read_file(dir_.file("other.kraken"), *database_);
    FAIL();
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("line 2: taxid 987654 is not in database"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace neurotax::pipeline
