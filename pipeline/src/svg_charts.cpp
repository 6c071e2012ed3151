#include "neurotax/pipeline/svg_charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "neurotax/common/text.hpp"

namespace neurotax::pipeline {
namespace {

constexpr int kRowHeight = 18;
constexpr int kCharWidth = 7;          // of the 12 px sans-serif labels, generously
constexpr std::size_t kMaxLabel = 32;  // characters before a label is shortened
constexpr int kBarWidth = 560;
constexpr int kCell = 18;

std::string shortened(const std::string& label) {
  if (label.size() <= kMaxLabel) return label;
  std::size_t cut = kMaxLabel - 1;
  while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
  return label.substr(0, cut) + "\u2026";
}

int label_width(const std::vector<std::string>& labels) {
  std::size_t longest = 4;
  for (const std::string& label : labels) longest = std::max(longest, std::min(label.size(), kMaxLabel));
  return static_cast<int>(longest) * kCharWidth + 10;
}

std::string svg_open(int width, int height, const std::string& description) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + ' ' + std::to_string(height) +
         "\" role=\"img\" aria-label=\"" + html_escape(description) + "\">";
}

std::string text_at(double x, double y, const std::string& anchor, const std::string& content, const std::string& extra = "") {
  return "<text x=\"" + fixed_point(x, 1) + "\" y=\"" + fixed_point(y, 1) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" +
         html_escape(content) + "</text>";
}

/// White through blue to near-black blue, `level` in [0, 1] (white for NaN,
/// which std::clamp would pass through to an undefined conversion).
std::string heat_colour(double level) {
  level = level >= 0.0 ? std::min(level, 1.0) : 0.0;
  static constexpr double kStops[][3] = {{255, 255, 255}, {158, 202, 225}, {33, 113, 181}, {8, 48, 107}};
  const double position = level * 3;
  const auto low = std::min(static_cast<int>(position), 2);
  const double t = position - low;
  char colour[8];
  std::snprintf(colour, sizeof colour, "#%02x%02x%02x",
                static_cast<int>(std::lround(kStops[low][0] + t * (kStops[low + 1][0] - kStops[low][0]))),
                static_cast<int>(std::lround(kStops[low][1] + t * (kStops[low + 1][1] - kStops[low][1]))),
                static_cast<int>(std::lround(kStops[low][2] + t * (kStops[low + 1][2] - kStops[low][2]))));
  return colour;
}

}  // namespace

std::string series_colour(std::size_t index) {
  // Paul Tol's "muted" and "light" qualitative schemes, readable by colour-blind readers.
  static constexpr const char* kPalette[] = {"#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77",
                                             "#cc6677", "#882255", "#aa4499", "#77aadd", "#ee8866", "#eedd88",
                                             "#ffaabb", "#99ddff", "#44bb99", "#bbcc33"};
  return kPalette[index % std::size(kPalette)];
}

std::string percent(double fraction) {
  const double value = 100 * fraction;
  char text[32];
  if (value == 0)
    return "0%";
  else if (value >= 10)
    std::snprintf(text, sizeof text, "%.1f%%", value);
  else if (value >= 0.1)
    std::snprintf(text, sizeof text, "%.2f%%", value);
  else
    std::snprintf(text, sizeof text, "%.2g%%", value);
  return text;
}

std::string svg_stacked_bars(const std::vector<std::string>& labels, const std::vector<std::vector<double>>& values,
                             const std::vector<ChartSeries>& series, const std::string& description) {
  const int left = label_width(labels);
  const int top = 6, axis = 22;
  const int width = left + kBarWidth + 16;
  const int height = top + static_cast<int>(labels.size()) * kRowHeight + axis;
  std::string svg = svg_open(width, height, description);
  for (std::size_t row = 0; row < labels.size(); ++row) {
    const double y = top + static_cast<double>(row) * kRowHeight;
    svg += text_at(left - 6, y + 13, "end", shortened(labels[row]), " class=\"label\"") ;
    double x = left;
    for (std::size_t s = 0; s < series.size() && s < values[row].size(); ++s) {
      const double w = values[row][s] * kBarWidth;
      if (w <= 0) continue;
      svg += "<rect x=\"" + fixed_point(x, 1) + "\" y=\"" + fixed_point(y + 2, 1) + "\" width=\"" + fixed_point(w, 1) + "\" height=\"" +
             std::to_string(kRowHeight - 4) + "\" fill=\"" + series[s].colour + "\"><title>" +
             html_escape(labels[row] + ": " + series[s].name + " " + percent(values[row][s])) + "</title></rect>";
      x += w;
    }
  }
  const double axis_y = top + static_cast<double>(labels.size()) * kRowHeight + 2;
  svg += "<line x1=\"" + std::to_string(left) + "\" x2=\"" + std::to_string(left + kBarWidth) + "\" y1=\"" +
         fixed_point(axis_y, 1) + "\" y2=\"" + fixed_point(axis_y, 1) + "\" class=\"axis\"/>";
  for (int tick = 0; tick <= 100; tick += 25)
    svg += text_at(left + kBarWidth * tick / 100.0, axis_y + 14, "middle", std::to_string(tick) + "%", " class=\"tick\"");
  return svg + "</svg>";
}

std::string svg_heatmap(const std::vector<std::string>& row_labels, const std::vector<std::string>& column_labels,
                        const std::vector<std::vector<double>>& values, double maximum, const std::string& description) {
  const int left = label_width(row_labels);
  // Column labels stand at 60 degrees: their height is about 0.87 of their length.
  const int top = static_cast<int>(0.87 * (label_width(column_labels) - 10)) + 12;
  const int width = std::max(left + static_cast<int>(column_labels.size()) * kCell + 40, 320);
  const int scale_height = 40;
  const int height = top + static_cast<int>(row_labels.size()) * kCell + scale_height;
  std::string svg = svg_open(width, height, description);
  for (std::size_t column = 0; column < column_labels.size(); ++column) {
    const double x = left + (static_cast<double>(column) + 0.5) * kCell;
    svg += "<text transform=\"translate(" + fixed_point(x + 4, 1) + ',' + std::to_string(top - 4) +
           ") rotate(-60)\" class=\"label\">" + html_escape(shortened(column_labels[column])) + "<title>" +
           html_escape(column_labels[column]) + "</title></text>";
  }
  const double scale_max = maximum > 0 ? maximum : 1;
  for (std::size_t row = 0; row < row_labels.size(); ++row) {
    const double y = top + static_cast<double>(row) * kCell;
    svg += text_at(left - 6, y + 13, "end", shortened(row_labels[row]), " class=\"label\"");
    for (std::size_t column = 0; column < column_labels.size() && column < values[row].size(); ++column) {
      const double value = values[row][column];
      svg += "<rect x=\"" + std::to_string(left + static_cast<int>(column) * kCell) + "\" y=\"" + fixed_point(y, 1) +
             "\" width=\"" + std::to_string(kCell - 1) + "\" height=\"" + std::to_string(kCell - 1) + "\" fill=\"" +
             heat_colour(std::sqrt(value / scale_max)) + "\" class=\"cell\"><title>" +
             html_escape(row_labels[row] + " / " + column_labels[column] + ": " + percent(value)) + "</title></rect>";
    }
  }
  const double scale_y = top + static_cast<double>(row_labels.size()) * kCell + 10;
  constexpr int kSteps = 20, kStepWidth = 8;
  for (int step = 0; step < kSteps; ++step)
    svg += "<rect x=\"" + std::to_string(left + step * kStepWidth) + "\" y=\"" + fixed_point(scale_y, 1) + "\" width=\"" +
           std::to_string(kStepWidth) + "\" height=\"10\" fill=\"" + heat_colour((step + 0.5) / kSteps) + "\"/>";
  svg += text_at(left, scale_y + 24, "start", "0", " class=\"tick\"");
  svg += text_at(left + kSteps * kStepWidth, scale_y + 24, "end", percent(scale_max) + " (square-root scale)",
                 " class=\"tick\"");
  return svg + "</svg>";
}

}  // namespace neurotax::pipeline
