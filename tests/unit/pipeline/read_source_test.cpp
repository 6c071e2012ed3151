#include "neurotax/pipeline/read_source.hpp"

#include <gtest/gtest.h>
#include <htslib/bgzf.h>
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

TEST(FragmentReader, EmptyGzipIsAnEmptySample) {
  // Demultiplexers write a gzip of nothing for a barcode without reads.
  testing::TempDir dir;
  testing::write_gzip(dir.file("none.fq.gz"), "");
  testing::write_text(dir.file("none.fq"), "");
  EXPECT_TRUE(read_all({dir.file("none.fq.gz")}, PairingMode::kSingle).empty());
  EXPECT_TRUE(read_all({dir.file("none.fq.gz"), dir.file("none.fq")}, PairingMode::kPaired).empty());
  // A gzip header and nothing after it is damaged, not empty.
  const std::string compressed = testing::read_text(dir.file("none.fq.gz"));
  testing::write_text(dir.file("cut.fq.gz"), compressed.substr(0, 10));
  expect_input_error([&] { (void)read_all({dir.file("cut.fq.gz")}, PairingMode::kSingle); }, {dir.file("cut.fq.gz"), "gzip"});
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

/// Many records with every kind of base letter, for comparing readers.
std::string varied_fastq(std::size_t records) {
  const std::string letters = "ACGTacgtNnRYKMSWBDHVrykmswbdhvU.-*=";
  std::string text;
  for (std::size_t r = 0; r < records; ++r) {
    std::string sequence = testing::random_sequence(30 + r % 200, r);
    for (std::size_t i = r % 7; i < sequence.size(); i += 13) sequence[i] = letters[(r + i) % letters.size()];
    std::string quality(sequence.size(), 'I');
    for (std::size_t i = 0; i < quality.size(); ++i) quality[i] = static_cast<char>('!' + (r * 7 + i) % 60);
    text += "@read_" + std::to_string(r) + " comment\n" + sequence + "\n+\n" + quality + "\n";
  }
  return text;
}

void write_bgzf(const std::string& path, const std::string& text) {
  BGZF* out = bgzf_open(path.c_str(), "w");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(bgzf_write(out, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ASSERT_EQ(bgzf_close(out), 0);
}

TEST(FragmentReader, FastqMatchesHtslibRecordForRecord) {
  // The same records as unaligned SAM go through HTSlib's own parser: names,
  // bases (upper-cased IUPAC, anything else N) and qualities must agree.
  testing::TempDir dir;
  const std::string fastq = varied_fastq(300);
  std::string sam = "@HD\tVN:1.6\n";
  const auto lines = testing::split_lines(fastq);
  for (std::size_t r = 0; r + 3 < lines.size(); r += 4) {
    const std::string name = lines[r].substr(1, lines[r].find(' ') - 1);
    sam += name + "\t4\t*\t0\t0\t*\t*\t0\t0\t" + lines[r + 1] + "\t" + lines[r + 3] + "\n";
  }
  testing::write_gzip(dir.file("v.fq.gz"), fastq);
  testing::write_text(dir.file("v.sam"), sam);
  const auto ours = read_all({dir.file("v.fq.gz")}, PairingMode::kSingle);
  const auto htslib = read_all({dir.file("v.sam")}, PairingMode::kSingle);
  ASSERT_EQ(ours.size(), 300U);
  ASSERT_EQ(htslib.size(), 300U);
  for (std::size_t r = 0; r < ours.size(); ++r) {
    EXPECT_EQ(ours[r].id, htslib[r].id);
    EXPECT_EQ(ours[r].mates[0], htslib[r].mates[0]) << r;
    EXPECT_EQ(ours[r].qualities[0], htslib[r].qualities[0]) << r;
  }
  EXPECT_EQ(ours[0].mates[0].find_first_not_of("ACGTNRYKMSWBDHV="), std::string::npos);
}

TEST(FragmentReader, ReadsBgzfAndConcatenatedGzipMembers) {
  testing::TempDir dir;
  const std::string fastq = varied_fastq(2000);  // several BGZF blocks
  write_bgzf(dir.file("b.fq.gz"), fastq);
  testing::write_gzip(dir.file("half1.gz"), fastq.substr(0, fastq.size() / 2));
  testing::write_gzip(dir.file("half2.gz"), fastq.substr(fastq.size() / 2));  // splits a record
  testing::write_text(dir.file("m.fq.gz"), testing::read_text(dir.file("half1.gz")) + testing::read_text(dir.file("half2.gz")));
  testing::write_text(dir.file("p.fq"), fastq);
  const auto plain = read_all({dir.file("p.fq")}, PairingMode::kSingle);
  ASSERT_EQ(plain.size(), 2000U);
  for (const char* name : {"b.fq.gz", "m.fq.gz"}) {
    const auto fragments = read_all({dir.file(name)}, PairingMode::kSingle);
    ASSERT_EQ(fragments.size(), plain.size()) << name;
    for (std::size_t r = 0; r < plain.size(); ++r) {
      ASSERT_EQ(fragments[r].id, plain[r].id) << name;
      ASSERT_EQ(fragments[r].mates[0], plain[r].mates[0]) << name;
      ASSERT_EQ(fragments[r].qualities[0], plain[r].qualities[0]) << name;
    }
  }
}

TEST(FragmentReader, ReadsMultiLineCrLfAndEmptyFastqRecords) {
  testing::TempDir dir;
  testing::write_text(dir.file("m.fq"),
                      "@a/1 x\r\nACGT\r\nAC\r\n+a\r\nIIII\r\nII\r\n\n@b\n\n+\n\n@c/2\nGGCC\n+\n@@II\n@d\nTT\n+\nII");
  const auto fragments = read_all({dir.file("m.fq")}, PairingMode::kSingle);
  ASSERT_EQ(fragments.size(), 4U);
  EXPECT_EQ(fragments[0].id, "a");  // HTSlib drops "/1" from FASTQ names
  EXPECT_EQ(fragments[0].mates[0], "ACGTAC");
  EXPECT_EQ(fragments[0].qualities[0], "IIIIII");
  EXPECT_EQ(fragments[1].id, "b");
  EXPECT_EQ(fragments[1].mates[0], "");
  EXPECT_EQ(fragments[2].id, "c");
  EXPECT_EQ(fragments[2].qualities[0], "@@II");  // a quality may start with '@'
  EXPECT_EQ(fragments[3].mates[0], "TT");         // the last line needs no line end
}

TEST(FragmentReader, CrLfLineEndsSplitAcrossReads) {
  // The reader takes the file in blocks (the first of 1 MiB): a block that
  // ends inside a CR LF line end, or anywhere else in a record, must not
  // change how the record reads. Every offset within a record is tried.
  testing::TempDir dir;
  const std::string record = "@r\r\nACGTACGTAC\r\n+\r\nIIIIIIIIII\r\n";
  const std::size_t block = std::size_t{1} << 20;
  for (std::size_t shift = 0; shift < record.size(); ++shift) {
    std::string text = "@pad\r\n" + std::string(shift + 1, 'A') + "\r\n+\r\n" + std::string(shift + 1, 'I') + "\r\n";
    text += std::string("@pad2\r\nACGT\r\n+\r\nIIII\r\n");
    while (text.size() < block + 2 * record.size()) text += record;
    testing::write_text(dir.file("crlf.fq"), text);
    const auto fragments = read_all({dir.file("crlf.fq")}, PairingMode::kSingle);
    ASSERT_EQ(fragments.back().qualities[0], "IIIIIIIIII") << shift;
  }
}

TEST(FragmentReader, WrappedQualityAndShortQualityAreToldApart) {
  testing::TempDir dir;
  testing::write_text(dir.file("wrap.fq"), "@w\nACGTAC\n+\nIII\nI@I\n@next\nAC\n+\nII\n");
  const auto fragments = read_all({dir.file("wrap.fq")}, PairingMode::kSingle);
  ASSERT_EQ(fragments.size(), 2U);
  EXPECT_EQ(fragments[0].qualities[0], "IIII@I");
  testing::write_text(dir.file("short.fq"), "@r1\nACGT\n+\nIII\n@r2\nACGT\n+\nIIII\n");
  expect_input_error([&] { (void)read_all({dir.file("short.fq")}, PairingMode::kSingle); },
                     {dir.file("short.fq"), "record 1", "sequence of 4 bases but quality of 3 characters"});
}

TEST(FragmentReader, DamagedFastqIsNamedWithRecord) {
  testing::TempDir dir;
  const auto expect_error = [&](const std::string& name, const std::string& text, const std::vector<std::string>& words) {
    testing::write_text(dir.file(name), text);
    std::vector<std::string> fragments{dir.file(name)};
    fragments.insert(fragments.end(), words.begin(), words.end());
    expect_input_error([&] { (void)read_all({dir.file(name)}, PairingMode::kSingle); }, fragments);
  };
  expect_error("long_qual.fq", "@r1\nACGT\n+\nIIII\n@r2\nACGT\n+\nIIIII\n@r3\nA\n+\nI\n",
               {"record 2", "sequence of 4 bases but quality of 5 characters"});
  expect_error("no_plus.fq", "@r1\nACGT\n+\nIIII\n@r2\nACGT\n@r3\nACGT\n+\nIIII\n", {"record 2", "no '+' line"});
  expect_error("cut.fq", "@r1\nACGT\n+\nIIII\n@r2\nACGT\n", {"record 2", "ends before the record's '+' line"});
  expect_error("cut_qual.fq", "@r1\nACGTACGT\nACGT\n+\nIIIIIIII\n", {"record 1", "ends inside the record's quality"});
  expect_error("junk.fq", "@r1\nACGT\n+\nIIII\nthis is not fastq\n", {"record 2", "expected a FASTQ record starting with '@'"});

  // Damaged compressed data: a flipped byte inside the deflate stream, a
  // wrong checksum, and bytes after the last member that are not gzip.
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "@r" + std::to_string(i) + "\n" + testing::random_sequence(100, static_cast<std::uint64_t>(i)) + "\n+\n" + std::string(100, 'I') + "\n";
  testing::write_gzip(dir.file("good.fq.gz"), many);
  const std::string compressed = testing::read_text(dir.file("good.fq.gz"));
  std::string bad_checksum = compressed;
  bad_checksum[bad_checksum.size() - 6] ^= 0x55;
  expect_error("crc.fq.gz", bad_checksum, {"record", "damaged gzip data"});
  expect_error("trailing.fq.gz", compressed + "not gzip at all", {"record 2001", "damaged gzip data"});
  std::string flipped = compressed;
  for (std::size_t i = compressed.size() / 3; i < compressed.size() / 3 + 64; ++i) flipped[i] = static_cast<char>(~flipped[i]);
  expect_error("flipped.fq.gz", flipped, {"record", "damaged gzip data"});
}

TEST(FragmentReader, PairedFilesParsedAheadRaiseEachErrorAtItsRecord) {
  // The two mates' files are parsed ahead, together, a batch at a time:
  // damage met ahead must still be reported at the record it belongs to, and
  // after any earlier problem in the other file.
  testing::TempDir dir;
  const auto records = [](const std::string& mate, int renamed) {
    std::string text;
    for (int i = 0; i < 2000; ++i)
      text += "@" + std::string(i == renamed ? "x" : "r") + std::to_string(i) + "/" + mate + "\n" +
              testing::random_sequence(100, static_cast<std::uint64_t>(i)) + "\n+\n" + std::string(100, 'I') + "\n";
    return text;
  };
  testing::write_gzip(dir.file("r1.fq.gz"), records("1", -1));
  testing::write_gzip(dir.file("r1_renamed.fq.gz"), records("1", 3));
  testing::write_gzip(dir.file("r2.fq.gz"), records("2", -1));
  const std::string compressed = testing::read_text(dir.file("r2.fq.gz"));
  testing::write_text(dir.file("r2_trailing.fq.gz"), compressed + "not gzip at all");
  testing::write_text(dir.file("r2_cut.fq.gz"), compressed.substr(0, compressed.size() / 2));
  EXPECT_EQ(read_all({dir.file("r1.fq.gz"), dir.file("r2.fq.gz")}, PairingMode::kPaired).size(), 2000U);
  // Batches that stop at a base count before the records parsed ahead run
  // out: what is left waits for the next batch, in order.
  const auto first_mates = read_all({dir.file("r1.fq.gz")}, PairingMode::kSingle);
  const auto second_mates = read_all({dir.file("r2.fq.gz")}, PairingMode::kSingle);
  FragmentReader reader({dir.file("r1.fq.gz"), dir.file("r2.fq.gz")}, PairingMode::kPaired);
  ReadBatch batch;
  std::size_t paired = 0;
  while (reader.next_batch(batch, 7, 500)) {
    EXPECT_LE(batch.size, 3U);
    for (std::size_t i = 0; i < batch.size; ++i, ++paired) {
      ASSERT_LT(paired, first_mates.size());
      EXPECT_EQ(batch.fragments[i].id, "r" + std::to_string(paired));
      EXPECT_EQ(batch.fragments[i].mates[0], first_mates[paired].mates[0]);
      EXPECT_EQ(batch.fragments[i].mates[1], second_mates[paired].mates[0]);
      EXPECT_EQ(batch.fragments[i].qualities[1], second_mates[paired].qualities[0]);
    }
  }
  EXPECT_EQ(paired, 2000U);
  expect_input_error([&] { (void)read_all({dir.file("r1.fq.gz"), dir.file("r2_trailing.fq.gz")}, PairingMode::kPaired); },
                     {dir.file("r2_trailing.fq.gz"), "record 2001", "damaged gzip data"});
  expect_input_error([&] { (void)read_all({dir.file("r1.fq.gz"), dir.file("r2_cut.fq.gz")}, PairingMode::kPaired); },
                     {dir.file("r2_cut.fq.gz"), "record", "truncated gzip data"});
  expect_input_error(
      [&] { (void)read_all({dir.file("r1_renamed.fq.gz"), dir.file("r2_cut.fq.gz")}, PairingMode::kPaired); },
      {dir.file("r2_cut.fq.gz"), "record 4", "mate name 'r3' does not match 'x3'"});
}

TEST(FragmentReader, MateSuffixesAreStripped) {
  EXPECT_EQ(strip_mate_suffix("read/1"), "read");
  EXPECT_EQ(strip_mate_suffix("read.2"), "read");
  EXPECT_EQ(strip_mate_suffix("read12"), "read12");
}

}  // namespace
}  // namespace neurotax::pipeline
