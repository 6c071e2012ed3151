#pragma once
// Debian's oneTBB is not built with ThreadSanitizer, so TSan cannot see the
// happens-before edges TBB makes when it hands work from thread to thread (a
// pipeline token passing between filters, a parallel_for returning to its
// caller) and reports the data handed over as races. These two calls state
// those edges; outside TSan builds they compile to nothing.
#if defined(__SANITIZE_THREAD__)
#define NEUROTAX_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define NEUROTAX_THREAD_SANITIZER 1
#endif
#endif
#ifdef NEUROTAX_THREAD_SANITIZER
#include <sanitizer/tsan_interface.h>
#endif

namespace neurotax {

/// Everything this thread wrote so far is published to the next take_over(`token`).
inline void hand_over([[maybe_unused]] const void* token) noexcept {
#ifdef NEUROTAX_THREAD_SANITIZER
  __tsan_release(const_cast<void*>(token));
#endif
}

/// Sees everything written before every earlier hand_over(`token`).
inline void take_over([[maybe_unused]] const void* token) noexcept {
#ifdef NEUROTAX_THREAD_SANITIZER
  __tsan_acquire(const_cast<void*>(token));
#endif
}

/// Calls `Action(token)` when it leaves scope, normally or by an exception.
template <void (*Action)(const void*) noexcept>
class AtScopeExit {
 public:
  explicit AtScopeExit(const void* token) noexcept : token_(token) {}
  ~AtScopeExit() { Action(token_); }
  AtScopeExit(const AtScopeExit&) = delete;
  AtScopeExit& operator=(const AtScopeExit&) = delete;

 private:
  const void* token_;
};

/// The end of a task whose results, or whose unwinding, the caller will see.
using HandOverAtExit = AtScopeExit<hand_over>;
/// A caller waiting for parallel work, also when that work ends in an exception.
using TakeOverAtExit = AtScopeExit<take_over>;

}  // namespace neurotax
