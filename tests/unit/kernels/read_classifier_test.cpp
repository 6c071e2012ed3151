#include "neurotax/kernels/read_classifier.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "neurotax/db/database.hpp"
#include "neurotax/db/database_builder.hpp"
#include "test_support.hpp"

namespace neurotax::kernels {
namespace {

class ReadClassifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<db::Database>(testing::build_synthetic_database(dir_, references_));
  }

  ReadCall classify(const std::vector<std::string>& mates, ClassifierParams params = {}, bool with_words = false) {
    ReadClassifier classifier(database_->index(), database_->taxonomy(), database_->minimizer_params(), params,
                              with_words ? &database_->genus_words() : nullptr);
    std::vector<std::string_view> views(mates.begin(), mates.end());
    ReadCall call;
    ReadEvidence evidence;
    classifier.classify(views, call, evidence);
    return call;
  }

  /// Classifies `fragments` three times over through one classifier with
  /// `remembering` (its memos) and one without, both with the genus word model:
  /// the calls and the per-position evidence must be the same in every field.
  void expect_the_calls_of_a_plain_classifier(const ClassifierParams& remembering,
                                              const std::vector<std::vector<std::string>>& fragments) {
    ReadClassifier with_memo(database_->index(), database_->taxonomy(), database_->minimizer_params(), remembering,
                             &database_->genus_words());
    ReadClassifier without(database_->index(), database_->taxonomy(), database_->minimizer_params(), ClassifierParams{},
                           &database_->genus_words());
    for (int round = 0; round < 3; ++round)
      for (const std::vector<std::string>& fragment : fragments) {
        const std::vector<std::string_view> mates(fragment.begin(), fragment.end());
        ReadCall remembered, plain;
        ReadEvidence evidence_remembered, evidence_plain;
        with_memo.classify(mates, remembered, evidence_remembered);
        without.classify(mates, plain, evidence_plain);
        ASSERT_EQ(remembered.taxon, plain.taxon);
        ASSERT_EQ(remembered.hit_count, plain.hit_count);
        for (std::size_t r = 0; r < plain.lineage.size(); ++r) {
          ASSERT_EQ(remembered.lineage[r].taxon, plain.lineage[r].taxon);
          ASSERT_EQ(remembered.lineage[r].confidence, plain.lineage[r].confidence);
          ASSERT_EQ(remembered.lineage[r].rival, plain.lineage[r].rival);
          ASSERT_EQ(remembered.lineage[r].beats_rival, plain.lineage[r].beats_rival);
        }
        ASSERT_EQ(evidence_remembered.runs, evidence_plain.runs);
        ASSERT_EQ(evidence_remembered.mate_ends, evidence_plain.mate_ends);
      }
  }

  std::string name_of_call(const ReadCall& call) const {
    return call.classified() ? std::string(database_->name(call.taxon)) : "unclassified";
  }

  testing::TempDir dir_;
  std::vector<std::pair<std::string, std::string>> references_;
  std::unique_ptr<db::Database> database_;
};

TEST_F(ReadClassifierTest, GenusSpecificReadsAreCalledAtGenus) {
  for (const auto& [genus, sequence] : references_) {
    EXPECT_EQ(name_of_call(classify({sequence.substr(300, 250)})), genus);
    EXPECT_EQ(name_of_call(classify({testing::reverse_complement(sequence.substr(300, 250))})), genus);
  }
}

TEST_F(ReadClassifierTest, ConfidenceReachesOneForUniqueReads) {
  const ReadCall call = classify({references_[0].second.substr(300, 250)});
  const std::size_t genus_rank = 6;  // kCalledRanks[6] is genus
  ASSERT_EQ(kCalledRanks[genus_rank], Rank::kGenus);
  EXPECT_FLOAT_EQ(call.lineage[genus_rank].confidence, 1.0F);
  EXPECT_EQ(database_->name(call.lineage[genus_rank].taxon), "Bacillus");
}

TEST_F(ReadClassifierTest, ConservedReadsStopAboveGenus) {
  // The first 200 bases are shared by every genus: no genus is called. Four of
  // the six references, equally near, are of Bacillaceae, so the family is
  // right about two times in three: it reaches 0.65, and at the default 0.7
  // the call is the order all six share.
  const std::string conserved = references_[0].second.substr(0, 180);
  const ReadCall call = classify({conserved}, {.confidence = 0.65});
  ASSERT_TRUE(call.classified());
  EXPECT_EQ(name_of_call(call), "Bacillaceae");
  EXPECT_LT(call.lineage[kGenusRankIndex - 1].confidence, 0.7F);
  EXPECT_LT(call.lineage[kGenusRankIndex].confidence, 0.65F);
  EXPECT_EQ(name_of_call(classify({conserved})), "Bacillales");
}

TEST_F(ReadClassifierTest, PairedMatesAreOneFragment) {
  const std::string& sequence = references_[4].second;  // Enterococcus
  const ReadCall call = classify({sequence.substr(250, 150), testing::reverse_complement(sequence.substr(450, 150))});
  EXPECT_EQ(name_of_call(call), "Enterococcus");
}

TEST_F(ReadClassifierTest, UnknownShortAndAmbiguousReadsAreUnclassified) {
  EXPECT_FALSE(classify({testing::random_sequence(250, 999)}).classified());
  EXPECT_FALSE(classify({"ACGT"}).classified());
  EXPECT_FALSE(classify({""}).classified());
  EXPECT_FALSE(classify({std::string(250, 'N')}).classified());
}

TEST_F(ReadClassifierTest, MinHitsGuardsAgainstTinyEvidence) {
  ClassifierParams strict;
  strict.min_hits = 1000;
  EXPECT_FALSE(classify({references_[0].second.substr(300, 250)}, strict).classified());
}

TEST_F(ReadClassifierTest, ResultsAreDeterministic) {
  const std::string read = references_[2].second.substr(150, 250);
  const ReadCall first = classify({read});
  const ReadCall second = classify({read});
  EXPECT_EQ(first.taxon, second.taxon);
  for (std::size_t r = 0; r < first.lineage.size(); ++r)
    EXPECT_EQ(first.lineage[r].confidence, second.lineage[r].confidence);
}

TEST_F(ReadClassifierTest, CallMemoGivesTheCallsOfTheScoring) {
  // Reads from every genus, each seen three times and with an error at either
  // end (the same hits, so the memo answers).
  ClassifierParams remembering;
  remembering.call_memo_bytes = std::size_t{1} << 20;
  std::vector<std::vector<std::string>> fragments;
  for (const auto& [genus, sequence] : references_)
    for (const std::size_t start : {0UL, 150UL, 300UL}) {
      std::string read = sequence.substr(start, 250);
      fragments.push_back({read});
      read[0] = read[0] == 'A' ? 'C' : 'A';
      fragments.push_back({read});
      read[249] = read[249] == 'A' ? 'C' : 'A';
      fragments.push_back({read});
    }
  expect_the_calls_of_a_plain_classifier(remembering, fragments);
}

TEST_F(ReadClassifierTest, MateMemoGivesTheHitsOfTheLookups) {
  // Pairs whose first mates repeat exactly while their second mates vary (an
  // error, an N, a mate that overlaps the first), as in an amplicon sample.
  ClassifierParams remembering;
  remembering.mate_memo_bytes = std::size_t{1} << 20;
  std::vector<std::vector<std::string>> fragments;
  for (const auto& [genus, sequence] : references_) {
    const std::string first = sequence.substr(100, 250);
    std::string second = sequence.substr(300, 250);
    fragments.push_back({first, second});
    second[10] = second[10] == 'A' ? 'C' : 'A';
    fragments.push_back({first, second});
    second[120] = 'N';
    fragments.push_back({first, second});
    fragments.push_back({first, sequence.substr(150, 250)});  // overlapping mates share minimizers
    fragments.push_back({sequence.substr(150, 250), first});
    fragments.push_back({first, "ACGT"});                     // a mate shorter than k
  }
  expect_the_calls_of_a_plain_classifier(remembering, fragments);
}

/// One family, two genera that share a 300-base stretch: Alpha's 2 references
/// all hold it, Beta's 10 references only 3 times (the rest is unrelated).
std::string shared_stretch_reference(const std::string& shared) {
  std::string fasta;
  auto add = [&fasta, count = 0](const char* genus, const std::string& sequence) mutable {
    fasta += ">r" + std::to_string(++count) + ";tax=d:Bacteria,p:Firmicutes,c:Bacilli,o:Bacillales,f:Bacillaceae,g:" +
             genus + ";\n" + sequence + "\n";
  };
  for (std::uint64_t seed = 1; seed <= 2; ++seed) add("Alpha", shared + testing::random_sequence(300, 100 + seed));
  for (std::uint64_t seed = 1; seed <= 3; ++seed) add("Beta", shared + testing::random_sequence(300, 200 + seed));
  for (std::uint64_t seed = 4; seed <= 10; ++seed) add("Beta", testing::random_sequence(600, 200 + seed));
  return fasta;
}

/// A database built from labelled FASTA text, to classify single reads against.
class FastaDatabase {
 public:
  explicit FastaDatabase(const std::string& fasta) {
    testing::write_text(dir_.file("ref.fa"), fasta);
    db::BuildOptions options;
    options.quiet = true;
    (void)db::build_database(db::ReferenceInputs::from_fasta({dir_.file("ref.fa")}), options, dir_.file("ref.ntdb"));
    database_ = std::make_unique<db::Database>(dir_.file("ref.ntdb"));
  }
  [[nodiscard]] ReadCall classify(const std::string& read, const ClassifierParams& params = {}) const {
    ReadClassifier classifier(database_->index(), database_->taxonomy(), database_->minimizer_params(), params);
    const std::string_view mates[1] = {read};
    ReadCall call;
    ReadEvidence evidence;
    classifier.classify(mates, call, evidence);
    return call;
  }
  [[nodiscard]] std::string_view name(std::uint32_t taxon) const { return database_->name(taxon); }

 private:
  testing::TempDir dir_;
  std::unique_ptr<db::Database> database_;
};

TEST(ReadClassifierTies, GoToTheGenusWhoseReferencesAgreeAsAShare) {
  // The read's hits are held by 2 of Alpha's 2 references and 3 of Beta's 10:
  // as shares Alpha agrees (1.0 against 0.3), though Beta has more references
  // holding them. The genus duel averages two bootstraps. Held: no hit is held
  // by one genus only, so every round ties, and Alpha wins ties in proportion
  // 1.0 : 0.3. Shared: every hit's shares differ by +0.7, so Alpha wins every
  // round. Half of the rounds are then ties: 0.5 * 1/1.3 + 0.5 * (0.5 + 1) / 2
  // = 0.760, below a --confidence of 0.8.
  const std::string shared = testing::random_sequence(300, 99);
  const FastaDatabase database(shared_stretch_reference(shared));
  const ReadCall call = database.classify(shared.substr(50, 200), {.confidence = 0.8});
  const RankCall& genus = call.lineage[6];
  ASSERT_EQ(kCalledRanks[6], Rank::kGenus);
  EXPECT_EQ(database.name(genus.taxon), "Alpha");
  EXPECT_EQ(database.name(genus.rival), "Beta");
  EXPECT_NEAR(genus.beats_rival, 0.5 / 1.3 + 0.5 * 0.75, 1e-3);
  EXPECT_EQ(database.name(call.taxon), "Bacillaceae");
}

TEST(ReadClassifierRivals, TheStrongestRivalIsFoundBeyondTheLeadingCandidates) {
  // A long read made of pieces of 70 species of one genus (the first piece
  // longest), then shorter ones of twelve other genera and one of Beta:
  // every one of the 64 leading candidates is an Alpha species, and the genus
  // rival must still be the strongest other genus, Beta, not whichever
  // candidate the partial sort left first.
  std::string fasta, read;
  const auto add = [&](const std::string& genus, const std::string& species, std::uint64_t seed, std::size_t piece) {
    const std::string sequence = testing::random_sequence(500, seed);
    fasta += ">" + species + ";tax=d:Bacteria,p:Firmicutes,c:Bacilli,o:Bacillales,f:Bacillaceae,g:" + genus + ",s:" +
             species + ";\n" + sequence + "\n";
    read += sequence.substr(0, piece);
    return sequence.substr(0, piece);
  };
  const std::string best_piece = add("Alpha", "Alpha first", 1000, 450);
  for (std::uint64_t s = 2; s <= 70; ++s) add("Alpha", "Alpha s" + std::to_string(s), 1000 + s, 180);
  for (std::uint64_t g = 1; g <= 12; ++g) add("Gamma" + std::to_string(g), "Gamma" + std::to_string(g) + " one", 3000 + g, 50);
  const std::string rival_piece = add("Beta", "Beta one", 2000, 90);
  const FastaDatabase database(fasta);
  const ReadCall call = database.classify(read);
  const RankCall& genus = call.lineage[6];
  ASSERT_EQ(kCalledRanks[6], Rank::kGenus);
  EXPECT_EQ(database.name(genus.taxon), "Alpha");
  ASSERT_NE(genus.rival, kNoTaxon);
  EXPECT_EQ(database.name(genus.rival), "Beta");
  EXPECT_EQ(database.name(call.lineage[7].taxon), "Alpha first");
  // The duel, worked out by hand: the pieces share no minimizer, so the best
  // holds its own piece's hits, Beta its piece's, and every other hit is
  // neither's; one reference per species makes the shares duel the same as
  // the held one. Rounds that draw neither end in a tie, shared 1 : 1 by
  // agreement (Beta counts its own, beyond the 64 leaders).
  const double best_hits = database.classify(best_piece).hit_count;
  const double rival_hits = database.classify(rival_piece).hit_count;
  const double hits = call.hit_count;
  const double mean = (best_hits - rival_hits) / hits;
  const double variance = (best_hits + rival_hits) / hits - mean * mean;
  const double decided = 0.5 * std::erfc(-std::sqrt(32.0) * mean / std::sqrt(variance) / std::sqrt(2.0));
  const double tie = std::pow(1.0 - (best_hits + rival_hits) / hits, 32.0);
  EXPECT_NEAR(genus.beats_rival, (1.0 - tie) * decided + tie * 0.5, 1e-4);
}

}  // namespace
}  // namespace neurotax::kernels

namespace neurotax::kernels {
namespace {

constexpr std::size_t kGenus = 6;  // kCalledRanks[6]

/// `sequence` with every `every`-th base changed: no exact 31-mer survives
/// (a novel strain's minimizers), most 7-mers do (its words).
std::string diverged(std::string sequence, std::size_t every) {
  for (std::size_t i = every / 2; i < sequence.size(); i += every) sequence[i] = sequence[i] == 'A' ? 'C' : 'A';
  return sequence;
}

TEST_F(ReadClassifierTest, GenusWordsLeaveClearCallsSure) {
  for (const auto& [genus, sequence] : references_) {
    const ReadCall minimizers = classify({sequence.substr(300, 250)});
    const ReadCall words = classify({sequence.substr(300, 250)}, {}, true);
    EXPECT_EQ(name_of_call(words), genus);
    EXPECT_EQ(words.taxon, minimizers.taxon);
    EXPECT_GT(words.lineage[kGenus].confidence, 0.95F);
  }
}

/// A novel strain of the genus of `body`: its variable region shares no exact
/// minimizer with the references but many of its words; its end holds
/// `bacillus_exact` bases of Bacillus and `virgibacillus_exact` of
/// Virgibacillus exactly, the hits that tear the minimizers between the two.
std::string torn_read(const std::string& body, const std::vector<std::pair<std::string, std::string>>& references,
                      std::size_t bacillus_exact, std::size_t virgibacillus_exact) {
  return body.substr(150, 50) + diverged(body.substr(200, 250), 14) + references[0].second.substr(460, bacillus_exact) +
         references[2].second.substr(480, virgibacillus_exact);
}

TEST_F(ReadClassifierTest, GenusWordsOverruleAnUnsureMinimizerCall) {
  // A Virgibacillus strain whose exact hits tie: the minimizers lean to Bacillus by a hair.
  const std::string read = torn_read(references_[2].second, references_, 42, 44);
  const ReadCall minimizers = classify({read});
  const ReadCall words = classify({read}, {}, true);
  ASSERT_NE(minimizers.lineage[kGenus].taxon, kNoTaxon);
  EXPECT_EQ(database_->name(minimizers.lineage[kGenus].taxon), "Bacillus");
  EXPECT_LT(minimizers.lineage[kGenus].confidence, 0.6F);
  ASSERT_NE(words.lineage[kGenus].taxon, kNoTaxon);
  EXPECT_EQ(database_->name(words.lineage[kGenus].taxon), "Virgibacillus");
  EXPECT_EQ(database_->name(words.lineage[kGenus].rival), "Bacillus");
  EXPECT_EQ(words.lineage[kGenus + 1].taxon, kNoTaxon);  // the words say nothing of species
  // Its words and a Virgibacillus reference nearer than any of Bacillus's
  // make Virgibacillus the likelier genus, though not by much: the strain
  // lies far from every reference (a fourteenth of its bases changed).
  EXPECT_GT(words.lineage[kGenus].confidence, minimizers.lineage[kGenus].confidence);
  EXPECT_EQ(name_of_call(classify({read}, {.confidence = 0.5}, true)), "Virgibacillus");
  // Off, the minimizers' call stands.
  ClassifierParams minimizers_only;
  minimizers_only.minimizers_only = true;
  const ReadCall off = classify({read}, minimizers_only, true);
  EXPECT_EQ(off.taxon, minimizers.taxon);
  EXPECT_EQ(off.lineage[kGenus].confidence, minimizers.lineage[kGenus].confidence);
}

TEST_F(ReadClassifierTest, TheGenusWithTheNearerReferenceTakesADisputedCall) {
  // A Bacillus strain with more exact Virgibacillus hits: the minimizers name
  // Virgibacillus fairly surely, but the nearest references and the words
  // side with Bacillus; a strain this far from every reference is not sure
  // of either, and is called at their family.
  const std::string read = torn_read(references_[0].second, references_, 42, 60);
  const ReadCall minimizers = classify({read});
  const ReadCall words = classify({read}, {}, true);
  EXPECT_EQ(database_->name(minimizers.lineage[kGenus].taxon), "Virgibacillus");
  EXPECT_GT(minimizers.lineage[kGenus].confidence, 0.6F);
  EXPECT_EQ(database_->name(words.lineage[kGenus].taxon), "Bacillus");
  EXPECT_EQ(database_->name(words.lineage[kGenus].rival), "Virgibacillus");
  EXPECT_EQ(name_of_call(minimizers), "Virgibacillus");
  EXPECT_EQ(name_of_call(words), "Bacillaceae");
}

TEST_F(ReadClassifierTest, GenusWordsThatAgreeCarryAnUnsureCallToTheGenus) {
  const std::string read = torn_read(references_[0].second, references_, 48, 48);
  const ClassifierParams at_075{.confidence = 0.75};
  const ReadCall minimizers = classify({read}, at_075);
  const ReadCall words = classify({read}, at_075, true);
  EXPECT_EQ(database_->name(minimizers.lineage[kGenus].taxon), "Bacillus");
  EXPECT_LT(minimizers.lineage[kGenus].confidence, 0.75F);
  EXPECT_NE(name_of_call(minimizers), "Bacillus");
  EXPECT_GT(words.lineage[kGenus].confidence, 0.75F);
  EXPECT_EQ(name_of_call(words), "Bacillus");
}

}  // namespace
}  // namespace neurotax::kernels
