#include "neurotax/kernels/genus_words.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "neurotax/common/errors.hpp"
#include "neurotax/db/database.hpp"
#include "test_support.hpp"

namespace neurotax::kernels {
namespace {

using namespace genus_words;

std::uint32_t code_of(const std::string& word) {
  std::uint32_t code = 0;
  for (const char base : word) code = (code << 2) | kBaseCode[static_cast<unsigned char>(base)];
  return code;
}

std::multiset<std::uint32_t> words_of(const std::string& sequence) {
  std::multiset<std::uint32_t> words;
  for_each_word(sequence, [&](std::uint32_t word) { words.insert(word); });
  return words;
}

TEST(GenusWords, EveryWordAndItsReverseComplementShareOneIndex) {
  std::map<std::uint32_t, int> uses;
  for (std::uint32_t code = 0; code < (1U << (2 * kWordLength)); ++code) {
    std::uint32_t reverse = 0;
    for (unsigned base = 0; base < kWordLength; ++base) reverse = (reverse << 2) | (3U - ((code >> (2 * base)) & 3U));
    const std::uint32_t index = canonical_index(code, reverse);
    ASSERT_LT(index, kCanonicalWords);
    ASSERT_EQ(index, canonical_index(reverse, code));
    ++uses[index];
  }
  EXPECT_EQ(uses.size(), kCanonicalWords);
  for (const auto& [index, count] : uses) ASSERT_EQ(count, 2) << index;
}

TEST(GenusWords, HalfTheWordsAreSampledIntoADenseRange) {
  std::set<std::uint32_t> sampled;
  for (std::uint32_t canonical = 0; canonical < kCanonicalWords; ++canonical)
    if (const std::uint32_t index = sampled_index(canonical); index != kUnsampled) sampled.insert(index);
  EXPECT_EQ(sampled.size(), kWords);
  EXPECT_EQ(*sampled.rbegin(), kWords - 1);
}

TEST(GenusWords, BothStrandsGiveTheSameWordsAndAmbiguousBasesBreakThem) {
  const std::string sequence = testing::random_sequence(300, 5);
  EXPECT_EQ(words_of(sequence), words_of(testing::reverse_complement(sequence)));
  EXPECT_GT(words_of(sequence).size(), 100U);  // about half of 294 words
  EXPECT_TRUE(words_of("ACGTAC").empty());
  // An N in the middle of 13 bases leaves no 7-mer without it.
  EXPECT_TRUE(words_of("ACGTACNGTACGT").empty());
  const std::uint32_t canonical = canonical_index(code_of("AAAAAAA"), code_of("TTTTTTT"));
  ASSERT_NE(sampled_index(canonical), kUnsampled);  // poly-A ends in A
  EXPECT_EQ(words_of("AAAAAAANTTTTTTT"), (std::multiset<std::uint32_t>{sampled_index(canonical), sampled_index(canonical)}));
}

class GenusWordModelTest : public ::testing::Test {
 protected:
  void SetUp() override { database_ = std::make_unique<db::Database>(testing::build_synthetic_database(dir_, references_)); }

  std::uint32_t genus(const std::string& name) const { return database_->find_by_name(name).at(0); }

  testing::TempDir dir_;
  std::vector<std::pair<std::string, std::string>> references_;  // (genus, sequence), two per genus
  std::unique_ptr<db::Database> database_;
};

TEST_F(GenusWordModelTest, LikelihoodsFollowRdpsEstimate) {
  // P(w | g) = (references of g holding w + P_w) / (references of g + 1),
  // P_w = (references holding w + 0.5) / (references + 1), counted here from
  // the reference sequences themselves.
  const GenusWordModel& model = database_->genus_words();
  EXPECT_EQ(model.profiles(), 3U);
  std::vector<std::set<std::uint32_t>> held;
  for (const auto& [name, sequence] : references_) {
    const auto words = words_of(sequence);
    held.emplace_back(words.begin(), words.end());
  }
  const std::string& bacillus = references_[0].second;
  std::size_t checked = 0;
  for (std::size_t start = 0; start + kWordLength <= bacillus.size(); start += 23) {
    const auto words = words_of(bacillus.substr(start, kWordLength));
    if (words.empty()) continue;
    const std::uint32_t word = *words.begin();
    for (const std::string name : {"Bacillus", "Virgibacillus", "Enterococcus"}) {
      int in_genus = 0, anywhere = 0;
      for (std::size_t r = 0; r < references_.size(); ++r) {
        const bool holds = held[r].count(word) > 0;
        anywhere += holds;
        in_genus += holds && references_[r].first == name;
      }
      const double prior = (anywhere + 0.5) / (static_cast<double>(references_.size()) + 1.0);
      const double share = std::max(in_genus > 0 ? 1.0 : 0.0, std::round(255.0 * in_genus / 2.0)) / 255.0;
      const double expected = std::log((share * 2.0 + prior) / 3.0);
      EXPECT_NEAR(model.log_likelihood(model.profile_of(genus(name)), word), expected, 1e-4) << name << " " << start;
      ++checked;
    }
  }
  EXPECT_GT(checked, 20U);
  EXPECT_EQ(model.profile_of(genus("Bacillaceae")), GenusWordModel::kNoProfile);
}

TEST_F(GenusWordModelTest, JudgeNamesTheGenusWhoseWordsTheReadHas) {
  GenusWordJudge judge(database_->genus_words());
  const std::vector<std::uint32_t> genera = {genus("Enterococcus"), genus("Virgibacillus"), genus("Bacillus")};
  for (std::size_t r = 0; r < references_.size(); r += 2) {
    const std::string read = references_[r].second.substr(300, 250);
    const std::string_view mates[] = {read};
    const auto verdict = judge.judge(mates, genera);
    ASSERT_TRUE(verdict.has_value());
    EXPECT_EQ(database_->name(verdict->genus), references_[r].first);
    EXPECT_GT(verdict->confidence, 0.99);
  }
  // The conserved start, which every genus holds alike: no genus stands out.
  const std::string conserved = references_[0].second.substr(0, 190);
  const std::string_view mates[] = {conserved};
  const auto verdict = judge.judge(mates, genera);
  ASSERT_TRUE(verdict.has_value());
  EXPECT_LE(verdict->confidence, 0.5);
  // Nothing to judge: no word, or no genus with a profile.
  const std::string too_short = "ACGTAC";
  const std::string_view short_mates[] = {too_short};
  EXPECT_FALSE(judge.judge(short_mates, genera).has_value());
  const std::vector<std::uint32_t> family = {genus("Bacillaceae")};
  EXPECT_FALSE(judge.judge(mates, family).has_value());
}

TEST_F(GenusWordModelTest, KeptRowsHoldEveryWordsLikelihoodAndTheirBudgetIsKept) {
  const GenusWordModel& model = database_->genus_words();
  for (std::uint32_t profile = 0; profile < model.profiles(); ++profile) {
    const float* row = model.likelihood_row(profile);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(model.likelihood_row(profile), row);  // worked out once
    for (std::uint32_t word = 0; word < kWords; ++word)
      ASSERT_EQ(row[word], model.log_likelihood(profile, word)) << profile << " " << word;
  }
  // A model allowed one row keeps the first asked for, and no other.
  const auto& taxonomy = database_->taxonomy();
  const GenusWordsView& view = model.view();
  const GenusWordModel one_row(view, taxonomy, 1);
  EXPECT_NE(one_row.likelihood_row(1), nullptr);
  EXPECT_EQ(one_row.likelihood_row(0), nullptr);
  EXPECT_EQ(one_row.likelihood_row(2), nullptr);
  EXPECT_NE(one_row.likelihood_row(1), nullptr);
  // Judged with rows or without, the verdicts are the same.
  const GenusWordModel no_rows(view, taxonomy, 0);
  GenusWordJudge with_rows(model), without_rows(no_rows);
  const std::vector<std::uint32_t> genera = {genus("Enterococcus"), genus("Virgibacillus"), genus("Bacillus")};
  for (const auto& [name, sequence] : references_)
    for (const std::size_t start : {0UL, 200UL, 400UL}) {
      const std::string read = sequence.substr(start, 250);
      const std::string_view mates[] = {read};
      const auto quick = with_rows.judge(mates, genera);
      const auto direct = without_rows.judge(mates, genera);
      ASSERT_TRUE(quick.has_value() && direct.has_value());
      EXPECT_EQ(quick->genus, direct->genus);
      EXPECT_EQ(quick->confidence, direct->confidence);
    }
}

TEST_F(GenusWordModelTest, NearestNamesTheGenusHoldingMostOfTheNearestReferences) {
  GenusWordJudge judge(database_->genus_words());
  const auto near_words_of = [](const std::string& sequence) {
    std::set<std::uint32_t> near;
    for (const std::uint32_t word : words_of(sequence))
      if (is_near_word(word)) near.insert(near_index(word));
    return near;
  };
  const std::vector<std::string> names = {"Enterococcus", "Virgibacillus", "Bacillus"};
  const std::vector<std::uint32_t> genera = {genus(names[0]), genus(names[1]), genus(names[2])};
  for (std::size_t r = 0; r < references_.size(); ++r) {
    for (const std::size_t start : {0UL, 150UL, 300UL}) {
      const std::string read = references_[r].second.substr(start, 250);
      const std::string_view mates[] = {read};
      const std::set<std::uint32_t> read_words = near_words_of(read);
      ASSERT_FALSE(read_words.empty());
      // Brute force: how many of each genus's references hold the most near words.
      std::map<std::string, std::size_t> at_most;
      std::size_t most = 0;
      for (const auto& [reference_genus, sequence] : references_) {
        const std::set<std::uint32_t> held = near_words_of(sequence);
        const auto shared = static_cast<std::size_t>(std::count_if(
            read_words.begin(), read_words.end(), [&](std::uint32_t word) { return held.count(word) > 0; }));
        if (shared > most) {
          most = shared;
          at_most.clear();
        }
        if (shared == most) ++at_most[reference_genus];
      }
      std::size_t all = 0, best = 0;
      std::string best_name;
      for (const std::string& name : names) {
        all += at_most[name];
        if (at_most[name] > best) best = at_most[name], best_name = name;
      }
      const auto verdict = judge.nearest(mates, genera);
      ASSERT_TRUE(verdict.has_value());
      EXPECT_EQ(database_->name(verdict->genus), best_name) << r << " " << start;
      EXPECT_DOUBLE_EQ(verdict->confidence, static_cast<double>(best) / static_cast<double>(all)) << r << " " << start;
      EXPECT_EQ(verdict->holders, best);
      // A read of a reference lies on it.
      EXPECT_EQ(most, read_words.size());
      // Both opinions from one pass are the two verdicts.
      const GenusWordJudge::Opinions both = judge.opinions(mates, genera, {});
      ASSERT_TRUE(both.nearest.has_value() && both.words.has_value());
      EXPECT_EQ(both.nearest->genus, verdict->genus);
      EXPECT_EQ(both.nearest->confidence, verdict->confidence);
      const auto words = judge.judge(mates, genera);
      EXPECT_EQ(both.words->genus, words->genus);
      EXPECT_EQ(both.words->confidence, words->confidence);
    }
  }
  // The conserved start, which every reference holds: every genus's lie nearest alike.
  const std::string conserved = references_[0].second.substr(0, 190);
  const std::string_view conserved_mates[] = {conserved};
  const auto split = judge.nearest(conserved_mates, genera);
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->genus, genera[0]);  // the order given breaks the tie
  EXPECT_NEAR(split->confidence, 1.0 / 3.0, 1e-12);
  // Nothing to judge: no near word, or no genus with a profile.
  const std::string too_short = "ACGTAC";
  const std::string_view short_mates[] = {too_short};
  EXPECT_FALSE(judge.nearest(short_mates, genera).has_value());
  const std::string read = references_[0].second.substr(150, 250);
  const std::string_view mates[] = {read};
  const std::vector<std::uint32_t> family = {genus("Bacillaceae")};
  EXPECT_FALSE(judge.nearest(mates, family).has_value());
}

TEST_F(GenusWordModelTest, AFamilysGeneraAreCountedAsOneUnit) {
  const GenusWordModel& model = database_->genus_words();
  const std::uint32_t bacillus = model.profile_of(genus("Bacillus"));
  const std::uint32_t virgibacillus = model.profile_of(genus("Virgibacillus"));
  const std::uint32_t enterococcus = model.profile_of(genus("Enterococcus"));
  // Bacillus and Virgibacillus share Bacillaceae: one unit, their references
  // transposed together; Enterococcus is alone in its family.
  EXPECT_EQ(model.units(), 2U);
  EXPECT_EQ(model.unit_of(bacillus), model.unit_of(virgibacillus));
  EXPECT_NE(model.unit_of(bacillus), model.unit_of(enterococcus));
  EXPECT_EQ(model.unit_blocks(model.unit_of(bacillus)), 1U);  // four references
  const std::span<const std::uint32_t> bacillaceae = model.profiles_within(database_->taxonomy(), genus("Bacillaceae"));
  EXPECT_EQ(std::set<std::uint32_t>(bacillaceae.begin(), bacillaceae.end()), (std::set<std::uint32_t>{bacillus, virgibacillus}));
  EXPECT_EQ(model.profiles_within(database_->taxonomy(), genus("Bacilli")).size(), 3U);
  EXPECT_TRUE(model.profiles_within(database_->taxonomy(), genus("Bacillus")).size() == 1);

  // Whatever genera are counted together, and in whatever order, each gets
  // the nearness counted reference by reference.
  const auto near_words_of = [](const std::string& sequence) {
    std::set<std::uint32_t> near;
    for (const std::uint32_t word : words_of(sequence))
      if (is_near_word(word)) near.insert(near_index(word));
    return near;
  };
  const std::vector<std::vector<std::uint32_t>> groups = {
      {bacillus}, {virgibacillus}, {virgibacillus, bacillus}, {enterococcus, virgibacillus, bacillus}, {bacillus, enterococcus}};
  GenusWordModel::NearestScratch scratch;
  for (std::size_t r = 0; r < references_.size(); ++r)
    for (const std::size_t start : {0UL, 200UL, 350UL}) {
      std::string read = references_[r].second.substr(start, 150);
      read[40] = read[40] == 'G' ? 'T' : 'G';  // an error: no reference holds every near word
      const std::set<std::uint32_t> read_words = near_words_of(read);
      const std::vector<std::uint32_t> near_words(read_words.begin(), read_words.end());
      std::map<std::string, GenusWordModel::Nearness> expected;
      for (const auto& [name, sequence] : references_) {
        const std::set<std::uint32_t> held = near_words_of(sequence);
        const auto shared = static_cast<unsigned>(std::count_if(
            read_words.begin(), read_words.end(), [&](std::uint32_t word) { return held.count(word) > 0; }));
        GenusWordModel::Nearness& nearness = expected[name];
        if (shared > nearness.most) nearness = {shared, 0};
        if (shared == nearness.most) ++nearness.holding;
      }
      for (const std::vector<std::uint32_t>& group : groups) {
        std::vector<GenusWordModel::Nearness> counted(group.size());
        model.count_nearest(group, near_words, counted, scratch);
        for (std::size_t g = 0; g < group.size(); ++g) {
          const GenusWordModel::Nearness& want = expected[std::string(database_->name(model.view().genera[group[g]]))];
          EXPECT_EQ(counted[g].most, want.most) << r << " " << start << " " << g;
          EXPECT_EQ(counted[g].holding, want.holding) << r << " " << start << " " << g;
        }
      }
    }
}

TEST_F(GenusWordModelTest, OpinionsSeekTheNearestReferencesInWholeClades) {
  GenusWordJudge judge(database_->genus_words());
  const TaxonomyView& taxonomy = database_->taxonomy();
  const std::string read = references_[2].second.substr(250, 200);  // a Virgibacillus reference's
  const std::string_view mates[] = {read};
  const std::vector<std::uint32_t> leading = {genus("Enterococcus")};
  const std::vector<std::uint32_t> bacillaceae = {genus("Bacillaceae")};
  // Its genus is found through its family, beside the leading genus.
  const GenusWordJudge::Opinions searched = judge.opinions(mates, leading, {&taxonomy, bacillaceae, 4});
  ASSERT_TRUE(searched.nearest.has_value() && searched.words.has_value());
  EXPECT_EQ(database_->name(searched.nearest->genus), "Virgibacillus");
  EXPECT_DOUBLE_EQ(searched.nearest->confidence, 1.0);
  EXPECT_EQ(database_->name(searched.words->genus), "Virgibacillus");
  // A clade of more references than allowed is left out: the leading genus alone is judged.
  const GenusWordJudge::Opinions confined = judge.opinions(mates, leading, {&taxonomy, bacillaceae, 3});
  ASSERT_TRUE(confined.nearest.has_value());
  EXPECT_EQ(database_->name(confined.nearest->genus), "Enterococcus");
  EXPECT_FALSE(judge.opinions(mates, {}, {&taxonomy, bacillaceae, 3}).nearest.has_value());
  // Without a leading genus, the clade alone.
  const GenusWordJudge::Opinions alone = judge.opinions(mates, {}, {&taxonomy, bacillaceae, 4});
  ASSERT_TRUE(alone.nearest.has_value());
  EXPECT_EQ(database_->name(alone.nearest->genus), "Virgibacillus");
}

TEST_F(GenusWordModelTest, ResamplingTheNearWordsSaysHowFirmlyTheyNameAGenus) {
  const std::vector<std::uint32_t> genera = {genus("Bacillus"), genus("Virgibacillus"), genus("Enterococcus")};
  // A Virgibacillus read from the genus's own stretch: every draw of its near
  // words finds Virgibacillus's references nearest, and them alone.
  const std::string own = references_[2].second.substr(250, 300);
  const std::string_view own_mates[] = {own};
  GenusWordJudge judge(database_->genus_words());
  const GenusWordJudge::Opinions plain = judge.opinions(own_mates, genera, {});
  ASSERT_TRUE(plain.nearest.has_value());
  EXPECT_DOUBLE_EQ(plain.nearest->resampled, 0.0);  // not asked
  const GenusWordJudge::Opinions firm = judge.opinions(own_mates, genera, {}, true);
  ASSERT_TRUE(firm.nearest.has_value());
  EXPECT_EQ(database_->name(firm.nearest->genus), "Virgibacillus");
  EXPECT_DOUBLE_EQ(firm.nearest->resampled, 1.0);
  // Half Bacillus, half Virgibacillus: the draws name one and the other.
  const std::string chimera = references_[0].second.substr(250, 150) + references_[2].second.substr(400, 150);
  const std::string_view chimera_mates[] = {chimera};
  const GenusWordJudge::Opinions torn = judge.opinions(chimera_mates, genera, {}, true);
  ASSERT_TRUE(torn.nearest.has_value());
  EXPECT_GT(torn.nearest->resampled, 0.0);
  EXPECT_LT(torn.nearest->resampled, 0.9);
  // The draws follow from the fragment alone: the same on another judge (another thread).
  GenusWordJudge other(database_->genus_words());
  (void)other.opinions(own_mates, genera, {}, true);
  EXPECT_DOUBLE_EQ(other.opinions(chimera_mates, genera, {}, true).nearest->resampled, torn.nearest->resampled);
}

TEST_F(GenusWordModelTest, InconsistentViewsAreRefused) {
  const auto& taxonomy = database_->taxonomy();
  std::vector<std::uint32_t> genera = {genus("Bacillus")};  // two references
  std::vector<std::uint64_t> presence(kPresenceWords, 0);
  presence[0] = 0b101;
  std::vector<std::uint8_t> shares = {255, 128};
  std::vector<std::uint32_t> word_references(kWords, 0);
  word_references[0] = word_references[2] = 1;
  std::vector<std::uint32_t> rows = {0, 2};
  std::vector<std::uint64_t> near(2 * kNearPresenceWords, 0);
  std::vector<std::uint64_t> checksums = {near_word_rows_checksum(near)};
  const auto view_of = [&](std::span<const std::uint32_t> profile_genera, std::span<const std::uint8_t> profile_shares,
                           std::uint64_t references, std::span<const std::uint32_t> reference_rows,
                           std::span<const std::uint64_t> near_words) {
    return GenusWordsView{profile_genera, presence,       profile_shares, word_references,
                          references,     reference_rows, near_words,     checksums};
  };
  EXPECT_NO_THROW((void)GenusWordModel(view_of(genera, shares, 6, rows, near), taxonomy));
  std::vector<std::uint8_t> one_share = {255};
  EXPECT_THROW((void)GenusWordModel(view_of(genera, one_share, 6, rows, near), taxonomy), std::invalid_argument);
  std::vector<std::uint8_t> zero_share = {255, 0};
  EXPECT_THROW((void)GenusWordModel(view_of(genera, zero_share, 6, rows, near), taxonomy), std::invalid_argument);
  std::vector<std::uint32_t> family = {genus("Bacillaceae")};
  EXPECT_THROW((void)GenusWordModel(view_of(family, shares, 6, rows, near), taxonomy), std::invalid_argument);
  std::vector<std::uint32_t> beyond = {static_cast<std::uint32_t>(taxonomy.size())};
  EXPECT_THROW((void)GenusWordModel(view_of(beyond, shares, 6, rows, near), taxonomy), std::invalid_argument);
  EXPECT_THROW((void)GenusWordModel(view_of(genera, shares, 0, rows, near), taxonomy), std::invalid_argument);
  // A row for each of the genus's references, and near words for each row.
  std::vector<std::uint32_t> one_row = {0, 1};
  EXPECT_THROW((void)GenusWordModel(view_of(genera, shares, 6, one_row, near), taxonomy), std::invalid_argument);
  std::vector<std::uint32_t> no_end = {0};
  EXPECT_THROW((void)GenusWordModel(view_of(genera, shares, 6, no_end, near), taxonomy), std::invalid_argument);
  std::vector<std::uint64_t> short_near(kNearPresenceWords, 0);
  EXPECT_THROW((void)GenusWordModel(view_of(genera, shares, 6, rows, short_near), taxonomy), std::invalid_argument);
  checksums.clear();  // a checksum for each profile's rows
  EXPECT_THROW((void)GenusWordModel(view_of(genera, shares, 6, rows, near), taxonomy), std::invalid_argument);
  // Rows that fail their checksum are refused when first used, naming the database.
  checksums = {near_word_rows_checksum(near)};
  std::vector<std::uint64_t> altered = near;
  altered[3] = 1;
  const GenusWordModel model(view_of(genera, shares, 6, rows, altered), taxonomy, GenusWordModel::kMaxRows, "16s.ntdb");
  try {
    (void)model.near_columns(model.unit_of(0));
    ADD_FAILURE() << "altered near words were used";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("16s.ntdb: the near words of genus word profile 0 fail their checksum"),
              std::string::npos)
        << error.what();
  }
  const GenusWordModel intact(view_of(genera, shares, 6, rows, near), taxonomy);
  EXPECT_NE(intact.near_columns(intact.unit_of(0)), nullptr);
}

}  // namespace
}  // namespace neurotax::kernels
