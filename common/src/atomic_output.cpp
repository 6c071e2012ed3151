#include "neurotax/common/atomic_output.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "neurotax/common/errors.hpp"

namespace neurotax {
namespace {

bool ends_with_gz(const std::string& path) { return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0; }

}  // namespace

AtomicOutputFile::AtomicOutputFile(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    file_ = stdout;
    return;
  }
  std::error_code error;
  const auto status = std::filesystem::status(path_, error);
  if (!error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    // /dev/null, a FIFO or a terminal: nothing to rename, write straight through.
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) fail(std::string("cannot open output: ") + std::strerror(errno));
    direct_ = true;
    return;
  }
  temporary_path_ = path_ + ".tmp.XXXXXX";
  const int fd = ::mkstemp(temporary_path_.data());
  if (fd < 0) fail(std::string("cannot create output: ") + std::strerror(errno));
  ::fchmod(fd, 0644);
  if (ends_with_gz(path_)) {
    gzip_ = gzdopen(fd, "wb1");  // fast: output is written in the pipeline's serial stage
    if (gzip_ == nullptr) {
      ::close(fd);
      fail("cannot start gzip output");
    }
    gzbuffer(static_cast<gzFile>(gzip_), 1 << 20);
  } else {
    file_ = ::fdopen(fd, "wb");
    if (file_ == nullptr) {
      ::close(fd);
      fail(std::string("cannot open output: ") + std::strerror(errno));
    }
  }
}

AtomicOutputFile::~AtomicOutputFile() {
  if (direct_ && !committed_) std::fclose(file_);
  if (committed_ || path_ == "-" || direct_) return;
  if (gzip_ != nullptr) gzclose(static_cast<gzFile>(gzip_));
  if (file_ != nullptr) std::fclose(file_);
  if (!temporary_path_.empty()) ::unlink(temporary_path_.c_str());
}

void AtomicOutputFile::fail(const std::string& what) const {
  throw InputError((path_ == "-" ? std::string("standard output") : path_) + ": " + what);
}

void AtomicOutputFile::write(std::string_view data) {
  if (data.empty()) return;
  if (gzip_ != nullptr) {
    if (gzwrite(static_cast<gzFile>(gzip_), data.data(), static_cast<unsigned>(data.size())) !=
        static_cast<int>(data.size()))
      fail("write failed (disk full?)");
  } else if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    fail(std::string("write failed: ") + std::strerror(errno));
  }
}

void AtomicOutputFile::commit() {
  if (direct_) {
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    committed_ = true;
    if (!closed) fail(std::string("write failed: ") + std::strerror(errno));
    return;
  }
  if (path_ == "-") {
    if (std::fflush(stdout) != 0) fail(std::string("write failed: ") + std::strerror(errno));
    committed_ = true;
    return;
  }
  if (gzip_ != nullptr) {
    const int status = gzclose(static_cast<gzFile>(gzip_));
    gzip_ = nullptr;
    if (status != Z_OK) fail("write failed while finishing gzip output (disk full?)");
  } else {
    const bool flushed = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
    const int saved = errno;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!flushed || !closed) fail(std::string("write failed: ") + std::strerror(flushed ? errno : saved));
  }
  if (std::rename(temporary_path_.c_str(), path_.c_str()) != 0)
    fail(std::string("cannot rename temporary output into place: ") + std::strerror(errno));
  committed_ = true;
}

void write_file_atomically(const std::string& path, std::string_view contents) {
  AtomicOutputFile file(path);
  file.write(contents);
  file.commit();
}

}  // namespace neurotax
