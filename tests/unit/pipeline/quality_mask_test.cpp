#include "neurotax/pipeline/quality_mask.hpp"

#include <gtest/gtest.h>

namespace neurotax::pipeline {
namespace {

Fragment fastq_pair() {
  Fragment fragment;
  fragment.id = "pair";
  fragment.paired = true;
  fragment.mates[0] = "ACGTACGT";
  fragment.qualities[0] = "II+*II!I";  // Phred 40 40 10 9 40 40 0 40
  fragment.mates[1] = "TTGCA";
  fragment.qualities[1] = "5+*I#";  // 20 10 9 40 2
  return fragment;
}

TEST(QualityMask, BasesBelowTheMinimumBecomeX) {
  Fragment fragment = fastq_pair();
  mask_low_quality_bases(fragment, 10);
  EXPECT_EQ(fragment.mates[0], "ACGxACxT");  // quality 10 stays, as in Kraken 2 (masked below it)
  EXPECT_EQ(fragment.mates[1], "TTxCx");
  EXPECT_EQ(fragment.qualities[0], "II+*II!I");  // qualities are kept
}

TEST(QualityMask, ZeroMasksNothingAndAHighMinimumMasksEverything) {
  Fragment fragment = fastq_pair();
  mask_low_quality_bases(fragment, 0);
  EXPECT_EQ(fragment.mates[0], "ACGTACGT");
  mask_low_quality_bases(fragment, 1000);
  EXPECT_EQ(fragment.mates[0], "xxxxxxxx");
  EXPECT_EQ(fragment.mates[1], "xxxxx");
}

TEST(QualityMask, ReadsWithoutQualitiesAndUnpairedSecondMatesAreLeftAlone) {
  Fragment fasta;
  fasta.mates[0] = "ACGTN";
  mask_low_quality_bases(fasta, 30);
  EXPECT_EQ(fasta.mates[0], "ACGTN");
  Fragment single = fastq_pair();
  single.paired = false;  // a single read: mates[1] is scratch left from an earlier pair
  mask_low_quality_bases(single, 10);
  EXPECT_EQ(single.mates[0], "ACGxACxT");
  EXPECT_EQ(single.mates[1], "TTGCA");
}

}  // namespace
}  // namespace neurotax::pipeline
