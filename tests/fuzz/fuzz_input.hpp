#pragma once
// What the fuzz targets share: the parsers under test read files, so each
// input is written to a scratch file first; and the one kind of exception a
// parser may throw for bad input.
#include <htslib/hts_log.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace neurotax::fuzz {

/// HTSlib logs every bad record to stderr; the fuzzer only needs our exceptions.
inline const bool kHtslibQuiet = [] {
  hts_set_log_level(HTS_LOG_OFF);
  return true;
}();

/// A per-process scratch folder (in /dev/shm where there is one), removed at exit.
class ScratchDir {
 public:
  ScratchDir() {
    const std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    path_ = base / ("neurotax-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline const ScratchDir& scratch() {
  static const ScratchDir dir;
  return dir;
}

inline void write_file(const std::string& path, std::string_view bytes) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) std::abort();
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size()) std::abort();
  std::fclose(out);
}

/// Splits `data` at the first "\n===\n": the main file, then a companion file
/// (a taxonomy, a second mate file).
inline std::pair<std::string_view, std::string_view> split_input(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto at = text.find("\n===\n");
  if (at == std::string_view::npos) return {text, {}};
  return {text.substr(0, at + 1), text.substr(at + 5)};
}

}  // namespace neurotax::fuzz
