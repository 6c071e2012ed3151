#pragma once
#include <cstddef>
#include <span>
#include <string>

namespace neurotax::db {

/// A read-only memory mapping of a whole file, so that every process and every
/// sample on a node shares one page-cache copy of a database.
class MappedFile {
 public:
  /// Maps `path`; the pages are read ahead sequentially because the caller
  /// checksums the whole file right away. Throws InputError on failure.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&&) = delete;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  [[nodiscard]] std::span<const std::byte> bytes() const noexcept { return {data_, size_}; }
  /// After the first pass: lookups are random, so read-ahead would only waste
  /// page cache.
  void expect_random_access() const noexcept;

 private:
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace neurotax::db
