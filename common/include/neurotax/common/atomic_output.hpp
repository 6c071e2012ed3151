#pragma once
#include <cstdio>
#include <string>
#include <string_view>

namespace neurotax {

/// An output file that appears under its final name only when complete: data
/// goes to a temporary file beside it, and commit() flushes, checks for write
/// errors (a full disk, a file-size limit) and renames. Destroyed without
/// commit(), it removes the temporary file. A name ending in ".gz" is written
/// gzip-compressed; "-" writes to standard output; an existing path that is not
/// a regular file (/dev/null, a FIFO) is written in place.
class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(std::string path);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  void write(std::string_view data);
  void commit();
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  std::string temporary_path_;
  std::FILE* file_ = nullptr;
  void* gzip_ = nullptr;  // gzFile when compressing
  bool committed_ = false;
  bool direct_ = false;  // not a regular file: written in place
};

/// Writes `contents` to `path` atomically.
void write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace neurotax
