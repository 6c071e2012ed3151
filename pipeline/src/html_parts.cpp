#include "html_parts.hpp"

#include <cstdio>

#include "neurotax/common/text.hpp"

namespace neurotax::pipeline::html {

std::string cell(const std::string& text) { return "<td>" + html_escape(text) + "</td>"; }

std::string number_cell(double value, const std::string& shown) {
  char sort_key[40];
  std::snprintf(sort_key, sizeof sort_key, "%.10g", value);
  return "<td class=\"num\" data-value=\"" + std::string(sort_key) + "\">" + html_escape(shown) + "</td>";
}

std::string raw_cell(const std::string& html) { return "<td>" + html + "</td>"; }

std::string table(const std::vector<std::string>& headers, const std::vector<std::string>& rows, std::size_t page_size,
                  const std::string& caption) {
  std::string out = "<div class=\"scroll\"><table class=\"sortable\"";
  if (rows.size() > page_size) out += " data-page-size=\"" + std::to_string(page_size) + "\"";
  out += ">";
  if (!caption.empty()) out += "<caption>" + html_escape(caption) + "</caption>";
  out += "<thead><tr>";
  for (const std::string& header : headers) out += "<th scope=\"col\">" + html_escape(header) + "</th>";
  out += "</tr></thead><tbody>";
  for (const std::string& row : rows) out += "<tr>" + row + "</tr>";
  return out + "</tbody></table></div>";
}

std::string pager(const std::vector<std::string>& pages, const std::string& what) {
  if (pages.size() == 1) return pages.front();
  std::string out = "<div class=\"pager\" data-what=\"" + html_escape(what) + "\">";
  for (std::size_t i = 0; i < pages.size(); ++i)
    out += "<div class=\"page\" data-page=\"" + std::to_string(i + 1) + "\">" + pages[i] + "</div>";
  return out + "</div>";
}

std::vector<std::pair<std::size_t, std::size_t>> page_ranges(std::size_t count, std::size_t page_size) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  if (page_size == 0) page_size = count;
  for (std::size_t first = 0; first < count; first += page_size) ranges.emplace_back(first, std::min(count, first + page_size));
  if (ranges.empty()) ranges.emplace_back(0, 0);
  return ranges;
}

std::string source_link(const std::string& source) {
  const auto link = [&](const std::string& address) {
    return "<a href=\"" + html_escape(address) + "\" rel=\"noreferrer\">" + html_escape(source) + "</a>";
  };
  if (source.starts_with("doi:")) return link("https://doi.org/" + source.substr(4));
  if (source.starts_with("pmid:") || source.starts_with("PMID:"))
    return link("https://pubmed.ncbi.nlm.nih.gov/" + source.substr(5) + "/");
  if (source.starts_with("pmcid:")) return link("https://www.ncbi.nlm.nih.gov/pmc/articles/" + source.substr(6) + "/");
  if (source.starts_with("https://") || source.starts_with("http://")) return link(source);
  return html_escape(source);
}

std::string section(const std::string& id, const std::string& title, const std::string& body) {
  return "<section id=\"" + id + "\"><h2>" + html_escape(title) + "</h2>" + body + "</section>\n";
}

}  // namespace neurotax::pipeline::html
