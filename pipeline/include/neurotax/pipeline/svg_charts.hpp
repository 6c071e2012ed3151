#pragma once
#include <string>
#include <vector>

namespace neurotax::pipeline {

struct ChartSeries {
  std::string name;
  std::string colour;  ///< CSS colour
};

/// One horizontal bar per label, stacked from `values[row][series]` (fractions
/// of one), with a percent axis. Every segment carries a tooltip. Inline SVG,
/// sized to its rows; labels longer than the margin are shortened, in full in
/// the tooltip.
[[nodiscard]] std::string svg_stacked_bars(const std::vector<std::string>& labels,
                                           const std::vector<std::vector<double>>& values,
                                           const std::vector<ChartSeries>& series, const std::string& description);

/// Rows x columns of coloured cells, `values[row][column]` (fractions of one),
/// shaded on a square-root scale up to `maximum` so that rare taxa still show,
/// with the scale drawn below and each cell's value in its tooltip.
[[nodiscard]] std::string svg_heatmap(const std::vector<std::string>& row_labels,
                                      const std::vector<std::string>& column_labels,
                                      const std::vector<std::vector<double>>& values, double maximum,
                                      const std::string& description);

/// A colour-blind-safe qualitative colour for series `index`, cycling after the palette's end.
[[nodiscard]] std::string series_colour(std::size_t index);
/// The colour reserved for the rest ("other").
inline constexpr const char* kOtherColour = "#c8c8c8";

/// A fraction of one as a percentage with precision that suits its size ("12.3%", "0.042%").
[[nodiscard]] std::string percent(double fraction);

}  // namespace neurotax::pipeline
