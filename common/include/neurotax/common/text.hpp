#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace neurotax {

/// Splits `line` at every `separator`, keeping empty fields ("a\t\tb" has
/// three), as the tab-separated formats the project reads need.
[[nodiscard]] std::vector<std::string_view> split_fields(std::string_view line, char separator);

/// A 64-bit value as 16 lower-case hex digits, as checksums are shown.
[[nodiscard]] std::string hex64(std::uint64_t value);

/// The same, copied into strings.
[[nodiscard]] std::vector<std::string> split_field_strings(std::string_view line, char separator);

/// `value` with `digits` digits after the point ("%.*f"), as the tables print numbers.
[[nodiscard]] std::string fixed_point(double value, int digits);

/// `text` with & < > " ' replaced by entities, safe inside HTML and SVG text and attributes.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace neurotax
