#include "neurotax/kernels/minimizer_index.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace neurotax::kernels {
namespace {

TEST(FingerprintFilter, NeverRejectsAHeldMinimizerAndRejectsMostOthers) {
  std::mt19937_64 random(11);
  std::vector<std::uint64_t> held(20000);
  for (std::uint64_t& minimizer : held) minimizer = random();
  std::vector<IndexSlot> slots(slot_count_for(held.size()), IndexSlot{0, 0});
  MinimizerIndexView index{slots, {}, {}};
  for (const std::uint64_t minimizer : held) {
    std::size_t i = index.home(minimizer);
    while (slots[i].fingerprint != 0) i = i + 1 == slots.size() ? 0 : i + 1;
    slots[i] = {MinimizerIndexView::fingerprint(minimizer), inline_posting({1, 1})};
  }
  const std::vector<std::uint64_t> filter = fingerprint_filter_of(slots, held.size());
  index.fingerprint_filter = filter;
  for (const std::uint64_t minimizer : held) ASSERT_TRUE(index.may_hold(minimizer));
  std::size_t passed = 0;
  constexpr std::size_t kOthers = 100000;
  for (std::size_t n = 0; n < kOthers; ++n) passed += index.may_hold(random());
  EXPECT_LT(passed, kOthers / 10) << "false positives";
  // Without a filter every minimizer may be held.
  index.fingerprint_filter = {};
  EXPECT_TRUE(index.may_hold(random()));
}

TEST(FingerprintFilter, EmptyTableGivesAOneWordFilterThatRejectsEverything) {
  const std::vector<IndexSlot> slots(4, IndexSlot{0, 0});
  const std::vector<std::uint64_t> filter = fingerprint_filter_of(slots, 0);
  ASSERT_EQ(filter.size(), 1U);
  const MinimizerIndexView index{slots, {}, filter};
  EXPECT_FALSE(index.may_hold(12345));
}

}  // namespace
}  // namespace neurotax::kernels
