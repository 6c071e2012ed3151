// The HTML report from known data: what it shows, how it escapes names, how it
// pages large runs, and which samples it flags.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "neurotax/common/errors.hpp"

#include "neurotax/pipeline/html_report.hpp"
#include "neurotax/pipeline/rank_table.hpp"
#include "neurotax/pipeline/report_quality.hpp"
#include "neurotax/pipeline/svg_charts.hpp"

namespace neurotax::pipeline {
namespace {

AbundanceRow genus(const std::string& family, const std::string& name, double fraction, double cells) {
  AbundanceRow row;
  row.name = name;
  row.lineage = {{'d', "Bacteria"}, {'p', "Firmicutes"}, {'f', family}, {'g', name}};
  row.read_fraction = fraction;
  row.cell_fraction = cells;
  row.estimated = static_cast<std::uint64_t>(fraction * 1000);
  return row;
}

ReportSample sample(const std::string& name, std::uint64_t reads, std::uint64_t classified, std::vector<AbundanceRow> rows) {
  ReportSample result;
  result.name = name;
  result.reads = reads;
  result.classified = classified;
  SampleAbundance profile;
  profile.sample = name;
  profile.database = "test.ntdb";
  profile.database_checksum = "0123456789abcdef";
  profile.total_reads = reads;
  profile.unclassified_reads = reads - classified;
  profile.rows = std::move(rows);
  profile.alpha.observed = profile.rows.size();
  result.profile = std::move(profile);
  return result;
}

ReportFact gaba_fact(const std::string& taxon, double fraction) {
  ReportFact fact;
  fact.taxon = fact.kb_taxon = taxon;
  fact.compound = "gaba";
  fact.compound_label = "gamma-aminobutyric acid (GABA)";
  fact.compound_class = "amino_acid_neurotransmitter";
  fact.relation = "produces";
  fact.mechanism = "glutamate decarboxylase";
  fact.evidence = "gene_or_enzyme";
  fact.grade = "A";
  fact.scope = "some_strains";
  fact.source = "doi:10.1234/gaba.1";
  fact.read_fraction = fraction;
  fact.cell_fraction = fraction;
  return fact;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

ReportData two_samples() {
  ReportData data;
  data.title = "run42";
  data.samples.push_back(sample("gut1", 5000, 4900,
                                {genus("Lactobacillaceae", "Lactobacillus", 0.4, 0.5),
                                 genus("Bacillaceae", "Bacillus", 0.35, 0.3), genus("Bacillaceae", "Geobacillus", 0.25, 0.2)}));
  data.samples.push_back(sample("gut2", 4000, 3990,
                                {genus("Bacillaceae", "Bacillus", 0.45, 0.4), genus("Lactobacillaceae", "Lactobacillus", 0.3, 0.35),
                                 genus("Enterococcaceae", "Enterococcus", 0.25, 0.25)}));
  data.samples[0].annotated = data.samples[1].annotated = true;
  data.samples[0].facts.push_back(gaba_fact("Lactobacillus", 0.4));
  data.samples[1].facts.push_back(gaba_fact("Lactobacillus", 0.3));
  data.samples[0].compounds.push_back({"gaba", "gamma-aminobutyric acid (GABA)", "amino_acid_neurotransmitter", "produces", 0.4, 0.5, 0.4, {"Lactobacillus"}, 0});
  data.samples[1].compounds.push_back({"gaba", "gamma-aminobutyric acid (GABA)", "amino_acid_neurotransmitter", "produces", 0.3, 0.35, 0.3, {"Lactobacillus"}, 0});
  return data;
}

TEST(RankTable, SumsGeneraIntoTheirFamilyAndOrdersByMeanFraction) {
  const RankTable table = rank_table(two_samples(), parse_rank("family"));
  ASSERT_EQ(table.taxa.size(), 3U);
  EXPECT_EQ(table.taxa[0], "Bacillaceae");  // 0.60 and 0.45
  EXPECT_EQ(table.taxa[1], "Lactobacillaceae");
  EXPECT_EQ(table.taxa[2], "Enterococcaceae");
  EXPECT_DOUBLE_EQ(table.read_fractions[0][0], 0.60);
  EXPECT_DOUBLE_EQ(table.cell_fractions[0][0], 0.50);
  EXPECT_DOUBLE_EQ(table.read_fractions[0][2], 0.0);
  // A rank the lineage lacks collects its rows as unassigned.
  const RankTable orders = rank_table(two_samples(), parse_rank("O"));
  ASSERT_EQ(orders.taxa.size(), 1U);
  EXPECT_EQ(orders.taxa[0], "unassigned order");
  EXPECT_THROW((void)rank_table(two_samples(), parse_rank("species")), UsageError);
  EXPECT_THROW((void)parse_rank("kingdom"), UsageError);
}

TEST(RankTable, BrayCurtisOfKnownProfiles) {
  EXPECT_DOUBLE_EQ(bray_curtis({0.5, 0.5, 0}, {0.5, 0.5, 0}), 0.0);
  EXPECT_DOUBLE_EQ(bray_curtis({1, 0}, {0, 1}), 1.0);
  EXPECT_NEAR(bray_curtis({0.6, 0.4}, {0.4, 0.6}), 0.2, 1e-12);
}

TEST(QualityFlags, KnownSamplesGetKnownFlags) {
  ReportData data = two_samples();
  data.samples.push_back(sample("shallow", 120, 118, {genus("Bacillaceae", "Bacillus", 0.5, 0.5), genus("Lactobacillaceae", "Lactobacillus", 0.5, 0.5)}));
  data.samples.push_back(sample("murky", 5000, 2000, {genus("Bacillaceae", "Bacillus", 0.5, 0.5), genus("Lactobacillaceae", "Lactobacillus", 0.5, 0.5)}));
  data.samples.push_back(sample("bloom", 5000, 4990, {genus("Enterococcaceae", "Enterococcus", 0.97, 0.97), genus("Bacillaceae", "Bacillus", 0.03, 0.03)}));
  ReportSample failed;
  failed.name = "broken";
  failed.status = "failed";
  failed.message = "broken_R2.fastq.gz: truncated gzip";
  data.samples.push_back(failed);
  ReportSample empty = sample("blank", 0, 0, {});
  data.samples.push_back(empty);

  const RankTable table = rank_table(data, 'g');
  const auto flags = quality_flags(data, table, QualityThresholds{});
  std::vector<std::string> seen;
  for (const QualityFlag& flag : flags) seen.push_back(flag.sample + ":" + flag.kind);
  EXPECT_EQ(seen, (std::vector<std::string>{"shallow:low reads", "murky:unclassified", "bloom:dominant taxon", "bloom:outlier",
                                            "broken:failed", "blank:no reads"}));
  EXPECT_NE(flags[1].detail.find("60.0% of reads unclassified"), std::string::npos);
  EXPECT_NE(flags[2].detail.find("Enterococcus has 97.0%"), std::string::npos);
  EXPECT_EQ(flags[4].detail, "broken_R2.fastq.gz: truncated gzip");
  // With fewer than four profiled samples nobody is an outlier.
  ReportData pair = two_samples();
  pair.samples.push_back(data.samples[4]);
  const auto pair_flags = quality_flags(pair, rank_table(pair, 'g'), {});
  EXPECT_TRUE(std::none_of(pair_flags.begin(), pair_flags.end(), [](const QualityFlag& flag) { return flag.kind == "outlier"; }));
}

TEST(SvgCharts, BarsAreAsLongAsTheirFractions) {
  const std::string svg = svg_stacked_bars({"s1"}, {{0.25, 0.75}}, {{"A", "#111111"}, {"B", "#222222"}}, "bars");
  EXPECT_NE(svg.find("width=\"140.0\""), std::string::npos);  // a quarter of 560 px
  EXPECT_NE(svg.find("width=\"420.0\""), std::string::npos);
  EXPECT_NE(svg.find("<title>s1: B 75.0%</title>"), std::string::npos);
  const std::string heatmap = svg_heatmap({"s1", "s2"}, {"A"}, {{0.0}, {0.5}}, 0.5, "heat");
  EXPECT_EQ(occurrences(heatmap, "class=\"cell\""), 2U);
  EXPECT_NE(heatmap.find("fill=\"#ffffff\" class=\"cell\"><title>s1 / A: 0%"), std::string::npos);
  EXPECT_NE(heatmap.find("fill=\"#08306b\" class=\"cell\"><title>s2 / A: 50.0%"), std::string::npos);
  // A value that is no number (a damaged table) is drawn white, not converted blindly.
  const std::string unknown = svg_heatmap({"s1"}, {"A"}, {{std::nan("")}}, 0.5, "heat");
  EXPECT_NE(unknown.find("fill=\"#ffffff\" class=\"cell\""), std::string::npos) << unknown;
  EXPECT_EQ(percent(0.000421), "0.042%");
  EXPECT_EQ(percent(0.05), "5.00%");
}

TEST(HtmlReport, ShowsSamplesTaxaCompoundsAndSources) {
  ReportOptions options;
  options.generated = "2026-11-26T00:00:00Z";
  const std::string html = format_html_report(two_samples(), options);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_NE(html.find("<title>neurotax report: run42</title>"), std::string::npos);
  for (const char* text : {"gut1", "gut2", "Lactobacillus", "Bacillus", "Enterococcus", "Geobacillus", "GABA",
                           "glutamate decarboxylase", "not a diagnosis", "Cell fractions (16S copy-number corrected)",
                           "Alpha diversity", "No flags: all 2 samples passed", "test.ntdb (checksum 0123456789abcdef)"})
    EXPECT_NE(html.find(text), std::string::npos) << text;
  EXPECT_NE(html.find("<a href=\"https://doi.org/10.1234/gaba.1\" rel=\"noreferrer\">doi:10.1234/gaba.1</a>"), std::string::npos);
  // Lactobacillus is in both samples: mean 35%, max 40% in gut1.
  EXPECT_NE(html.find(">35.0%</td>"), std::string::npos);
  EXPECT_NE(html.find(">40.0% (gut1)</td>"), std::string::npos);
  // Self-contained: nothing is fetched when the page opens.
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  for (const char* group : {"Serotonin", "Dopamine", "Noradrenaline", "Acetylcholine", "Histamine", "Tryptophan metabolites",
                            "Short-chain fatty acids", "Human cohort associations"})
    EXPECT_NE(html.find(std::string(">") + group + "</h3>"), std::string::npos) << group;
}

TEST(HtmlReport, CohortAssociationsHaveTheirOwnGroup) {
  ReportData data = two_samples();
  ReportFact association = gaba_fact("Dialister", 0.02);
  association.compound = "depression";
  association.compound_label = "depression (depressive disorder)";
  association.compound_class = "host_phenotype";
  association.relation = "human_association";
  association.mechanism = "depleted in depression";
  association.evidence = "human_association";
  association.grade = "E";
  data.samples[0].facts.push_back(association);
  const std::string html = format_html_report(data, ReportOptions{});
  const auto group = html.find(">Human cohort associations</h3>");
  ASSERT_NE(group, std::string::npos);
  const auto section_end = html.find("</section>", group);
  ASSERT_NE(section_end, std::string::npos);
  EXPECT_GT(html.find("depleted in depression"), group);
  EXPECT_LT(html.find("depleted in depression"), section_end);
}

TEST(HtmlReport, EscapesNamesWithHtmlCharacters) {
  ReportData data = two_samples();
  data.title = "run <b>&";
  data.samples[0].name = "<script>alert('x')</script>";
  data.samples[0].profile->rows[0].name = "Weird\"&<genus>";
  data.samples[0].profile->rows[0].lineage.back().second = "Weird\"&<genus>";
  data.samples[0].facts[0].mechanism = "a <i>b</i> & c";
  const std::string html = format_html_report(data, {});
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("Weird\"&<genus>"), std::string::npos);
  EXPECT_NE(html.find("Weird&quot;&amp;&lt;genus&gt;"), std::string::npos);
  EXPECT_NE(html.find("a &lt;i&gt;b&lt;/i&gt; &amp; c"), std::string::npos);
  EXPECT_NE(html.find("neurotax report: run &lt;b&gt;&amp;"), std::string::npos);
  // Only our own two script elements: the error catcher and the table and pager script.
  EXPECT_EQ(occurrences(html, "<script>"), 2U);
}

TEST(HtmlReport, OneSampleWithNoClassifiedReads) {
  ReportData data;
  data.title = "empty";
  data.samples.push_back(sample("none", 800, 0, {}));
  data.samples[0].annotated = true;
  const std::string html = format_html_report(data, {});
  EXPECT_NE(html.find("none (no classified reads)"), std::string::npos);
  EXPECT_NE(html.find("No taxon of the knowledge base was detected in any sample."), std::string::npos);
  EXPECT_NE(html.find("100.0% of reads unclassified"), std::string::npos);
  EXPECT_NE(html.find("800 reads, fewer than 1000"), std::string::npos);
}

TEST(HtmlReport, FiveHundredSamplesArePaged) {
  ReportData data;
  data.title = "big";
  for (int i = 0; i < 500; ++i) {
    const double share = 0.2 + 0.6 * (i % 7) / 7.0;
    data.samples.push_back(sample("s" + std::to_string(i), 10000, 9900,
                                  {genus("Bacillaceae", "Bacillus", share, share),
                                   genus("Lactobacillaceae", "Lactobacillus", 1 - share, 1 - share)}));
  }
  ReportOptions options;
  options.page_size = 50;
  const std::string html = format_html_report(data, options);
  // Bars and heatmap are drawn a page of 50 samples at a time: ten pages each.
  EXPECT_EQ(occurrences(html, "<div class=\"page\" data-page=\"10\">"), 2U);
  EXPECT_EQ(occurrences(html, "data-page=\"11\""), 0U);
  // The sample and alpha tables carry their page size for the script.
  EXPECT_GE(occurrences(html, "data-page-size=\"50\""), 2U);
  EXPECT_NE(html.find(">s499<"), std::string::npos);
  EXPECT_LT(html.size(), 6'000'000U);
}

}  // namespace
}  // namespace neurotax::pipeline
