#pragma once
#include <stdexcept>
#include <string>

namespace neurotax {

/// SIGINT or SIGTERM asked the process to stop. Long work polls between
/// batches and unwinds: unfinished outputs remove themselves on the way, and
/// finished ones stay. The exit code is 128 + the signal, as a shell reports it.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number);
  [[nodiscard]] int signal_number() const noexcept { return signal_number_; }

 private:
  int signal_number_;
};

/// From now on SIGINT and SIGTERM request a stop instead of killing the
/// process at once; a second signal kills it.
void stop_on_signals();

/// Throws Interrupted when a stop was requested.
void throw_if_stop_requested();

}  // namespace neurotax
