// End-to-end tests: the neurotax binary on real 16S data from Debian's
// r-bioc-dada2 package and on small generated files, asserting on output content.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace neurotax {
namespace {

using testing::run_neurotax;

/// One database from the real SINTAX reference, built once for the suite.
class RealData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const auto result = run_neurotax("build-db --quiet --output " + db() + " " + testing::dada2_file("ten_16s.100.fa.gz"));
    ASSERT_EQ(result.exit_code, 0) << result.output;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string db() { return dir_->file("ten16s.ntdb"); }
  static std::string file(const std::string& name) { return dir_->file(name); }

  /// genus name -> clade reads, from a kreport.
  static std::map<std::string, std::uint64_t> genera(const std::string& report) {
    std::map<std::string, std::uint64_t> result;
    for (const auto& line : testing::split_lines(testing::read_text(report))) {
      const auto fields = testing::split(line, '\t');
      if (fields.size() == 6 && fields[3] == "G")
        result[fields[5].substr(fields[5].find_first_not_of(' '))] = std::stoull(fields[1]);
    }
    return result;
  }

  static testing::TempDir* dir_;
};
testing::TempDir* RealData::dir_ = nullptr;

TEST_F(RealData, InspectDbShowsHeaderAndLineage) {
  const auto summary = run_neurotax("inspect-db " + db());
  ASSERT_EQ(summary.exit_code, 0) << summary.output;
  EXPECT_NE(summary.output.find("references\t3994\n"), std::string::npos) << summary.output;
  EXPECT_NE(summary.output.find("taxa_genus\t1184\n"), std::string::npos) << summary.output;
  const auto lookup = run_neurotax("inspect-db --taxon Listeria " + db());
  ASSERT_EQ(lookup.exit_code, 0) << lookup.output;
  EXPECT_NE(lookup.output.find("lineage\td:Bacteria,p:Firmicutes,c:Bacilli,o:Bacillales,f:Listeriaceae,g:Listeria"),
            std::string::npos)
      << lookup.output;
  EXPECT_EQ(run_neurotax("inspect-db --taxon NoSuchGenus " + db()).exit_code, 1);
}

TEST_F(RealData, ReadsCutFromReferencesGiveTheirGenus) {
  // 250 bp from the V4 region and its reverse complement of known references.
  const std::vector<std::pair<std::string, std::string>> known = {
      {"Listeria", "Listeria"}, {"Staphylococcus", "Staphylococcus"}, {"Thermus", "Thermus"}};
  const std::string reference = testing::read_gzip(testing::dada2_file("ten_16s.100.fa.gz"));
  std::string fasta;
  std::map<std::string, std::string> truth;
  for (const auto& [genus, expected] : known) {
    const auto header = reference.find(",g:" + genus + ";");
    ASSERT_NE(header, std::string::npos) << genus;
    const auto start = reference.find('\n', header) + 1;
    std::string sequence;
    for (auto i = start; i < reference.size() && reference[i] != '>'; ++i)
      if (reference[i] != '\n') sequence += reference[i];
    ASSERT_GT(sequence.size(), 800U);
    fasta += ">" + genus + "_fwd\n" + sequence.substr(500, 250) + "\n";
    fasta += ">" + genus + "_rev\n" + testing::reverse_complement(sequence.substr(300, 250)) + "\n";
    truth[genus + "_fwd"] = truth[genus + "_rev"] = expected;
  }
  testing::write_text(file("known.fa"), fasta);
  const auto result = run_neurotax("classify --quiet --db " + db() + " --use-names --output " + file("known.kraken") +
                                   " --lineage-output " + file("known.lineage") + " " + file("known.fa"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto lines = testing::split_lines(testing::read_text(file("known.kraken")));
  ASSERT_EQ(lines.size(), 6U);
  for (const auto& line : lines) {
    const auto fields = testing::split(line, '\t');
    ASSERT_EQ(fields.size(), 5U) << line;
    EXPECT_EQ(fields[0], "C") << line;
    EXPECT_EQ(fields[2].substr(0, fields[2].find(" (taxid")), truth[fields[1]]) << line;
    EXPECT_EQ(fields[3], "250");
  }
  const auto lineage = testing::split_lines(testing::read_text(file("known.lineage")));
  ASSERT_EQ(lineage.size(), 6U);
  EXPECT_NE(lineage[0].find("g:Listeria("), std::string::npos) << lineage[0];
}

TEST_F(RealData, RunOnRealMiSeqPairsWritesEveryOutput) {
  const auto result = run_neurotax("run --quiet --db " + db() + " --outdir " + file("out") + " " +
                                   testing::dada2_file("sam1F.fastq.gz") + " " + testing::dada2_file("sam1R.fastq.gz"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const std::string prefix = file("out/sam1F");
  const auto per_read = testing::split_lines(testing::read_gzip(prefix + ".kraken.gz"));
  ASSERT_EQ(per_read.size(), 1500U);  // sam1F/sam1R hold 1500 pairs
  EXPECT_NE(per_read[0].find("\t250|250\t"), std::string::npos) << per_read[0];
  EXPECT_NE(per_read[0].find(" |:| "), std::string::npos) << per_read[0];

  // This mouse gut sample is dominated by Bacteroidales; most pairs are classified.
  const auto report = testing::read_text(prefix + ".kreport");
  const auto first = testing::split(testing::split_lines(report)[0], '\t');
  ASSERT_EQ(first[3], "U");
  EXPECT_LT(std::stoull(first[1]), 150U);
  const auto counts = genera(prefix + ".kreport");
  ASSERT_TRUE(counts.count("Bacteroides"));
  for (const auto& [genus, reads] : counts) EXPECT_LE(reads, counts.at("Bacteroides")) << genus;

  const auto annotation = nlohmann::json::parse(testing::read_text(prefix + ".neuroactive.json"));
  EXPECT_EQ(annotation["sample"], "sam1F");
  bool bacteroides_gaba = false;
  for (const auto& match : annotation["matches"])
    bacteroides_gaba |= match["taxon"] == "Bacteroides" && match["compound"] == "gaba";
  EXPECT_TRUE(bacteroides_gaba);
  EXPECT_NE(testing::read_text(prefix + ".neuroactive_summary.tsv").find("\tgaba\tproduces\t"), std::string::npos);
}

TEST_F(RealData, GenusWordsCallMoreRealPairsAtGenusThanMinimizersAlone) {
  // Genus calls: lineages whose every confidence down to the genus reaches the default 0.7.
  const auto genus_calls = [](const std::string& lineage_path) {
    std::size_t calls = 0;
    for (const auto& line : testing::split_lines(testing::read_text(lineage_path))) {
      const auto genus = line.find(",g:");
      if (genus == std::string::npos) continue;
      bool sure = true;
      for (auto open = line.find('('); open != std::string::npos && open < line.find(')', genus);
           open = line.find('(', open + 1))
        sure = sure && std::stod(line.substr(open + 1)) >= 0.7;
      calls += sure;
    }
    return calls;
  };
  std::map<std::string, std::size_t> calls;
  for (const std::string mode : {"", "--minimizers-only "}) {
    const std::string lineage = file("words" + std::to_string(mode.size()) + ".lineage");
    const auto result = run_neurotax("classify --quiet " + mode + "--db " + db() + " --output /dev/null --lineage-output " +
                                     lineage + " --paired " + testing::dada2_file("sam1F.fastq.gz") + " " +
                                     testing::dada2_file("sam1R.fastq.gz"));
    ASSERT_EQ(result.exit_code, 0) << result.output;
    calls[mode] = genus_calls(lineage);
  }
  EXPECT_GT(calls["--minimizers-only "], 500U);
  EXPECT_GT(calls[""], calls["--minimizers-only "]);
}

TEST_F(RealData, OutputIsIdenticalForAnyThreadCount) {
  const std::string reads = testing::dada2_file("samPB.fastq.gz");
  ASSERT_EQ(run_neurotax("classify --quiet --threads 1 --db " + db() + " --output " + file("t1.kraken") + " --report " +
                         file("t1.kreport") + " " + reads).exit_code, 0);
  ASSERT_EQ(run_neurotax("classify --quiet --threads 2 --db " + db() + " --output " + file("t2.kraken") + " --report " +
                         file("t2.kreport") + " " + reads).exit_code, 0);
  EXPECT_EQ(testing::read_text(file("t1.kraken")), testing::read_text(file("t2.kraken")));
  EXPECT_EQ(testing::read_text(file("t1.kreport")), testing::read_text(file("t2.kreport")));
}

TEST_F(RealData, CacheOfRepeatedReadsChangesNothingButTheWork) {
  // Every real read three times over, so the cache has repeats to answer.
  const std::string reads = testing::read_gzip(testing::dada2_file("sam2F.fastq.gz"));
  testing::write_text(file("repeated.fq"), reads + reads + reads);
  const auto cached = run_neurotax("classify --threads 2 --db " + db() + " --output " + file("cached.kraken") +
                                   " --lineage-output " + file("cached.lineage") + " " + file("repeated.fq"));
  ASSERT_EQ(cached.exit_code, 0) << cached.output;
  // Without --quiet, the load is reported as Kraken 2 reports its own.
  EXPECT_NE(cached.output.find("database " + db() + ": "), std::string::npos) << cached.output;
  EXPECT_NE(cached.output.find(" MB, opened and checked in "), std::string::npos) << cached.output;
  const auto uncached = run_neurotax("classify --quiet --threads 2 --cache-mb 0 --db " + db() + " --output " +
                                     file("uncached.kraken") + " --lineage-output " + file("uncached.lineage") + " " +
                                     file("repeated.fq"));
  ASSERT_EQ(uncached.exit_code, 0) << uncached.output;
  EXPECT_EQ(testing::read_text(file("cached.kraken")), testing::read_text(file("uncached.kraken")));
  EXPECT_EQ(testing::read_text(file("cached.lineage")), testing::read_text(file("uncached.lineage")));
  // At least the third copy of every read comes from the cache.
  const auto marker = cached.output.find(" answered from the cache");
  ASSERT_NE(marker, std::string::npos) << cached.output;
  const auto start = cached.output.rfind(' ', marker - 1) + 1;
  EXPECT_GE(std::stoull(cached.output.substr(start, marker - start)), 1500U) << cached.output;
}

TEST_F(RealData, ReconciledMiSeqPairsGiveTheSameOutputForAnyThreadsAndWithoutTheCache) {
  // Real 2x250 V4 pairs, three times over: their mates overlap and disagree
  // where one misread a base, and the copies repeat for the cache.
  const std::string r1 = testing::read_gzip(testing::dada2_file("sam1F.fastq.gz"));
  const std::string r2 = testing::read_gzip(testing::dada2_file("sam1R.fastq.gz"));
  testing::write_text(file("p1.fq"), r1 + r1 + r1);
  testing::write_text(file("p2.fq"), r2 + r2 + r2);
  const std::string pairs = " --paired " + file("p1.fq") + " " + file("p2.fq");
  const auto cached = run_neurotax("classify --threads 1 --db " + db() + " --output " + file("pc.kraken") + pairs);
  ASSERT_EQ(cached.exit_code, 0) << cached.output;
  ASSERT_EQ(run_neurotax("classify --quiet --threads 2 --cache-mb 0 --db " + db() + " --output " + file("pu.kraken") +
                         pairs).exit_code, 0);
  EXPECT_EQ(testing::read_text(file("pc.kraken")), testing::read_text(file("pu.kraken")));
  // Most pairs settle a base or more, each copy alike.
  const auto marker = cached.output.find(" pairs reconciled where their mates overlap (");
  ASSERT_NE(marker, std::string::npos) << cached.output;
  const auto start = cached.output.rfind('\n', marker) + 1;
  const unsigned long long reconciled = std::stoull(cached.output.substr(start, marker - start));
  EXPECT_EQ(reconciled % 3, 0U) << cached.output;
  EXPECT_GT(reconciled, 3U * 1500 / 2) << cached.output;
  ASSERT_EQ(run_neurotax("classify --quiet --no-mate-consensus --db " + db() + " --output " + file("po.kraken") + pairs)
                .exit_code, 0);
  EXPECT_NE(testing::read_text(file("pc.kraken")), testing::read_text(file("po.kraken")));
}

TEST_F(RealData, PacBioZymoMockFindsItsMembersInTheReference) {
  // ZymoBIOMICS members present in this small reference: Escherichia, Listeria, Staphylococcus.
  const auto result = run_neurotax("classify --quiet --db " + db() + " --report " + file("pb.kreport") + " " +
                                   testing::dada2_file("samPB.fastq.gz"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto counts = genera(file("pb.kreport"));
  for (const char* genus : {"Listeria", "Staphylococcus"}) EXPECT_GT(counts.count(genus) ? counts.at(genus) : 0, 20U) << genus;
}

TEST_F(RealData, AbundanceFromPerReadOutputEqualsTheDirectReport) {
  const std::string reads = testing::dada2_file("sam2F.fastq.gz");
  ASSERT_EQ(run_neurotax("classify --quiet --db " + db() + " --output " + file("s2.kraken.gz") + " --report " +
                         file("s2.kreport") + " " + reads).exit_code, 0);
  const auto result = run_neurotax("abundance --db " + db() + " --report " + file("s2.again.kreport") + " " + file("s2.kraken.gz"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(testing::read_text(file("s2.kreport")), testing::read_text(file("s2.again.kreport")));

  const auto annotate = run_neurotax("annotate --report " + file("s2.kreport") + " --output " + file("s2"));
  ASSERT_EQ(annotate.exit_code, 0) << annotate.output;
  EXPECT_NE(testing::read_text(file("s2.neuroactive.tsv")).find("\tBacteroides\tgenus\t"), std::string::npos);
}

TEST_F(RealData, AbundanceOutputsAndAMergedRunThatBiomFormatLoads) {
  for (const char* sample : {"sam1", "sam2"}) {
    const std::string reads = std::string(sample);
    ASSERT_EQ(run_neurotax("classify --quiet --db " + db() + " --paired --output " + file(reads + ".kraken.gz") + " " +
                           testing::dada2_file(reads + "F.fastq.gz") + " " + testing::dada2_file(reads + "R.fastq.gz"))
                  .exit_code,
              0);
    const auto result = run_neurotax("abundance --db " + db() + " --sample " + reads + " --output " + file(reads) + " " +
                                     file(reads + ".kraken.gz"));
    ASSERT_EQ(result.exit_code, 0) << result.output;
  }
  // Bracken's table: its header, genus level, fractions summing to 1.
  const auto bracken = testing::split_lines(testing::read_text(file("sam1.bracken.tsv")));
  ASSERT_GT(bracken.size(), 2U);
  EXPECT_EQ(bracken[0], "name	taxonomy_id	taxonomy_lvl	kraken_assigned_reads	added_reads	new_est_reads	fraction_total_reads");
  EXPECT_EQ(testing::split(bracken[1], '	')[0], "Bacteroides");
  double fractions = 0;
  for (std::size_t i = 1; i < bracken.size(); ++i) fractions += std::stod(testing::split(bracken[i], '	')[6]);
  EXPECT_NEAR(fractions, 1.0, 0.01);
  EXPECT_NE(testing::read_text(file("sam1.mpa.txt")).find("|g__Bacteroides	"), std::string::npos);

  const auto merged = run_neurotax("abundance --merge --rarefy 1000 --seed 7 --output " + file("run") + " " +
                                   file("sam1.abundance.tsv") + " " + file("sam2.abundance.tsv"));
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  const auto alpha = testing::split_lines(testing::read_text(file("run.alpha.tsv")));
  ASSERT_EQ(alpha.size(), 3U);
  EXPECT_EQ(alpha[1].rfind("sam1\t1000\t1000\t7\t", 0), 0U) << alpha[1];
  // The reference BIOM implementation must load and validate what we wrote.
  const std::string check = "/usr/bin/python3 -c \"import biom, sys; t = biom.load_table('" + file("run.biom") +
                            "'); print(t.shape, sorted(t.ids()), t.metadata(t.ids(axis='observation')[0], axis='observation')['taxonomy'][-1])\" 2>&1";
  std::FILE* pipe = ::popen(check.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[512] = {};
  const std::string printed(buffer, std::fread(buffer, 1, sizeof buffer - 1, pipe));
  EXPECT_EQ(::pclose(pipe), 0) << printed;
  EXPECT_NE(printed.find("['sam1', 'sam2']"), std::string::npos) << printed;
  EXPECT_NE(printed.find("g__Bacteroides"), std::string::npos) << printed;

  // Samples of another database do not merge.
  std::string other = testing::read_text(file("sam2.abundance.tsv"));
  other.replace(other.find("database_checksum=") + 18, 16, "0000000000000000");
  testing::write_text(file("other.abundance.tsv"), other);
  const auto refused = run_neurotax("abundance --merge --output " + file("bad") + " " + file("sam1.abundance.tsv") + " " +
                                    file("other.abundance.tsv"));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("samples merge only from one database"), std::string::npos) << refused.output;
}

TEST(Cli, EveryCommandHasHelpWithAnExample) {
  for (const char* command : {"build-db", "classify", "abundance", "annotate", "run", "inspect-db"}) {
    const auto result = run_neurotax(std::string(command) + " --help");
    EXPECT_EQ(result.exit_code, 0) << command;
    EXPECT_NE(result.output.find("Example:\n  neurotax " + std::string(command)), std::string::npos) << result.output;
  }
  const auto version = run_neurotax("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.output.rfind("neurotax ", 0), 0U);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_neurotax("").exit_code, 2);
  EXPECT_EQ(run_neurotax("frobnicate").exit_code, 2);
  EXPECT_EQ(run_neurotax("classify --db x.ntdb --bogus-flag r.fq").exit_code, 2);
  EXPECT_EQ(run_neurotax("classify --output x r.fq").exit_code, 2);  // --db missing
  EXPECT_EQ(run_neurotax("classify --db x --output x --confidence 7 r.fq").exit_code, 2);
  EXPECT_EQ(run_neurotax("classify --db x --output x --paired r.fq").exit_code, 2);
  const auto limit = run_neurotax("build-db --output x.ntdb --max-postings 128 r.fa");
  EXPECT_EQ(limit.exit_code, 2);
  EXPECT_NE(limit.output.find("posting-list limit must be between 1 and 127, got 128"), std::string::npos) << limit.output;
  EXPECT_FALSE(std::filesystem::exists("x.ntdb"));
}

TEST(Cli, CountsBelowZeroOrBeyondTheirTypeAreUsageErrorsNamingTheOption) {
  // Boost alone would read -1 into an unsigned count as its largest value.
  for (const auto& [arguments, expected] : std::vector<std::pair<std::string, std::string>>{
           {"classify --db x --output x --min-hits -1 r.fq", "the argument ('-1') for option '--min-hits' is invalid"},
           {"classify --db x --output x --cache-mb -5 r.fq", "the argument ('-5') for option '--cache-mb' is invalid"},
           {"classify --db x --output x --threads -2 r.fq", "the argument ('-2') for option '--threads' is invalid"},
           {"classify --db x --output x --minimum-base-quality 99999999999 r.fq",
            "the argument ('99999999999') for option '--minimum-base-quality' is invalid"},
           {"run --db x --outdir y --bootstrap-sample 3x r.fq", "the argument ('3x') for option '--bootstrap-sample' is invalid"},
           {"build-db --output x.ntdb -k -35 r.fa", "the argument ('-35') for option '--kmer-len' is invalid"},
           {"abundance --db x --output x --seed -7 r.kraken", "the argument ('-7') for option '--seed' is invalid"},
           {"report --top -3 run", "the argument ('-3') for option '--top' is invalid"}}) {
    const auto result = run_neurotax(arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments;
    EXPECT_NE(result.output.find(expected), std::string::npos) << arguments << ": " << result.output;
  }
}

TEST(Cli, CachesBeyondTheMachinesMemoryAreUsageErrors) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> sequences;
  (void)testing::build_synthetic_database(dir, sequences);
  testing::write_text(dir.file("r.fa"), ">r\n" + sequences[0].second.substr(0, 200) + "\n");
  // A petabyte, more than any machine holds.
  for (const std::string& command : {"classify --output " + dir.file("r.kraken"), "run --outdir " + dir.file("out")}) {
    const auto result = run_neurotax(command + " --quiet --db " + dir.file("ref.ntdb") + " --cache-mb 1000000000 " +
                                     dir.file("r.fa"));
    EXPECT_EQ(result.exit_code, 2) << command;
    EXPECT_NE(result.output.find(": --cache-mb 1000000000 is more than this machine's "), std::string::npos)
        << result.output;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("r.kraken")));
}

struct BadInput {
  const char* name;
  const char* content;  ///< written gzip-compressed when the name ends in .gz
  const char* expected;
};

class BadReads : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadReads, GiveOneLineErrorsNamingFileAndRecord) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> sequences;
  (void)testing::build_synthetic_database(dir, sequences);
  const std::string path = dir.file(GetParam().name);
  testing::write_text(path, GetParam().content);
  const auto result =
      run_neurotax("classify --quiet --db " + dir.file("ref.ntdb") + " --output " + dir.file("out.kraken") + " " + path);
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_EQ(testing::split_lines(result.output).size(), 1U) << result.output;
  EXPECT_NE(result.output.find(path), std::string::npos) << result.output;
  EXPECT_NE(result.output.find(GetParam().expected), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out.kraken"))) << "no half-written output under the final name";
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().string().find(".tmp."), std::string::npos) << entry.path();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadReads,
    ::testing::Values(BadInput{"qual.fq", "@r1\nACGT\n+\nIIII\n@r2\nACGTACGT\n+\nIII\n", "record 2"},
                      BadInput{"junk.fq", "@r1\nACGT\n+\nIIII\nnot a record\n", "record"},
                      BadInput{"gz.fq.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage", "record"}),
    [](const auto& param_info) { return std::string(param_info.param.name).substr(0, std::string(param_info.param.name).find('.')); });

TEST(Cli, MissingReadFileAndBadDatabaseExitOne) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> sequences;
  (void)testing::build_synthetic_database(dir, sequences);
  const auto missing = run_neurotax("classify --db " + dir.file("ref.ntdb") + " --output - " + dir.file("nope.fq"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find(dir.file("nope.fq") + ": cannot open"), std::string::npos) << missing.output;
  const auto bad_db = run_neurotax("classify --db " + dir.file("ref.fa") + " --output - " + dir.file("ref.fa"));
  EXPECT_EQ(bad_db.exit_code, 1);
  EXPECT_NE(bad_db.output.find("not a neurotax database"), std::string::npos) << bad_db.output;
}

TEST(Cli, MatesWithDifferentNamesAreRefused) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> sequences;
  (void)testing::build_synthetic_database(dir, sequences);
  testing::write_text(dir.file("r1.fq"), "@a/1\nACGT\n+\nIIII\n@b/1\nACGT\n+\nIIII\n");
  testing::write_text(dir.file("r2.fq"), "@a/2\nACGT\n+\nIIII\n@c/2\nACGT\n+\nIIII\n");
  const auto result = run_neurotax("run --quiet --db " + dir.file("ref.ntdb") + " --outdir " + dir.file("out") + " " +
                                   dir.file("r1.fq") + " " + dir.file("r2.fq"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(dir.file("r2.fq") + ": record 2: mate name 'c' does not match 'b'"), std::string::npos)
      << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out/r1.kraken.gz")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("out/r1.kreport")));
}

TEST(Cli, EmptySampleAndSpecialOutputFilesWork) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> sequences;
  (void)testing::build_synthetic_database(dir, sequences);
  testing::write_text(dir.file("empty.fq"), "");
  const auto result = run_neurotax("classify --db " + dir.file("ref.ntdb") + " --output /dev/null --report " +
                                   dir.file("empty.kreport") + " " + dir.file("empty.fq"));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("0 fragments"), std::string::npos) << result.output;
  EXPECT_EQ(testing::read_text(dir.file("empty.kreport")), "");
}

TEST(Cli, ClassifiedAndUnclassifiedReadFilesAsKraken2WritesThem) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> sequences;
  (void)testing::build_synthetic_database(dir, sequences);
  const std::string& bacillus = sequences[0].second;
  const std::string noise = testing::random_sequence(200, 4242);
  testing::write_text(dir.file("r1.fq"), "@known/1\n" + bacillus.substr(250, 150) + "\n+\n" + std::string(150, 'I') +
                                              "\n@noise/1\n" + noise.substr(0, 150) + "\n+\n" + std::string(150, '5') + "\n");
  testing::write_text(dir.file("r2.fq"), "@known/2\n" + testing::reverse_complement(bacillus.substr(450, 150)) + "\n+\n" +
                                              std::string(150, 'I') + "\n@noise/2\n" + noise.substr(50, 150) + "\n+\n" +
                                              std::string(150, '5') + "\n");
  const auto result = run_neurotax("classify --quiet --db " + dir.file("ref.ntdb") + " --paired --classified-out " +
                                   dir.file("c#.fq") + " --unclassified-out " + dir.file("u#.fq") + " " + dir.file("r1.fq") +
                                   " " + dir.file("r2.fq"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto classified = testing::split_lines(testing::read_text(dir.file("c_1.fq")));
  ASSERT_EQ(classified.size(), 4U);
  EXPECT_EQ(classified[0], "@known/1 kraken:taxid|7");  // Bacillus in the synthetic taxonomy
  EXPECT_EQ(classified[1], bacillus.substr(250, 150));
  EXPECT_EQ(classified[3], std::string(150, 'I'));
  EXPECT_EQ(testing::split_lines(testing::read_text(dir.file("c_2.fq")))[0], "@known/2 kraken:taxid|7");
  const auto unclassified = testing::split_lines(testing::read_text(dir.file("u_2.fq")));
  ASSERT_EQ(unclassified.size(), 4U);
  EXPECT_EQ(unclassified[0], "@noise/2 kraken:taxid|0");
  EXPECT_EQ(unclassified[3], std::string(150, '5'));

  testing::write_text(dir.file("reads.fa"), ">solo\n" + bacillus.substr(300, 200) + "\n");
  ASSERT_EQ(run_neurotax("classify --quiet --db " + dir.file("ref.ntdb") + " --classified-out " + dir.file("c.fa.gz") +
                         " " + dir.file("reads.fa")).exit_code, 0);
  EXPECT_EQ(testing::read_gzip(dir.file("c.fa.gz")), ">solo kraken:taxid|7\n" + bacillus.substr(300, 200) + "\n");
  EXPECT_EQ(run_neurotax("classify --db " + dir.file("ref.ntdb") + " --paired --classified-out " + dir.file("c.fq") +
                         " " + dir.file("r1.fq") + " " + dir.file("r2.fq")).exit_code, 2);
}

TEST(Cli, MinimumBaseQualityMasksLowQualityBasesAsKraken2Does) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> sequences;
  (void)testing::build_synthetic_database(dir, sequences);
  const std::string read = sequences[0].second.substr(250, 150);  // Bacillus
  std::string qualities(150, 'I');
  qualities.replace(100, 5, "#####");  // Phred 2 at bases 100-104
  testing::write_text(dir.file("r.fq"), "@known\n" + read + "\n+\n" + qualities + "\n");
  const std::string classify = "classify --quiet --db " + dir.file("ref.ntdb") + " --output " + dir.file("r.kraken") +
                               " --classified-out " + dir.file("c.fq") + " " + dir.file("r.fq");
  ASSERT_EQ(run_neurotax(classify).exit_code, 0);
  EXPECT_EQ(testing::read_text(dir.file("r.kraken")).find("A:"), std::string::npos);
  EXPECT_EQ(testing::split_lines(testing::read_text(dir.file("c.fq")))[1], read);

  const auto result = run_neurotax(classify + " --minimum-base-quality 10");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const std::string per_read = testing::read_text(dir.file("r.kraken"));
  // The 45 k-mers (k = 41) that hold one of the five masked bases are ambiguous.
  EXPECT_EQ(per_read, "C\tknown\t7\t150\t7:60 A:45 7:5\n");
  const auto classified = testing::split_lines(testing::read_text(dir.file("c.fq")));
  EXPECT_EQ(classified[1], std::string(read).replace(100, 5, "xxxxx"));
  EXPECT_EQ(classified[3], qualities);
}

TEST(Cli, OverlappingMatesSettleTheirDisagreementsByQuality) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> sequences;
  (void)testing::build_synthetic_database(dir, sequences);
  // 2x150 reads of a 200-base Bacillus fragment; the second mate misreads, at
  // quality 2, a base the first mate reads at quality 40.
  const std::string fragment = sequences[0].second.substr(250, 200);
  std::string second = testing::reverse_complement(fragment.substr(50));
  second[100] = second[100] == 'A' ? 'C' : 'A';
  std::string second_qualities(150, 'I');
  second_qualities[100] = '#';
  testing::write_text(dir.file("r1.fq"), "@pair/1\n" + fragment.substr(0, 150) + "\n+\n" + std::string(150, 'I') + "\n");
  testing::write_text(dir.file("r2.fq"), "@pair/2\n" + second + "\n+\n" + second_qualities + "\n");
  const std::string classify = "classify --quiet --db " + dir.file("ref.ntdb") + " --output " + dir.file("r.kraken") +
                               " --classified-out " + dir.file("c#.fq") + " --paired " + dir.file("r1.fq") + " " +
                               dir.file("r2.fq");
  const auto result = run_neurotax(classify);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(testing::read_text(dir.file("r.kraken")), "C\tpair\t7\t150|150\t7:110 |:| 7:110\n");
  // The read files keep the bases as sequenced.
  EXPECT_EQ(testing::split_lines(testing::read_text(dir.file("c_2.fq")))[1], second);

  // As read, the second mate's k-mers whose minimizer holds the misread base find nothing.
  ASSERT_EQ(run_neurotax(classify + " --no-mate-consensus").exit_code, 0);
  EXPECT_EQ(testing::read_text(dir.file("r.kraken")), "C\tpair\t7\t150|150\t7:110 |:| 7:70 0:26 7:14\n");
}

TEST(Cli, VeryLongAndDegenerateReadsAreClassifiedWithoutCrashing) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> sequences;
  (void)testing::build_synthetic_database(dir, sequences);
  std::string long_read = testing::random_sequence(150000, 77);
  long_read.replace(70000, sequences[2].second.size(), sequences[2].second);  // a Virgibacillus gene inside
  testing::write_text(dir.file("odd.fq"), "@long\n" + long_read + "\n+\n" + std::string(long_read.size(), 'I') +
                                               "\n@empty\n\n+\n\n@alln\n" + std::string(300, 'N') + "\n+\n" +
                                               std::string(300, 'I') + "\n@short\nACGTACGT\n+\nIIIIIIII\n");
  const auto result = run_neurotax("classify --quiet --db " + dir.file("ref.ntdb") + " --output " + dir.file("odd.kraken") +
                                   " " + dir.file("odd.fq"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto lines = testing::split_lines(testing::read_text(dir.file("odd.kraken")));
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(lines[0].substr(0, 7), "C\tlong\t") << lines[0].substr(0, 80);
  EXPECT_EQ(lines[1], "U\tempty\t0\t0\t0:0");
  EXPECT_EQ(lines[2], "U\talln\t0\t300\tA:260");  // 300 - k + 1 ambiguous k-mers
  EXPECT_EQ(lines[3], "U\tshort\t0\t8\t0:0");
}

TEST(Cli, BuildDbErrorsNameFileAndRecord) {
  testing::TempDir dir;
  testing::write_text(dir.file("empty.fa"), "");
  auto result = run_neurotax("build-db --quiet -o " + dir.file("x.ntdb") + " " + dir.file("empty.fa"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(dir.file("empty.fa") + ": no sequences"), std::string::npos) << result.output;
  testing::write_text(dir.file("order.fa"), ">a;tax=d:Bacteria,g:Bacillus,f:Bacillaceae;\nACGTACGTACGT\n");
  result = run_neurotax("build-db --quiet -o " + dir.file("x.ntdb") + " " + dir.file("order.fa"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(dir.file("order.fa") + ": record 1 (a): rank family"), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.ntdb")));
}

}  // namespace
}  // namespace neurotax
