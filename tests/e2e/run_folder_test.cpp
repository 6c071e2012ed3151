// Whole sequencing runs: run folders by Illumina's naming, sample sheets,
// per-sample outputs from one database load, failures that let the others
// go on, and resuming.
#include <gtest/gtest.h>

#include <thread>

#include "neurotax/pipeline/run_folder.hpp"
#include "test_support.hpp"

namespace neurotax {
namespace {

using testing::run_neurotax;

class RunFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::build_synthetic_database(dir_, sequences_);
    std::filesystem::create_directories(dir_.file("run"));
  }
  /// A FASTQ pair of `count` fragments cut from reference `reference`.
  void write_pair(const std::string& r1, const std::string& r2, std::size_t reference, int count) {
    testing::write_fragment_pairs(r1, r2, sequences_[reference].second, "r" + std::to_string(reference), count);
  }
  std::vector<std::vector<std::string>> summary(const std::string& outdir) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& line : testing::split_lines(testing::read_text(outdir + "/run_summary.tsv")))
      rows.push_back(testing::split(line, '\t'));
    return rows;
  }

  testing::TempDir dir_;
  std::vector<std::pair<std::string, std::string>> sequences_;
  std::string database_;
};

TEST_F(RunFolder, IlluminaNamesLanesAndUndetermined) {
  write_pair(dir_.file("run/alpha_S1_L001_R1_001.fastq.gz"), dir_.file("run/alpha_S1_L001_R2_001.fastq.gz"), 0, 5);
  write_pair(dir_.file("run/alpha_S1_L002_R1_001.fastq.gz"), dir_.file("run/alpha_S1_L002_R2_001.fastq.gz"), 0, 3);
  write_pair(dir_.file("run/beta_S2_L001_R1_001.fastq.gz"), dir_.file("run/beta_S2_L001_R2_001.fastq.gz"), 4, 6);
  write_pair(dir_.file("run/Undetermined_S0_L001_R1_001.fastq.gz"), dir_.file("run/Undetermined_S0_L001_R2_001.fastq.gz"), 2, 2);
  const auto samples = pipeline::discover_run_folder(dir_.file("run"), false);
  ASSERT_EQ(samples.size(), 2U);
  EXPECT_EQ(samples[0].name, "alpha");
  ASSERT_EQ(samples[0].reads.first.size(), 2U);
  EXPECT_NE(samples[0].reads.first[0].find("L001"), std::string::npos);
  EXPECT_NE(samples[0].reads.second[1].find("L002_R2"), std::string::npos);
  EXPECT_EQ(pipeline::discover_run_folder(dir_.file("run"), true).size(), 3U);

  const auto result = run_neurotax("run --db " + database_ + " --outdir " + dir_.file("out") + " --run-dir " + dir_.file("run"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto rows = summary(dir_.file("out"));
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[1][0], "alpha");
  EXPECT_EQ(rows[1][1], "done");
  EXPECT_EQ(rows[1][2], "8");  // both lanes
  EXPECT_EQ(rows[2][2], "6");
  // Per-sample outputs, and run-level tables with both samples.
  EXPECT_NE(testing::read_text(dir_.file("out/alpha/alpha.kreport")).find("Bacillus"), std::string::npos);
  EXPECT_NE(testing::read_text(dir_.file("out/beta/beta.kreport")).find("Enterococcus"), std::string::npos);
  const auto taxa = testing::split_lines(testing::read_text(dir_.file("out/run.taxa.tsv")));
  EXPECT_EQ(taxa[0], "taxid\tname\tlineage\talpha\tbeta");
  EXPECT_TRUE(std::filesystem::exists(dir_.file("out/run.biom")));
  EXPECT_NE(testing::read_text(dir_.file("out/run.neuroactive_matrix.tsv")).find("\talpha\tbeta\n"), std::string::npos);
}

TEST_F(RunFolder, AFailedSampleIsReportedAndTheRestGoOnThenResume) {
  write_pair(dir_.file("run/good_R1.fastq.gz"), dir_.file("run/good_R2.fastq.gz"), 0, 4);
  write_pair(dir_.file("run/bad_R1.fastq.gz"), dir_.file("run/bad_R2.fastq.gz"), 2, 4);
  testing::write_text(dir_.file("run/bad_R2.fastq.gz"), "not gzip, not fastq");  // a broken file
  const std::string command = "run --db " + database_ + " --outdir " + dir_.file("out") + " --run-dir " + dir_.file("run");
  auto result = run_neurotax(command);
  EXPECT_EQ(result.exit_code, 3) << result.output;
  auto rows = summary(dir_.file("out"));
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[1][0], "bad");
  EXPECT_EQ(rows[1][1], "failed");
  EXPECT_NE(rows[1][5].find("bad_R2.fastq.gz"), std::string::npos) << rows[1][5];
  EXPECT_EQ(rows[2][1], "done");
  EXPECT_FALSE(std::filesystem::exists(dir_.file("out/bad/bad.done.json")));

  // The file is repaired and the run resumed: only the failed sample is redone.
  write_pair(dir_.file("run/bad_R1.fastq.gz"), dir_.file("run/bad_R2.fastq.gz"), 2, 4);
  result = run_neurotax(command);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  rows = summary(dir_.file("out"));
  EXPECT_EQ(rows[1][1], "done");
  EXPECT_EQ(rows[2][1], "skipped (complete)");
  EXPECT_EQ(rows[2][2], "4");
  // Changed inputs are redone; --force redoes everything.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  write_pair(dir_.file("run/good_R1.fastq.gz"), dir_.file("run/good_R2.fastq.gz"), 0, 6);
  result = run_neurotax(command);
  rows = summary(dir_.file("out"));
  EXPECT_EQ(rows[2][1], "done");
  EXPECT_EQ(rows[2][2], "6");
  EXPECT_EQ(rows[1][1], "skipped (complete)");
  result = run_neurotax(command + " --force");
  rows = summary(dir_.file("out"));
  EXPECT_EQ(rows[1][1], "done");
  EXPECT_EQ(rows[2][1], "done");
}

TEST_F(RunFolder, BadRunFoldersAndSheetsAreNamed) {
  // An empty run folder.
  auto result = run_neurotax("run --db " + database_ + " --outdir " + dir_.file("out") + " --run-dir " + dir_.file("run"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(dir_.file("run") + ": no FASTQ files"), std::string::npos) << result.output;
  // An R1 without its R2 in a paired run fails that sample only.
  write_pair(dir_.file("run/one_R1.fastq.gz"), dir_.file("run/one_R2.fastq.gz"), 0, 2);
  write_pair(dir_.file("run/two_R1.fastq.gz"), dir_.file("two_R2.elsewhere.gz"), 0, 2);
  result = run_neurotax("run --quiet --db " + database_ + " --outdir " + dir_.file("out") + " --run-dir " + dir_.file("run"));
  EXPECT_EQ(result.exit_code, 3);
  const auto rows = summary(dir_.file("out"));
  EXPECT_EQ(rows[2][0], "two");
  EXPECT_NE(rows[2][5].find("R1 without its R2"), std::string::npos) << rows[2][5];

  // Sample sheets: a missing file and a duplicated name, each naming the line.
  testing::write_text(dir_.file("sheet.tsv"), "sample\tR1\tR2\nx\trun/one_R1.fastq.gz\trun/one_R2.fastq.gz\ny\tmissing.fq\n");
  result = run_neurotax("run --db " + database_ + " --outdir " + dir_.file("out2") + " --samples " + dir_.file("sheet.tsv"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(dir_.file("sheet.tsv") + ": line 3: file"), std::string::npos) << result.output;
  testing::write_text(dir_.file("sheet.tsv"), "x\trun/one_R1.fastq.gz\nx\trun/one_R1.fastq.gz\n");
  result = run_neurotax("run --db " + database_ + " --outdir " + dir_.file("out2") + " --samples " + dir_.file("sheet.tsv"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("line 2: sample 'x' appears twice"), std::string::npos) << result.output;
  testing::write_text(dir_.file("sheet.tsv"), "x\trun/one_R1.fastq.gz\trun/one_R2.fastq.gz\n");
  result = run_neurotax("run --quiet --db " + database_ + " --outdir " + dir_.file("out2") + " --samples " + dir_.file("sheet.tsv"));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(std::filesystem::exists(dir_.file("out2/x/x.done.json")));

  // An output folder that cannot be written.
  testing::write_text(dir_.file("blocker"), "a file where the output folder should go");
  result = run_neurotax("run --db " + database_ + " --outdir " + dir_.file("blocker/out") + " --samples " + dir_.file("sheet.tsv"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(dir_.file("blocker/out") + ": cannot create output folder"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace neurotax
