#include "neurotax/kernels/normal_cdf.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace neurotax::kernels {
namespace {
constexpr double kRange = 8.0;
constexpr double kKnotsPerUnit = 64.0;

double exact_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }
double density(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }
}  // namespace

NormalCdf::NormalCdf() {
  const auto knots = static_cast<int>(2.0 * kRange * kKnotsPerUnit) + 1;
  knots_.reserve(static_cast<std::size_t>(knots));
  for (int k = 0; k < knots; ++k) {
    const double z = -kRange + k / kKnotsPerUnit;
    knots_.push_back({exact_cdf(z), density(z)});
  }
}

double NormalCdf::operator()(double z) const noexcept {
  if (!(z > -kRange)) return std::isnan(z) ? z : exact_cdf(z);
  if (z >= kRange) return 1.0;
  const double position = (z + kRange) * kKnotsPerUnit;
  // Just below kRange, z + kRange can round up to 2 kRange: the last interval.
  const std::size_t k = std::min(static_cast<std::size_t>(position), knots_.size() - 2);
  const double t = position - static_cast<double>(k);
  const Knot& left = knots_[k];
  const Knot& right = knots_[k + 1];
  // Hermite basis on [0, 1], slopes scaled to the knot spacing.
  const double step = 1.0 / kKnotsPerUnit;
  const double t2 = t * t, t3 = t2 * t;
  return (2 * t3 - 3 * t2 + 1) * left.value + (t3 - 2 * t2 + t) * step * left.slope + (-2 * t3 + 3 * t2) * right.value +
         (t3 - t2) * step * right.slope;
}

}  // namespace neurotax::kernels
