#include "neurotax/kernels/normal_cdf.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

namespace neurotax::kernels {
namespace {

double reference_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

TEST(NormalCdf, MatchesErfcEverywhere) {
  const NormalCdf cdf;
  double worst = 0.0;
  for (double z = -12.0; z <= 12.0; z += 0.0007) worst = std::max(worst, std::abs(cdf(z) - reference_cdf(z)));
  EXPECT_LT(worst, 1e-10);
}

TEST(NormalCdf, KnownValuesAndTails) {
  const NormalCdf cdf;
  EXPECT_DOUBLE_EQ(cdf(0.0), 0.5);
  EXPECT_NEAR(cdf(1.0), 0.8413447460685429, 1e-10);
  EXPECT_NEAR(cdf(-1.959963984540054), 0.025, 1e-10);
  EXPECT_EQ(cdf(9.0), 1.0);
  EXPECT_EQ(cdf(1e300), 1.0);
  EXPECT_GT(cdf(-9.0), 0.0);  // exact below the table: a tiny chance is not zero
  EXPECT_DOUBLE_EQ(cdf(-9.0), reference_cdf(-9.0));
  EXPECT_EQ(cdf(-std::numeric_limits<double>::infinity()), 0.0);
  EXPECT_TRUE(std::isnan(cdf(std::nan(""))));
  // The largest z below the table's end, where z + 8 rounds to 16: still in the table.
  const double below_end = std::nextafter(8.0, 0.0);
  EXPECT_NEAR(cdf(below_end), 1.0, 1e-14);
}

TEST(NormalCdf, StaysAProbability) {
  const NormalCdf cdf;
  for (double z = -9.0; z <= 9.0; z += 0.0003) {
    EXPECT_GE(cdf(z), 0.0) << "at " << z;
    EXPECT_LE(cdf(z), 1.0) << "at " << z;
  }
}

}  // namespace
}  // namespace neurotax::kernels
