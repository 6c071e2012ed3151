#pragma once
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>

#include <cstddef>

#include "neurotax/common/thread_handover.hpp"

namespace neurotax::db {

/// TBB parallel work with the thread handovers spelled out for
/// ThreadSanitizer: the caller's data to every task, every task's results
/// (or its unwinding) back to the caller.
template <typename... Tasks>
void run_side_by_side(const Tasks&... tasks) {
  int token = 0;
  hand_over(&token);
  const TakeOverAtExit joined(&token);
  tbb::parallel_invoke([&] {
    take_over(&token);
    const HandOverAtExit done(&token);
    tasks();
  }...);
}

/// tbb::parallel_for over [0, n) in blocks of at least `grain`, handed over as above.
template <typename Body>
void for_ranges_in_parallel(std::size_t n, const Body& body, std::size_t grain = 64) {
  int token = 0;
  hand_over(&token);
  const TakeOverAtExit joined(&token);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain), [&](const tbb::blocked_range<std::size_t>& range) {
    take_over(&token);
    const HandOverAtExit done(&token);
    body(range);
  });
}

}  // namespace neurotax::db
