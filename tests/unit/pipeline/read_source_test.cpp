#include "neurotax/pipeline/read_source.hpp"

#include <gtest/gtest.h>
#include <htslib/sam.h>

#include "neurotax/common/errors.hpp"
#include "test_support.hpp"

namespace neurotax::pipeline {
namespace {

std::vector<Fragment> read_all(const std::vector<std::string>& paths, PairingMode mode) {
  FragmentReader reader(paths, mode);
  std::vector<Fragment> fragments;
  ReadBatch batch;
  while (reader.next_batch(batch, 2, 1 << 20))
    for (std::size_t i = 0; i < batch.size; ++i) fragments.push_back(batch.fragments[i]);
  return fragments;
}

/// Runs `action` and checks that it throws an InputError mentioning every fragment.
template <typename Action>
void expect_input_error(Action action, const std::vector<std::string>& fragments) {
  try {
    action();
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    for (const auto& fragment : fragments)
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
  }
}

const std::string kFastq = "@r1 comment\nACGTACGTAC\n+\nIIIIIIIIII\n@r2\nGGGGCCCC\n+\nIIIIIIII\n@r3\nTTTT\n+\nIIII\n";

TEST(FragmentReader, ReadsPlainAndGzipFastqInBatches) {
  testing::TempDir dir;
  testing::write_text(dir.file("a.fq"), kFastq);
  testing::write_gzip(dir.file("a.fq.gz"), kFastq);
  for (const char* name : {"a.fq", "a.fq.gz"}) {
    const auto fragments = read_all({dir.file(name)}, PairingMode::kSingle);
    ASSERT_EQ(fragments.size(), 3U) << name;
    EXPECT_EQ(fragments[0].id, "r1");
    EXPECT_EQ(fragments[0].mates[0], "ACGTACGTAC");
    EXPECT_EQ(fragments[2].mates[0], "TTTT");
    EXPECT_FALSE(fragments[0].paired);
  }
}

TEST(FragmentReader, ReadsFasta) {
  testing::TempDir dir;
  testing::write_text(dir.file("a.fa"), ">s1 x\nACGT\nNNAC\n>s2\nGG\n");
  const auto fragments = read_all({dir.file("a.fa")}, PairingMode::kSingle);
  ASSERT_EQ(fragments.size(), 2U);
  EXPECT_EQ(fragments[0].mates[0], "ACGTNNAC");
}

TEST(FragmentReader, PairsTwoFilesAndChecksMateNames) {
  testing::TempDir dir;
  testing::write_text(dir.file("r1.fq"), "@p1/1\nACGT\n+\nIIII\n@p2/1\nCCCC\n+\nIIII\n");
  testing::write_text(dir.file("r2.fq"), "@p1/2\nTTTT\n+\nIIII\n@p2/2\nGGGG\n+\nIIII\n");
  const auto fragments = read_all({dir.file("r1.fq"), dir.file("r2.fq")}, PairingMode::kPaired);
  ASSERT_EQ(fragments.size(), 2U);
  EXPECT_EQ(fragments[1].id, "p2");
  EXPECT_EQ(fragments[1].mates[1], "GGGG");
  EXPECT_TRUE(fragments[1].paired);

  testing::write_text(dir.file("bad2.fq"), "@p1/2\nTTTT\n+\nIIII\n@other/2\nGGGG\n+\nIIII\n");
  expect_input_error([&] { (void)read_all({dir.file("r1.fq"), dir.file("bad2.fq")}, PairingMode::kPaired); },
                     {dir.file("bad2.fq"), "record 2", "does not match"});
  testing::write_text(dir.file("short2.fq"), "@p1/2\nTTTT\n+\nIIII\n");
  expect_input_error([&] { (void)read_all({dir.file("r1.fq"), dir.file("short2.fq")}, PairingMode::kPaired); },
                     {dir.file("short2.fq"), "out of step"});
}

TEST(FragmentReader, ReadsInterleavedPairs) {
  testing::TempDir dir;
  testing::write_text(dir.file("i.fq"), "@p1/1\nACGT\n+\nIIII\n@p1/2\nTTTT\n+\nIIII\n@p2/1\nCC\n+\nII\n@p2/2\nGG\n+\nII\n");
  const auto fragments = read_all({dir.file("i.fq")}, PairingMode::kInterleaved);
  ASSERT_EQ(fragments.size(), 2U);
  EXPECT_EQ(fragments[0].mates[1], "TTTT");
  testing::write_text(dir.file("odd.fq"), "@p1/1\nACGT\n+\nIIII\n");
  expect_input_error([&] { (void)read_all({dir.file("odd.fq")}, PairingMode::kInterleaved); }, {"unpaired"});
}

TEST(FragmentReader, ReadsUnalignedBam) {
  testing::TempDir dir;
  const std::string sam = dir.file("u.sam");
  testing::write_text(sam, "@HD\tVN:1.6\tSO:unsorted\nq1\t4\t*\t0\t0\t*\t*\t0\t0\tACGTTGCA\tIIIIIIII\n");
  samFile* in = sam_open(sam.c_str(), "r");
  sam_hdr_t* header = sam_hdr_read(in);
  samFile* out = sam_open(dir.file("u.bam").c_str(), "wb");
  ASSERT_EQ(sam_hdr_write(out, header), 0);
  bam1_t* record = bam_init1();
  while (sam_read1(in, header, record) >= 0) ASSERT_GE(sam_write1(out, header, record), 0);
  bam_destroy1(record);
  sam_close(out);
  sam_hdr_destroy(header);
  sam_close(in);
  const auto fragments = read_all({dir.file("u.bam")}, PairingMode::kSingle);
  ASSERT_EQ(fragments.size(), 1U);
  EXPECT_EQ(fragments[0].id, "q1");
  EXPECT_EQ(fragments[0].mates[0], "ACGTTGCA");
}

TEST(FragmentReader, MissingFileIsNamed) {
  expect_input_error([] { FragmentReader reader({"/nonexistent/reads.fq"}, PairingMode::kSingle); },
                     {"/nonexistent/reads.fq", "cannot open"});
}

TEST(FragmentReader, TruncatedGzipIsNamedWithRecord) {
  testing::TempDir dir;
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "@r" + std::to_string(i) + "\n" + testing::random_sequence(100, static_cast<std::uint64_t>(i)) + "\n+\n" + std::string(100, 'I') + "\n";
  testing::write_gzip(dir.file("full.fq.gz"), many);
  const std::string compressed = testing::read_text(dir.file("full.fq.gz"));
  testing::write_text(dir.file("cut.fq.gz"), compressed.substr(0, compressed.size() / 2));
  expect_input_error([&] { (void)read_all({dir.file("cut.fq.gz")}, PairingMode::kSingle); }, {dir.file("cut.fq.gz"), "record"});
}

TEST(FragmentReader, MalformedRecordsAreNamed) {
  testing::TempDir dir;
  testing::write_text(dir.file("len.fq"), "@r1\nACGT\n+\nIIII\n@r2\nACGT\n+\nIII\n");
  expect_input_error([&] { (void)read_all({dir.file("len.fq")}, PairingMode::kSingle); }, {dir.file("len.fq"), "record 2"});
  testing::write_text(dir.file("junk.fq"), "@r1\nACGT\n+\nIIII\nthis is not fastq\n");
  expect_input_error([&] { (void)read_all({dir.file("junk.fq")}, PairingMode::kSingle); }, {dir.file("junk.fq"), "record"});
}

TEST(FragmentReader, MateSuffixesAreStripped) {
  EXPECT_EQ(strip_mate_suffix("read/1"), "read");
  EXPECT_EQ(strip_mate_suffix("read.2"), "read");
  EXPECT_EQ(strip_mate_suffix("read12"), "read12");
}

}  // namespace
}  // namespace neurotax::pipeline
