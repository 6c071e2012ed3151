#include "neurotax/common/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>

namespace neurotax {

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

ProgressMeter::ProgressMeter(std::string label, std::string unit, std::uint64_t total_bytes, bool quiet,
                             std::chrono::seconds log_interval)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_bytes_(total_bytes),
      quiet_(quiet),
      terminal_(::isatty(STDERR_FILENO) == 1),
      interval_(terminal_ ? std::chrono::steady_clock::duration(std::chrono::milliseconds(250))
                          : std::chrono::steady_clock::duration(log_interval)),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

ProgressMeter::~ProgressMeter() {
  if (!finished_ && terminal_ && !quiet_ && last_print_ != start_) std::fputc('\n', stderr);
}

std::string ProgressMeter::status_line(std::uint64_t records, std::uint64_t bytes) const {
  const double elapsed = seconds_since(start_);
  char line[256];
  int length = std::snprintf(line, sizeof line, "%s: %llu %s, %.0f %s/s", label_.c_str(),
                             static_cast<unsigned long long>(records), unit_.c_str(),
                             elapsed > 0 ? static_cast<double>(records) / elapsed : 0.0, unit_.c_str());
  if (total_bytes_ > 0 && bytes > 0 && length > 0 && static_cast<std::size_t>(length) < sizeof line) {
    const double fraction = static_cast<double>(bytes) / static_cast<double>(total_bytes_);
    const double left = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
    std::snprintf(line + length, sizeof line - static_cast<std::size_t>(length), ", %.1f%%, %.0f s left",
                  100.0 * (fraction > 1 ? 1 : fraction), left > 0 ? left : 0.0);
  }
  return line;
}

void ProgressMeter::update(std::uint64_t records, std::uint64_t bytes) {
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_print_ < interval_) return;
  last_print_ = now;
  const std::string line = status_line(records, bytes);
  if (terminal_)
    std::fprintf(stderr, "\r%s\033[K", line.c_str());
  else
    std::fprintf(stderr, "%s\n", line.c_str());
}

void ProgressMeter::finish(std::uint64_t records) {
  finished_ = true;
  if (quiet_) return;
  const double elapsed = seconds_since(start_);
  std::fprintf(stderr, "%s%s: %llu %s in %.2f s (%.0f %s/s)\n", terminal_ && last_print_ != start_ ? "\r\033[K" : "",
               label_.c_str(), static_cast<unsigned long long>(records), unit_.c_str(), elapsed,
               elapsed > 0 ? static_cast<double>(records) / elapsed : 0.0, unit_.c_str());
}

}  // namespace neurotax
