#pragma once
// Building blocks the report's sections share: table cells, sortable and paged
// tables, and pagers that show a run's samples a page at a time (report.js).
#include <cstddef>
#include <string>
#include <vector>

namespace neurotax::pipeline::html {

[[nodiscard]] std::string cell(const std::string& text);
/// A numeric cell: shown as `shown`, sorted by `value`.
[[nodiscard]] std::string number_cell(double value, const std::string& shown);
[[nodiscard]] std::string raw_cell(const std::string& html);

/// A sortable table; rows are concatenated cells. Longer than `page_size` rows, it is paged.
[[nodiscard]] std::string table(const std::vector<std::string>& headers, const std::vector<std::string>& rows,
                                std::size_t page_size, const std::string& caption = "");

/// Shows one of `pages` at a time with previous/next controls; all of them in print.
[[nodiscard]] std::string pager(const std::vector<std::string>& pages, const std::string& what);

/// [first, last) sample indices of each page.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> page_ranges(std::size_t count, std::size_t page_size);

/// A literature source as a link: doi:, pmid:, pmcid: and http(s) addresses; other text as it is.
[[nodiscard]] std::string source_link(const std::string& source);

[[nodiscard]] std::string section(const std::string& id, const std::string& title, const std::string& body);

}  // namespace neurotax::pipeline::html
