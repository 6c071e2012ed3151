#include "neurotax/db/database.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <span>

#include "neurotax/common/errors.hpp"
#include "neurotax/db/database_builder.hpp"
#include "neurotax/kernels/minimizer_scanner.hpp"
#include "test_support.hpp"

namespace neurotax::db {
namespace {

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::pair<std::string, std::string>> sequences;
    testing::write_text(dir_.file("ref.fa"), testing::synthetic_sintax_reference(sequences));
    options_.quiet = true;
  }
  std::string build(const std::string& name, unsigned threads = 2) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    build_database(ReferenceInputs::from_fasta({dir_.file("ref.fa")}), options_, dir_.file(name));
    return dir_.file(name);
  }
  static void expect_error(const std::string& path, const std::string& fragment) {
    try {
      Database database(path);
      FAIL() << "expected the database to be refused";
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
      EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
    }
  }
  static void patch(const std::string& path, std::size_t offset, char value) {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(offset));
    file.put(value);
  }

  /// Writes `bytes` at `offset` and recomputes the checksum, as a faulty writer
  /// would: the structural checks behind the checksum must catch it.
  static void patch_and_reseal(const std::string& path, std::size_t offset, const std::string& bytes) {
    std::string file = testing::read_text(path);
    file.replace(offset, bytes.size(), bytes);
    const std::uint64_t checksum = format::file_checksum(std::as_bytes(std::span(file.data(), file.size())));
    std::memcpy(file.data() + format::kChecksumOffset, &checksum, sizeof checksum);
    testing::write_text(path, file);
  }

  testing::TempDir dir_;
  BuildOptions options_;
};

TEST_F(DatabaseTest, RoundTripKeepsTaxonomyAndParameters) {
  const Database database(build("a.ntdb"));
  EXPECT_EQ(database.header().reference_count, 6U);
  EXPECT_EQ(database.minimizer_params().kmer_length, options_.minimizers.kmer_length);
  const auto bacillus = database.find_by_name("Bacillus");
  ASSERT_EQ(bacillus.size(), 1U);
  EXPECT_EQ(database.reference_count(bacillus[0]), 2U);
  EXPECT_EQ(database.lineage_string(bacillus[0]), "d:Bacteria,p:Firmicutes,c:Bacilli,o:Bacillales,f:Bacillaceae,g:Bacillus");
  EXPECT_EQ(database.find_external(database.external_id(bacillus[0])), bacillus[0]);
  EXPECT_GT(database.header().key_count, 100U);
  EXPECT_NE(database.build_info().find("\"sources\""), std::string_view::npos);
}

TEST_F(DatabaseTest, BuildIsByteIdenticalForAnyThreadCount) {
  const std::string one = testing::read_text(build("one.ntdb", 1));
  const std::string two = testing::read_text(build("two.ntdb", 2));
  EXPECT_EQ(one, two);
}

TEST_F(DatabaseTest, TruncatedFileIsRefused) {
  const std::string path = build("t.ntdb");
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 100);
  expect_error(path, "truncated");
}

TEST_F(DatabaseTest, OtherFormatVersionIsRefused) {
  const std::string path = build("v.ntdb");
  patch(path, 8, 99);  // format_version follows the 8 magic bytes
  expect_error(path, "format version 99");
}

TEST_F(DatabaseTest, AlteredBodyIsRefused) {
  const std::string path = build("b.ntdb");
  patch(path, std::filesystem::file_size(path) / 2, 'x');
  expect_error(path, "checksum mismatch");
}

TEST_F(DatabaseTest, AlteredNearWordsAreRefusedWhenFirstUsed) {
  // The file checksum leaves the references' near words (the last section)
  // out, so that a load need not read them; each genus's rows are checked
  // against their own checksum before the classifier first counts them.
  const std::string path = build("n.ntdb");
  patch(path, std::filesystem::file_size(path) - 70, 'x');
  const Database database(path);
  const kernels::GenusWordModel& words = database.genus_words();
  std::size_t refused = 0;
  for (std::uint32_t profile = 0; profile < words.profiles(); ++profile) {
    try {
      (void)words.near_columns(words.unit_of(profile));
    } catch (const InputError& error) {
      ++refused;
      EXPECT_NE(std::string(error.what()).find(path + ": the near words of genus word profile"), std::string::npos)
          << error.what();
    }
  }
  EXPECT_EQ(refused, 1U);
}

TEST_F(DatabaseTest, AlteredStructureIsReportedAsACorruptFile) {
  // The checksum and the structural checks run side by side: a damaged
  // section table (which the checks reject) must still read as a corrupt
  // file, the error that says what happened, whichever finishes first.
  const std::string path = build("c.ntdb");
  patch(path, 12, '\0');  // section_count (low byte) follows magic and version: no sections
  expect_error(path, "checksum mismatch");
}

// Found by fuzz_database (tests/fuzz/regressions/fuzz_database/no-sections): a
// header claiming no sections made the loader copy from a null table.
TEST_F(DatabaseTest, ResealedHeaderWithoutSectionsIsRefused) {
  const std::string path = build("s.ntdb");
  patch_and_reseal(path, 12, std::string(4, '\0'));  // section_count follows magic and version
  expect_error(path, "no sections");
}

// Found by fuzz_database (regressions/fuzz_database/depth-loop): depths that do
// not follow the parents sent the common-ancestor walk round the root forever.
TEST_F(DatabaseTest, ResealedTaxonomyWithWrongDepthsOrRanksIsRefused) {
  const std::string path = build("d.ntdb");
  std::uint64_t depths = 0, ranks = 0;
  const auto sections = Database(path).sections();
  for (const format::SectionEntry& entry : sections) {
    if (entry.id == static_cast<std::uint32_t>(format::SectionId::kTaxonDepths)) depths = entry.offset;
    if (entry.id == static_cast<std::uint32_t>(format::SectionId::kTaxonRanks)) ranks = entry.offset;
  }
  ASSERT_GT(depths, 0U);
  ASSERT_GT(ranks, 0U);
  patch_and_reseal(path, depths + 2 * 3, std::string("\x07\x00", 2));  // taxon 3 at depth 7
  expect_error(path, "taxon 3 has a depth that does not follow its parent's");
  const std::string other = build("r.ntdb");
  patch_and_reseal(other, ranks + 2, std::string(1, '\x63'));
  expect_error(other, "taxon 2 has an unknown rank");
}

TEST_F(DatabaseTest, ResealedSlotPointingIntoAPostingListIsRefused) {
  // A slot's offset one entry past a list start would read a posting as a
  // list header (its taxon as the count, its sequence count as the LCA).
  const std::string path = build("o.ntdb");
  std::uint64_t slot_offset = 0;
  {
    const Database database(path);
    std::uint64_t table = 0;
    for (const format::SectionEntry& entry : database.sections())
      if (entry.id == static_cast<std::uint32_t>(format::SectionId::kSlots)) table = entry.offset;
    const auto slots = database.index().slots;
    const auto listed = std::find_if(slots.begin(), slots.end(), [](const kernels::IndexSlot& slot) {
      return slot.fingerprint != 0 && (slot.postings & kernels::kInlinePosting) == 0;
    });
    ASSERT_NE(listed, slots.end());
    slot_offset = table + static_cast<std::uint64_t>(listed - slots.begin()) * sizeof(kernels::IndexSlot);
    const std::uint32_t inside = listed->postings + 1;
    std::string bytes(sizeof inside, '\0');
    std::memcpy(bytes.data(), &inside, sizeof inside);
    patch_and_reseal(path, slot_offset + offsetof(kernels::IndexSlot, postings), bytes);
  }
  expect_error(path, "minimizer table points outside the posting lists");
}

TEST_F(DatabaseTest, ResealedPostingListsThatOverrunOrNameUnknownTaxaAreRefused) {
  const std::string path = build("p.ntdb");
  std::uint64_t section_offset = 0;
  std::size_t last_list = 0;
  std::uint32_t last_header = 0;
  std::uint32_t last_first_entry = 0;
  {
    const Database database(path);
    for (const format::SectionEntry& entry : database.sections())
      if (entry.id == static_cast<std::uint32_t>(format::SectionId::kPostings)) section_offset = entry.offset;
    const auto words = database.index().postings;
    for (std::size_t i = 0; i < words.size(); i += 1 + kernels::posting_list::body_words(words[i])) last_list = i;
    last_header = words[last_list];
    last_first_entry = words[last_list + 1];
  }
  ASSERT_GT(section_offset, 0U);
  const auto word_at = [&](std::size_t index) { return section_offset + index * sizeof(std::uint32_t); };
  const auto bytes_of = [](std::uint32_t word) {
    std::string bytes(sizeof word, '\0');
    std::memcpy(bytes.data(), &word, sizeof word);
    return bytes;
  };
  const std::string copy = testing::read_text(path);
  // The last list claiming more entries than the section has words left.
  patch_and_reseal(path, word_at(last_list),
                   bytes_of(last_header | kernels::posting_list::kWide | kernels::posting_list::kMaxEntries));
  expect_error(path, "posting lists are corrupt");
  // ... or none at all.
  testing::write_text(path, copy);
  patch_and_reseal(path, word_at(last_list), bytes_of(last_header & ~kernels::posting_list::kMaxEntries));
  expect_error(path, "posting lists are corrupt");
  // Its first entry naming a taxon past the taxonomy.
  testing::write_text(path, copy);
  const std::uint32_t unknown = kernels::posting_list::wide(last_header) ? 0xffffffU
                                                                          : (0xffffffU << 8) | (last_first_entry & 0xffU);
  patch_and_reseal(path, word_at(last_list + 1), bytes_of(unknown));
  expect_error(path, "posting lists name an unknown taxon");
}

TEST_F(DatabaseTest, ResealedGenusWordSectionsThatDoNotHangTogetherAreRefused) {
  const std::string path = build("w.ntdb");
  std::uint64_t genera = 0, shares = 0;
  {
    const Database database(path);
    EXPECT_EQ(database.genus_words().profiles(), 3U);
    for (const format::SectionEntry& entry : database.sections()) {
      if (entry.id == static_cast<std::uint32_t>(format::SectionId::kGenusWordGenera)) genera = entry.offset;
      if (entry.id == static_cast<std::uint32_t>(format::SectionId::kGenusWordShares)) shares = entry.offset;
    }
  }
  ASSERT_GT(genera, 0U);
  ASSERT_GT(shares, 0U);
  const std::string copy = testing::read_text(path);
  patch_and_reseal(path, shares, std::string(1, '\0'));
  expect_error(path, "genus word model: a held genus word has a share of 0");
  testing::write_text(path, copy);
  patch_and_reseal(path, genera, std::string("\0\0\0\0", 4));  // the root
  expect_error(path, "genus word model: genus word profile 0 is not of a genus");
}

TEST_F(DatabaseTest, StoredFingerprintFilterAdmitsEveryKey) {
  // The filter is written by the builder and mapped as it is, not rebuilt at
  // load: it must turn away no minimizer that the table holds.
  const Database database(build("f.ntdb"));
  const kernels::MinimizerIndexView& index = database.index();
  ASSERT_EQ(index.fingerprint_filter.size(), kernels::fingerprint_filter_words(database.header().key_count));
  std::size_t keys = 0;
  for (const kernels::IndexSlot& slot : index.slots) {
    if (slot.fingerprint == 0) continue;
    ++keys;
    EXPECT_TRUE(index.may_hold(slot.fingerprint)) << slot.fingerprint;
  }
  EXPECT_EQ(keys, database.header().key_count);
  // and it is a filter: most fingerprints that no slot holds are turned away.
  std::size_t admitted = 0;
  for (std::uint64_t absent = 1; absent <= 10000; ++absent)
    admitted += index.may_hold(absent * 0x9e3779b97f4a7c15ULL >> 32) && index.find(absent * 0x9e3779b97f4a7c15ULL >> 32) == nullptr;
  EXPECT_LT(admitted, 1000U);
}

TEST(DatabaseBuildOptions, PostingListLimitMustFitAListHeader) {
  BuildOptions options;
  for (const unsigned limit : {1U, 8U, 127U}) {
    options.max_postings = limit;
    EXPECT_NO_THROW(validate(options)) << limit;
  }
  for (const unsigned limit : {0U, 128U}) {
    options.max_postings = limit;
    EXPECT_THROW(validate(options), std::invalid_argument) << limit;
  }
}

TEST_F(DatabaseTest, MissingAndForeignFilesAreRefused) {
  expect_error(dir_.file("absent.ntdb"), "cannot open");
  testing::write_text(dir_.file("ref-as-db.ntdb"), testing::read_text(dir_.file("ref.fa")));
  expect_error(dir_.file("ref-as-db.ntdb"), "not a neurotax database");
}

/// The postings of the minimizer at bases 100-140 of `shared`, in a database of
/// `references` Bacillus references that all begin with it.
std::vector<kernels::Posting> postings_of_shared_minimizer(std::uint64_t references) {
  testing::TempDir dir;
  const std::string shared = testing::random_sequence(300, 5);
  std::string fasta;
  for (std::uint64_t seed = 1; seed <= references; ++seed)
    fasta += ">r" + std::to_string(seed) + ";tax=d:Bacteria,p:Firmicutes,c:Bacilli,o:Bacillales,f:Bacillaceae,g:Bacillus;\n" +
             shared + testing::random_sequence(200, 1000 + seed) + "\n";
  testing::write_text(dir.file("ref.fa"), fasta);
  BuildOptions options;
  options.quiet = true;
  (void)build_database(ReferenceInputs::from_fasta({dir.file("ref.fa")}), options, dir.file("ref.ntdb"));
  const Database database(dir.file("ref.ntdb"));
  kernels::MinimizerScanner scanner(database.minimizer_params());
  std::vector<std::uint64_t> minimizers;
  scanner.scan(std::string_view(shared).substr(100, 41), minimizers);
  EXPECT_EQ(minimizers.size(), 1U);
  const kernels::IndexSlot* slot = database.index().find(minimizers.at(0));
  EXPECT_NE(slot, nullptr);
  std::vector<kernels::Posting> postings;
  if (slot != nullptr) database.index().append_postings(*slot, postings);
  for (kernels::Posting& posting : postings) EXPECT_EQ(database.name(posting.taxon), "Bacillus");
  return postings;
}

TEST(DatabasePostings, CountEveryReferenceHoldingAMinimizer) {
  // 200 references of one genus share their first 300 bases: a minimizer there
  // is held by all 200, more than an inline posting's 7 bits hold, and the
  // classifier's agreement shares need the exact number.
  const auto postings = postings_of_shared_minimizer(200);
  ASSERT_EQ(postings.size(), 1U);
  EXPECT_EQ(postings[0].sequences, 200U);
}

TEST(DatabasePostings, CountsBeyondANarrowEntryAreKeptInAWideList) {
  // 300 sequences do not fit a narrow entry's 8 bits: the list is stored wide.
  const auto postings = postings_of_shared_minimizer(300);
  ASSERT_EQ(postings.size(), 1U);
  EXPECT_EQ(postings[0].sequences, 300U);
}

}  // namespace
}  // namespace neurotax::db
