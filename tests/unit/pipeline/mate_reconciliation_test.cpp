#include "neurotax/pipeline/mate_reconciliation.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace neurotax::pipeline {
namespace {

/// Mates of a 253-base fragment read 250 bases from each end, the second with
/// a sequencing error read at quality 2 where the first mate reads the base at 40.
struct ErroneousPair {
  std::string fragment = testing::random_sequence(253, 21);
  Fragment pair;
  ErroneousPair() {
    pair.id = "pair";
    pair.paired = true;
    pair.mates[0] = fragment.substr(0, 250);
    pair.qualities[0] = std::string(250, 'I');
    pair.mates[1] = testing::reverse_complement(fragment.substr(3));
    pair.qualities[1] = std::string(250, 'I');
    char& base = pair.mates[1][100];  // faces the first mate's base 152
    base = base == 'A' ? 'C' : 'A';
    pair.qualities[1][100] = '#';
  }
};

TEST(ReconciledMates, TheClassifierReadsCorrectedCopiesAndTheFragmentKeepsItsBases) {
  const ErroneousPair erroneous;
  ReconciledMates mates;
  mates.take(erroneous.pair, true);
  ASSERT_EQ(mates.mates().size(), 2U);
  EXPECT_EQ(mates.mates()[0], erroneous.pair.mates[0]);
  EXPECT_EQ(mates.mates()[1], testing::reverse_complement(erroneous.fragment.substr(3)));
  EXPECT_NE(erroneous.pair.mates[1], mates.mates()[1]);  // the read as sequenced, for the read files
}

TEST(ReconciledMates, TurnedOffSingleOrWithoutDifferingQualitiesTheMatesAreTheFragments) {
  ErroneousPair erroneous;
  ReconciledMates mates;
  mates.take(erroneous.pair, false);
  EXPECT_EQ(mates.mates()[1].data(), erroneous.pair.mates[1].data());
  erroneous.pair.qualities[1][100] = 'I';  // one quality throughout: nothing to settle by
  mates.take(erroneous.pair, true);
  EXPECT_EQ(mates.mates()[1].data(), erroneous.pair.mates[1].data());
  erroneous.pair.qualities[0].clear();  // FASTA
  erroneous.pair.qualities[1].clear();
  mates.take(erroneous.pair, true);
  EXPECT_EQ(mates.mates()[1].data(), erroneous.pair.mates[1].data());
  erroneous.pair.paired = false;
  mates.take(erroneous.pair, true);
  ASSERT_EQ(mates.mates().size(), 1U);
  EXPECT_EQ(mates.mates()[0].data(), erroneous.pair.mates[0].data());
}

TEST(ReconciledMates, WhatTheQualitiesCannotSettleIsMaskedInTheWordsMates) {
  ErroneousPair erroneous;
  ReconciledMates mates;
  mates.take(erroneous.pair, true);  // settled: nothing left to mask
  EXPECT_EQ(mates.word_mates()[0].data(), mates.mates()[0].data());
  EXPECT_EQ(mates.word_mates()[1].data(), mates.mates()[1].data());
  erroneous.pair.qualities[1][100] = 'I';  // one quality throughout: the error stays, for the minimizers
  mates.take(erroneous.pair, true);
  EXPECT_EQ(mates.mates()[1].data(), erroneous.pair.mates[1].data());
  std::string first = erroneous.pair.mates[0], second = erroneous.pair.mates[1];
  first[152] = 'N';
  second[100] = 'N';
  EXPECT_EQ(mates.word_mates()[0], first);
  EXPECT_EQ(mates.word_mates()[1], second);
  erroneous.pair.qualities[0].clear();  // FASTA: masked all the same
  erroneous.pair.qualities[1].clear();
  mates.take(erroneous.pair, true);
  EXPECT_EQ(mates.word_mates()[1], second);
  mates.take(erroneous.pair, false);
  EXPECT_EQ(mates.word_mates()[1].data(), erroneous.pair.mates[1].data());
}

TEST(ReconciledMates, AnUnreconciledFragmentAfterAReconciledOneIsReadAsItIs) {
  const ErroneousPair erroneous;
  ReconciledMates mates;
  mates.take(erroneous.pair, true);
  Fragment clean = erroneous.pair;
  clean.mates[1] = testing::reverse_complement(erroneous.fragment.substr(3));
  mates.take(clean, true);
  EXPECT_EQ(mates.mates()[0].data(), clean.mates[0].data());
  EXPECT_EQ(mates.mates()[1].data(), clean.mates[1].data());
}

}  // namespace
}  // namespace neurotax::pipeline
