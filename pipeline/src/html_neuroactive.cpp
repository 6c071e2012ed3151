// The neuroactive potential section: compounds x samples, and per compound the
// detected taxa with mechanism, evidence and source.
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

#include "html_parts.hpp"
#include "html_sections.hpp"
#include "neurotax/common/text.hpp"
#include "neurotax/pipeline/annotate.hpp"
#include "neurotax/pipeline/svg_charts.hpp"

namespace neurotax::pipeline::html {
namespace {

struct CompoundGroup {
  const char* key;
  const char* title;
  bool several_compounds = false;
};

// The order a reader looks for them in; classes gather the tryptophan metabolites,
// SCFAs and the host phenotypes of cohort studies.
constexpr std::array<CompoundGroup, 10> kGroups{{{"serotonin", "Serotonin"},
                                                {"gaba", "GABA"},
                                                {"dopamine", "Dopamine"},
                                                {"noradrenaline", "Noradrenaline"},
                                                {"acetylcholine", "Acetylcholine"},
                                                {"histamine", "Histamine"},
                                                {"tryptophan_metabolite", "Tryptophan metabolites", true},
                                                {"short_chain_fatty_acid", "Short-chain fatty acids", true},
                                                {"host_phenotype", "Human cohort associations", true},
                                                {"other", "Other compounds", true}}};

std::size_t group_of(const std::string& compound, const std::string& compound_class) {
  for (std::size_t g = 0; g < kGroups.size() - 1; ++g)
    if (compound == kGroups[g].key || compound_class == kGroups[g].key) return g;
  return kGroups.size() - 1;
}

/// A compound and relation across the run.
struct CompoundColumn {
  std::size_t group;
  std::string compound;
  std::string relation;
  std::string label;
  auto key() const { return std::tie(group, compound, relation); }
  bool operator<(const CompoundColumn& other) const { return key() < other.key(); }
};

/// One knowledge-base fact about one detected taxon, over the run's samples.
struct DetectedFact {
  const ReportFact* fact = nullptr;  ///< the first sample's, for the fact's text
  std::size_t samples = 0;
  double read_sum = 0, cell_sum = 0, read_max = 0;
  std::string max_sample;
};

/// "serotonin (5-hydroxytryptamine)" -> serotonin; "gamma-aminobutyric acid (GABA)" -> GABA.
std::string short_compound_label(const std::string& label) {
  const auto open = label.find(" (");
  if (open == std::string::npos || label.back() != ')') return label;
  const std::string inside = label.substr(open + 2, label.size() - open - 3);
  return inside.size() <= 6 ? inside : label.substr(0, open);
}

std::string grade_cell(const ReportFact& fact) {
  return "<td class=\"grade grade-" + html_escape(fact.grade) + "\" data-value=\"" + html_escape(fact.grade) + "\">" +
         html_escape(fact.grade) + " <span class=\"evidence\">" + html_escape(fact.evidence) + "</span></td>";
}

std::string compound_heatmap(const ReportData& data, const std::set<CompoundColumn>& columns, const ReportOptions& options) {
  std::vector<std::string> column_labels;
  for (const CompoundColumn& column : columns)
    column_labels.push_back(short_compound_label(column.label) + (column.relation == "produces" ? "" : " (" + column.relation + ")"));
  double maximum = 0;
  std::vector<std::vector<double>> values;
  for (const ReportSample& sample : data.samples) {
    auto& row = values.emplace_back(columns.size(), 0.0);
    std::size_t c = 0;
    for (const CompoundColumn& column : columns) {
      for (const ReportCompound& compound : sample.compounds)
        if (compound.compound == column.compound && compound.relation == column.relation) row[c] = compound.read_fraction;
      maximum = std::max(maximum, row[c++]);
    }
  }
  std::vector<std::string> pages;
  for (const auto& [first, last] : page_ranges(data.samples.size(), options.page_size)) {
    std::vector<std::string> labels;
    for (std::size_t s = first; s < last; ++s) labels.push_back(data.samples[s].name);
    pages.push_back(svg_heatmap(labels, column_labels,
                                std::vector<std::vector<double>>(values.begin() + static_cast<std::ptrdiff_t>(first),
                                                                 values.begin() + static_cast<std::ptrdiff_t>(last)),
                                maximum, "Read fraction of the matched taxa, samples by compound or host phenotype"));
  }
  return "<figure><figcaption>Read fraction of the taxa matched with certainty, per compound and relation</figcaption>"
         "<div class=\"scroll\">" + pager(pages, "samples") + "</div></figure>";
}

std::string compound_summary_table(const ReportData& data, const std::set<CompoundColumn>& columns,
                                   const ReportOptions& options) {
  std::vector<std::string> rows;
  for (const CompoundColumn& column : columns) {
    std::size_t detected = 0;
    double reads = 0, cells = 0, score = 0;
    std::set<std::string> taxa;
    for (const ReportSample& sample : data.samples)
      for (const ReportCompound& compound : sample.compounds) {
        if (compound.compound != column.compound || compound.relation != column.relation) continue;
        if (compound.read_fraction > 0) ++detected;
        reads += compound.read_fraction;
        cells += compound.cell_fraction.value_or(0);
        score += compound.evidence_score;
        taxa.insert(compound.taxa.begin(), compound.taxa.end());
      }
    const double n = static_cast<double>(std::max<std::size_t>(data.samples.size(), 1));
    std::string taxa_text;
    for (const std::string& taxon : taxa) taxa_text += (taxa_text.empty() ? "" : ", ") + taxon;
    rows.push_back(cell(short_compound_label(column.label)) + cell(column.relation) +
                   number_cell(static_cast<double>(detected), std::to_string(detected) + " of " + std::to_string(data.samples.size())) +
                   number_cell(reads / n, percent(reads / n)) + number_cell(cells / n, percent(cells / n)) +
                   number_cell(score / n, percent(score / n)) + cell(taxa_text));
  }
  return table({"Compound", "Relation", "Samples", "Mean read fraction", "Mean cell fraction", "Mean evidence score",
                "Taxa matched"},
               rows, options.page_size,
               "Per compound over the run; the evidence score weights each taxon's read fraction by its grade");
}

std::string group_table(const std::vector<DetectedFact>& facts, bool several_compounds, std::size_t sample_count,
                        const ReportOptions& options) {
  const bool run = sample_count > 1;
  const double n = static_cast<double>(std::max<std::size_t>(sample_count, 1));
  std::vector<std::string> rows;
  for (const DetectedFact& detected : facts) {
    const ReportFact& fact = *detected.fact;
    std::string taxon = html_escape(fact.taxon);
    if (fact.kb_taxon != fact.taxon) taxon += " <span class=\"aside\">as " + html_escape(fact.kb_taxon) + "</span>";
    if (fact.possible) taxon += " <span class=\"possible\" title=\"" + html_escape(fact.how) + "\">possible</span>";
    std::string row = raw_cell(taxon);
    if (several_compounds) row += cell(short_compound_label(fact.compound_label));
    row += cell(fact.relation);
    if (run)
      row += number_cell(static_cast<double>(detected.samples), std::to_string(detected.samples)) +
             number_cell(detected.read_sum / n, percent(detected.read_sum / n)) +
             number_cell(detected.read_max, percent(detected.read_max) + " (" + detected.max_sample + ")");
    else
      row += number_cell(detected.read_sum, percent(detected.read_sum));
    row += number_cell(detected.cell_sum / n, percent(detected.cell_sum / n)) + "<td class=\"text\">" +
           html_escape(fact.mechanism) + "</td>" + grade_cell(fact) + cell(fact.scope) +
           "<td class=\"source\">" + source_link(fact.source) + "</td>";
    rows.push_back(std::move(row));
  }
  std::vector<std::string> headers{"Taxon"};
  if (several_compounds) headers.push_back("Compound");
  headers.push_back("Relation");
  if (run) {
    for (const char* header : {"Samples", "Mean read fraction", "Max read fraction (sample)"}) headers.push_back(header);
  } else {
    headers.push_back("Read fraction");
  }
  for (const char* header : {run ? "Mean cell fraction" : "Cell fraction", "Mechanism", "Evidence", "Scope", "Source"})
    headers.push_back(header);
  return table(headers, rows, options.page_size);
}

}  // namespace

std::string neuroactive_section(const ReportData& data, const ReportOptions& options) {
  std::string body = "<p class=\"disclaimer\"><strong>" + html_escape(kAnnotationDisclaimer) +
                     "</strong> Each flag is a published finding about the taxon (grade A: gene or enzyme shown; "
                     "B: culture; C: animal model; D: genome prediction, or a review&rsquo;s report whose primary "
                     "source was not seen; E: human association), often for some strains "
                     "only. &ldquo;Possible&rdquo; rows (a split genus, a genus against its species&rsquo; rows, reads "
                     "above genus) are shown but never summed.</p>";
  std::set<CompoundColumn> columns;
  std::vector<std::map<std::tuple<std::string, std::string, std::string, std::string, bool>, DetectedFact>> groups(kGroups.size());
  std::size_t annotated = 0;
  for (const ReportSample& sample : data.samples) {
    annotated += sample.annotated ? 1 : 0;
    for (const ReportCompound& compound : sample.compounds)
      columns.insert({group_of(compound.compound, compound.compound_class), compound.compound, compound.relation,
                      compound.compound_label});
    for (const ReportFact& fact : sample.facts) {
      auto& detected = groups[group_of(fact.compound, fact.compound_class)]
                             [{fact.taxon, fact.compound, fact.relation, fact.source, fact.possible}];
      if (detected.fact == nullptr) detected.fact = &fact;
      ++detected.samples;
      detected.read_sum += fact.read_fraction;
      detected.cell_sum += fact.cell_fraction.value_or(0);
      if (fact.read_fraction > detected.read_max || detected.max_sample.empty()) {
        detected.read_max = std::max(detected.read_max, fact.read_fraction);
        detected.max_sample = sample.name;
      }
    }
  }
  if (annotated == 0) return section("neuroactive", "Neuroactive potential", body + "<p>No sample has an annotation (SAMPLE.neuroactive.json).</p>");
  if (columns.empty()) {
    body += "<p>No taxon of the knowledge base was detected in any sample.</p>";
  } else {
    body += compound_heatmap(data, columns, options) + compound_summary_table(data, columns, options);
  }
  for (std::size_t g = 0; g < kGroups.size(); ++g) {
    std::vector<DetectedFact> facts;
    for (const auto& [key, detected] : groups[g]) facts.push_back(detected);
    if (facts.empty() && g == kGroups.size() - 1) continue;
    std::stable_sort(facts.begin(), facts.end(), [](const DetectedFact& a, const DetectedFact& b) {
      return std::tuple(a.fact->possible, -a.read_sum) < std::tuple(b.fact->possible, -b.read_sum);
    });
    body += "<h3 id=\"compound-" + std::string(kGroups[g].key) + "\">" + kGroups[g].title + "</h3>";
    body += facts.empty() ? "<p class=\"none\">No taxon with a knowledge-base row in this group was detected.</p>"
                          : group_table(facts, kGroups[g].several_compounds, data.samples.size(), options);
  }
  return section("neuroactive", "Neuroactive potential", body);
}

}  // namespace neurotax::pipeline::html
