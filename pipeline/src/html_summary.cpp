// The run summary and quality sections.
#include <algorithm>
#include <cstdio>
#include <map>

#include "html_parts.hpp"
#include "html_sections.hpp"
#include "neurotax/common/text.hpp"
#include "neurotax/pipeline/svg_charts.hpp"

namespace neurotax::pipeline::html {
namespace {

std::string definition(const std::string& term, const std::string& html) {
  return "<dt>" + html_escape(term) + "</dt><dd>" + html + "</dd>";
}

/// The databases the samples' profiles name, with how many samples each.
std::string databases_of(const ReportData& data) {
  std::map<std::string, int> databases;
  for (const ReportSample& sample : data.samples)
    if (sample.profile) ++databases[sample.profile->database + " (checksum " + sample.profile->database_checksum + ")"];
  std::string text;
  for (const auto& [database, samples] : databases)
    text += (text.empty() ? "" : "; ") + database + (databases.size() > 1 ? ": " + std::to_string(samples) + " samples" : "");
  return text.empty() ? "unknown (no sample has a profile)" : text;
}

}  // namespace

std::string run_summary_section(const ReportData& data, const RankTable& ranks, const std::vector<QualityFlag>& flags,
                                const ReportOptions& options) {
  std::uint64_t reads = 0, classified = 0;
  for (const ReportSample& sample : data.samples) {
    reads += sample.reads;
    classified += sample.classified;
  }
  std::string body = "<dl class=\"facts\">";
  body += definition("Samples", std::to_string(data.samples.size()));
  body += definition("Reads", std::to_string(reads) + (reads > 0 ? ", " + percent(static_cast<double>(classified) / static_cast<double>(reads)) + " classified" : ""));
  if (data.run) {
    const RunInfo& run = *data.run;
    body += definition("Database", html_escape(run.database) + ", format " + std::to_string(run.database_format) + ", " +
                                       std::to_string(run.database_references) + " references, " +
                                       std::to_string(run.database_taxa) + " taxa");
    body += definition("Database checksum", "<code>" + html_escape(run.database_checksum) + "</code> (XXH3 of the file)");
    std::string settings;
    for (const auto& [key, value] : run.settings) settings += html_escape(key) + "=" + html_escape(value) + " ";
    body += definition("Parameters", "<code>" + settings + "</code>");
    body += definition("Software", html_escape(run.software));
    body += definition("Run", html_escape(run.started) + " to " + html_escape(run.finished) + ", " + fixed_point(run.seconds, 1) + " s");
  } else {
    body += definition("Database", html_escape(databases_of(data)));
    body += definition("Parameters", "not recorded (no run_info.json beside the outputs)");
  }
  body += "</dl>";

  std::map<std::string, std::vector<std::string>> flags_of;
  for (const QualityFlag& flag : flags) flags_of[flag.sample].push_back(flag.kind);
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < data.samples.size(); ++i) {
    const ReportSample& sample = data.samples[i];
    const double fraction = sample.reads > 0 ? static_cast<double>(sample.classified) / static_cast<double>(sample.reads) : 0;
    std::string top, top_share;
    double top_value = 0;
    if (ranks.profiled[i]) {
      const TopTaxon best = top_taxon(ranks, i);
      top = best.name;
      top_value = best.read_fraction;
      top_share = percent(best.read_fraction);
    }
    std::string sample_flags;
    for (const std::string& kind : flags_of[sample.name]) sample_flags += (sample_flags.empty() ? "" : ", ") + kind;
    rows.push_back(cell(sample.name) + cell(sample.status) + number_cell(static_cast<double>(sample.reads), std::to_string(sample.reads)) +
                   number_cell(fraction, percent(fraction)) + cell(top) + number_cell(top_value, top_share) +
                   (sample.seconds ? number_cell(*sample.seconds, fixed_point(*sample.seconds, 2)) : number_cell(-1, "")) +
                   (sample_flags.empty() ? cell("") : "<td class=\"flagged\">" + html_escape(sample_flags) + "</td>"));
  }
  body += table(
      {"Sample", "Status", "Reads", "Classified", std::string("Top ") + rank_title(ranks.rank), "Share", "Seconds", "Flags"},
      rows, options.page_size);
  return section("summary", "Run summary", body);
}

std::string quality_section(const ReportData& data, const std::vector<QualityFlag>& flags, const ReportOptions& options) {
  const QualityThresholds& q = options.quality;
  std::string body = "<p class=\"note\">A sample is flagged when it failed, has fewer than " + std::to_string(q.min_reads) +
                     " reads, more than " + percent(q.max_unclassified) + " unclassified, one " + rank_title(options.rank) +
                     " above " + percent(q.dominant_fraction) + " of its reads, or lies far from the others (median Bray-Curtis "
                     "dissimilarity above Tukey's fence and " + fixed_point(q.outlier_min_distance, 2) + ", with at least " +
                     std::to_string(q.outlier_min_samples) + " samples).</p>";
  if (flags.empty()) {
    body += "<p class=\"ok\">No flags: all " + std::to_string(data.samples.size()) + " samples passed these checks.</p>";
  } else {
    std::vector<std::string> rows;
    for (const QualityFlag& flag : flags) rows.push_back(cell(flag.sample) + cell(flag.kind) + cell(flag.detail));
    std::map<std::string, bool> flagged;
    for (const QualityFlag& flag : flags) flagged[flag.sample] = true;
    body += "<p class=\"warn\">" + std::to_string(flagged.size()) + " of " + std::to_string(data.samples.size()) +
            " samples flagged.</p>" + table({"Sample", "Flag", "Detail"}, rows, options.page_size);
  }
  return section("quality", "Quality flags", body);
}

}  // namespace neurotax::pipeline::html
