// `run` writes run_info.json and report.html; `report` remakes the page from a
// run's files at another rank, writes Krona inputs, and names bad inputs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace neurotax {
namespace {

using testing::run_neurotax;

class Report : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::build_synthetic_database(dir_, sequences_);
    // alpha: Bacillus; beta: Enterococcus; broken: an R2 that is not a read file.
    testing::write_fragment_pairs(dir_.file("alpha_R1.fq.gz"), dir_.file("alpha_R2.fq.gz"), sequences_[0].second, "a", 6);
    testing::write_fragment_pairs(dir_.file("beta_R1.fq.gz"), dir_.file("beta_R2.fq.gz"), sequences_[4].second, "b", 8);
    std::string noise;  // reads of no reference: a sample with nothing classified
    for (int i = 0; i < 5; ++i)
      noise += "@n" + std::to_string(i) + "\n" + testing::random_sequence(150, 900 + i) + "\n+\n" + std::string(150, 'I') + "\n";
    testing::write_text(dir_.file("noise.fq"), noise);
    testing::write_text(dir_.file("broken_R1.fq"), "@x\nACGT\n+\nIIII\n");
    testing::write_text(dir_.file("broken_R2.fq"), "not a FASTQ record\n");
    testing::write_text(dir_.file("sheet.tsv"), "alpha\t" + dir_.file("alpha_R1.fq.gz") + "\t" + dir_.file("alpha_R2.fq.gz") +
                                                    "\nbeta\t" + dir_.file("beta_R1.fq.gz") + "\t" + dir_.file("beta_R2.fq.gz") +
                                                    "\nnoise\t" + dir_.file("noise.fq") +
                                                    "\nbroken\t" + dir_.file("broken_R1.fq") + "\t" + dir_.file("broken_R2.fq") + "\n");
  }
  testing::CommandResult run_batch() {
    return run_neurotax("run --quiet --db " + database_ + " --outdir " + dir_.file("out") + " --samples " + dir_.file("sheet.tsv"));
  }

  testing::TempDir dir_;
  std::vector<std::pair<std::string, std::string>> sequences_;
  std::string database_;
};

TEST_F(Report, RunWritesTheReportOfItsSamples) {
  EXPECT_EQ(run_batch().exit_code, 3);  // broken failed, the others are written
  const nlohmann::json info = nlohmann::json::parse(testing::read_text(dir_.file("out/run_info.json")));
  EXPECT_EQ(info["database"], "ref.ntdb");
  EXPECT_EQ(info["settings"]["confidence"], "0.7");
  EXPECT_EQ(info["software"], "neurotax " NEUROTAX_VERSION);
  const std::string html = testing::read_text(dir_.file("out/report.html"));
  for (const char* text : {"alpha", "beta", "broken", "Bacillus", "Enterococcus", "ref.ntdb", "dopamine", "failed",
                           "confidence=0.7", "not a diagnosis"})
    EXPECT_NE(html.find(text), std::string::npos) << text;
  // noise classified nothing: drawn empty and flagged.
  EXPECT_NE(html.find("noise (no classified reads)"), std::string::npos);
  EXPECT_NE(html.find("100.0% of reads unclassified"), std::string::npos);
  // beta is all Enterococcus: flagged as dominated; broken as failed with its error.
  EXPECT_NE(html.find("Enterococcus has 100.0% of the reads"), std::string::npos);
  EXPECT_NE(html.find("broken_R2.fq"), std::string::npos);
}

TEST_F(Report, ReportRemakesThePageAtAnotherRankAndWritesKronaInputs) {
  run_batch();
  auto result = run_neurotax("report --rank family --output " + dir_.file("family.html") + " " + dir_.file("out"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const std::string html = testing::read_text(dir_.file("family.html"));
  EXPECT_NE(html.find("Composition by family"), std::string::npos);
  EXPECT_NE(html.find("Bacillaceae"), std::string::npos);
  EXPECT_NE(html.find("Enterococcaceae"), std::string::npos);

  result = run_neurotax("report --quiet --krona " + dir_.file("krona") + " --output " + dir_.file("two.html") + " " +
                        dir_.file("out/alpha/alpha.abundance.tsv") + " " + dir_.file("out/beta/beta.abundance.tsv"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(testing::read_text(dir_.file("krona/alpha.krona.txt")),
            "6\tBacteria\tFirmicutes\tBacilli\tBacillales\tBacillaceae\tBacillus\n");
  EXPECT_EQ(testing::read_text(dir_.file("krona/beta.krona.txt")),
            "8\tBacteria\tFirmicutes\tBacilli\tBacillales\tEnterococcaceae\tEnterococcus\n");
  const std::string two = testing::read_text(dir_.file("two.html"));
  EXPECT_NE(two.find("beta"), std::string::npos);
  EXPECT_NE(two.find("Parameters</dt><dd>not recorded"), std::string::npos);  // a batch run keeps it in out/
}

TEST_F(Report, SingleSampleRunWritesItsReport) {
  const auto result = run_neurotax("run --quiet --db " + database_ + " --outdir " + dir_.file("single") + " " +
                                   dir_.file("beta_R1.fq.gz") + " " + dir_.file("beta_R2.fq.gz"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(std::filesystem::exists(dir_.file("single/run_info.json")));
  const std::string html = testing::read_text(dir_.file("single/report.html"));
  EXPECT_NE(html.find("<title>neurotax report: single</title>"), std::string::npos);
  EXPECT_NE(html.find(">beta<"), std::string::npos);
  // A workflow reports its per-sample jobs from their profiles; each job's run_info.json is beside its profile.
  ASSERT_EQ(run_neurotax("report --output " + dir_.file("workflow.html") + " " + dir_.file("single/beta.abundance.tsv")).exit_code, 0);
  EXPECT_NE(testing::read_text(dir_.file("workflow.html")).find("Parameters</dt><dd><code>confidence=0.7"), std::string::npos);
}

TEST_F(Report, BadInputsAreNamed) {
  run_batch();
  std::filesystem::create_directories(dir_.file("empty"));
  auto result = run_neurotax("report " + dir_.file("empty"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(dir_.file("empty") + ": no run_summary.tsv and no SAMPLE.abundance.tsv"), std::string::npos)
      << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("empty/report.html")));

  result = run_neurotax("report --output " + dir_.file("x.html") + " " + dir_.file("sheet.tsv"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("sheet.tsv: not a run folder or a SAMPLE.abundance.tsv"), std::string::npos) << result.output;

  result = run_neurotax("report --output " + dir_.file("x.html") + " " + dir_.file("out/beta/beta.abundance.tsv") + " " +
                        dir_.file("out/beta/beta.abundance.tsv"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("sample beta appears twice"), std::string::npos) << result.output;

  result = run_neurotax("report --rank species " + dir_.file("out"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("estimated at genus level"), std::string::npos) << result.output;
  EXPECT_EQ(run_neurotax("report").exit_code, 2);
  EXPECT_EQ(run_neurotax("report --output " + dir_.file("x.html") + " --rank kingdom " + dir_.file("out")).exit_code, 2);

  const std::string annotation = testing::read_text(dir_.file("out/beta/beta.neuroactive.json"));
  testing::write_text(dir_.file("out/beta/beta.neuroactive.json"), "{\"matches\": [");
  result = run_neurotax("report " + dir_.file("out"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("beta.neuroactive.json: not a neurotax annotation"), std::string::npos) << result.output;

  // A share outside [0, 1] (found by fuzz_report: a negative one drew NaN colours).
  auto damaged = nlohmann::json::parse(annotation);
  ASSERT_FALSE(damaged["compounds"].empty());
  damaged["compounds"][0]["read_fraction"] = -0.04;
  testing::write_text(dir_.file("out/beta/beta.neuroactive.json"), damaged.dump());
  result = run_neurotax("report " + dir_.file("out"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(testing::split_lines(result.output).size(), 1U) << result.output;
  EXPECT_NE(result.output.find("beta.neuroactive.json: compound "), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("read_fraction is -0.04, not between 0 and 1"), std::string::npos) << result.output;

  testing::write_text(dir_.file("out/beta/beta.neuroactive.json"), annotation);
  const std::string summary = testing::read_text(dir_.file("out/run_summary.tsv"));
  testing::write_text(dir_.file("out/run_summary.tsv"), summary + "gamma\tdone\n");
  result = run_neurotax("report " + dir_.file("out"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("run_summary.tsv: line 6: expected 6 tab-separated fields, found 2"), std::string::npos)
      << result.output;

  // A failed write leaves no report behind, complete-looking or not.
  const std::string before = testing::read_text(dir_.file("out/report.html"));
  result = run_neurotax("report --output " + dir_.file("missing/dir/r.html") + " " + dir_.file("out/alpha/alpha.abundance.tsv"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(dir_.file("missing/dir/r.html")));
  EXPECT_EQ(testing::read_text(dir_.file("out/report.html")), before);
}

}  // namespace
}  // namespace neurotax
