#include <xxhash.h>

#include <cstring>
#include <memory>
#include <utility>

#include "neurotax/db/database_format.hpp"

namespace neurotax::db::format {
namespace {
/// Where the near words lie (offset, size), or nowhere; a table or entry
/// outside the file leaves nothing out (the checksum then fails).
std::pair<std::uint64_t, std::uint64_t> lazily_checked_section(std::span<const std::byte> file) {
  FileHeader header{};
  std::memcpy(&header, file.data(), sizeof header);
  const std::uint64_t table_end = sizeof(FileHeader) + std::uint64_t{header.section_count} * sizeof(SectionEntry);
  if (table_end > file.size()) return {file.size(), 0};
  for (std::uint32_t s = 0; s < header.section_count; ++s) {
    SectionEntry entry{};
    std::memcpy(&entry, file.data() + sizeof(FileHeader) + std::size_t{s} * sizeof entry, sizeof entry);
    if (entry.id == static_cast<std::uint32_t>(SectionId::kGenusReferenceNearWords) && entry.offset >= table_end &&
        entry.offset <= file.size() && entry.size <= file.size() - entry.offset)
      return {entry.offset, entry.size};
  }
  return {file.size(), 0};
}
}  // namespace

std::uint64_t file_checksum(std::span<const std::byte> file) {
  const auto [skipped_offset, skipped_size] = lazily_checked_section(file);
  const std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(), &XXH3_freeState);
  XXH3_64bits_reset(state.get());
  const auto hash = [&](std::uint64_t from, std::uint64_t to) {
    if (to > from) XXH3_64bits_update(state.get(), file.data() + from, to - from);
  };
  const std::uint64_t zero = 0;
  hash(0, kChecksumOffset);
  XXH3_64bits_update(state.get(), &zero, sizeof zero);
  hash(kChecksumOffset + sizeof zero, skipped_offset);
  hash(skipped_offset + skipped_size, file.size());
  return XXH3_64bits_digest(state.get());
}

}  // namespace neurotax::db::format
