#include "neurotax/kernels/taxonomy_view.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace neurotax::kernels {
namespace {

bool is_ancestor_or_self(const std::vector<std::uint32_t>& parents, std::uint32_t a, std::uint32_t b) {
  while (true) {
    if (a == b) return true;
    if (b == 0) return false;
    b = parents[b];
  }
}

TEST(PreorderIntervals, AgreeWithWalkingUpTheTree) {
  // A random tree whose parents precede their children, as the builder guarantees.
  std::mt19937 random(7);
  std::vector<std::uint32_t> parents{0};
  for (std::uint32_t t = 1; t < 300; ++t) parents.push_back(static_cast<std::uint32_t>(random() % t));
  const PreorderIntervals intervals = derive_preorder_intervals(parents);
  EXPECT_EQ(intervals.preorder[0], 0U);
  EXPECT_EQ(intervals.subtree_end[0], parents.size());
  std::vector<bool> numbered(parents.size(), false);
  for (const std::uint32_t number : intervals.preorder) {
    ASSERT_LT(number, parents.size());
    EXPECT_FALSE(numbered[number]) << "preorder numbers must be distinct";
    numbered[number] = true;
  }
  for (std::uint32_t a = 0; a < parents.size(); ++a)
    for (std::uint32_t b = 0; b < parents.size(); ++b)
      EXPECT_EQ(intervals.preorder[a] <= intervals.preorder[b] && intervals.preorder[b] < intervals.subtree_end[a],
                is_ancestor_or_self(parents, a, b))
          << a << " over " << b;
}

TEST(PreorderIntervals, SingleRoot) {
  const PreorderIntervals intervals = derive_preorder_intervals(std::vector<std::uint32_t>{0});
  EXPECT_EQ(intervals.preorder, std::vector<std::uint32_t>{0});
  EXPECT_EQ(intervals.subtree_end, std::vector<std::uint32_t>{1});
}

}  // namespace
}  // namespace neurotax::kernels
