#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace neurotax {

/// Reports progress of long work on stderr: a self-overwriting line with
/// records/s and, when the input size is known, percent done and time left
/// while stderr is a terminal; a plain log line every `log_interval` otherwise,
/// so that cluster logs stay readable. Call update() from one thread only.
class ProgressMeter {
 public:
  ProgressMeter(std::string label, std::string unit, std::uint64_t total_bytes, bool quiet,
                std::chrono::seconds log_interval = std::chrono::seconds(30));
  ~ProgressMeter();
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  /// `records` done so far and, if known, `bytes` of input consumed so far.
  void update(std::uint64_t records, std::uint64_t bytes);
  /// Prints the final line with the total time.
  void finish(std::uint64_t records);

 private:
  [[nodiscard]] std::string status_line(std::uint64_t records, std::uint64_t bytes) const;

  std::string label_;
  std::string unit_;
  std::uint64_t total_bytes_;
  bool quiet_;
  bool terminal_;
  bool finished_ = false;
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
};

/// Seconds since `start`, for "took N s" messages.
[[nodiscard]] double seconds_since(std::chrono::steady_clock::time_point start);

/// The current time as ISO 8601 UTC (2026-01-01T12:00:00Z), for records and BIOM files.
[[nodiscard]] std::string utc_timestamp();

}  // namespace neurotax
