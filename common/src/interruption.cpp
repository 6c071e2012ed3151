#include "neurotax/common/interruption.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>

namespace neurotax {
namespace {

// A signal handler can only talk to the program through a static
// sig_atomic_t: this is the one piece of process-wide state, set here and read
// by throw_if_stop_requested().
volatile std::sig_atomic_t stop_signal = 0;

extern "C" void request_stop(int signal_number) {
  const int saved_errno = errno;  // the interrupted code may be about to read it (found by TSan)
  if (stop_signal != 0) {         // asked twice: stop now
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
  } else {
    stop_signal = signal_number;
  }
  errno = saved_errno;
}

std::string describe(int signal_number) {
  const char* name = signal_number == SIGINT ? "SIGINT" : signal_number == SIGTERM ? "SIGTERM" : nullptr;
  return std::string("interrupted by ") + (name != nullptr ? name : "signal " + std::to_string(signal_number)) +
         ": finished outputs are complete, unfinished ones were removed";
}

}  // namespace

Interrupted::Interrupted(int signal_number) : std::runtime_error(describe(signal_number)), signal_number_(signal_number) {}

void stop_on_signals() {
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void throw_if_stop_requested() {
  if (stop_signal != 0) throw Interrupted(stop_signal);
}

}  // namespace neurotax
