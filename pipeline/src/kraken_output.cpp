#include "neurotax/pipeline/kraken_output.hpp"

#include <charconv>
#include <cstdio>

namespace neurotax::pipeline {
namespace {

void append_number(std::string& out, std::uint64_t value) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, result.ptr);
}

/// Kraken 2's hit-list codes: a taxid, or one of these markers.
constexpr std::uint64_t kAmbiguousCode = ~std::uint64_t{0};
constexpr std::uint64_t kMateBorderCode = ~std::uint64_t{0} - 1;

void append_code(std::string& out, std::uint64_t code, std::uint64_t count) {
  if (code == kMateBorderCode) {
    out += "|:|";
    return;
  }
  if (code == kAmbiguousCode)
    out += 'A';
  else
    append_number(out, code);
  out += ':';
  append_number(out, count);
}

void append_hit_list(std::string& out, const kernels::ReadEvidence& evidence, const db::Database& database) {
  const auto code_of = [&](std::uint32_t taxon) -> std::uint64_t {
    if (taxon == kernels::ReadEvidence::kAmbiguous) return kAmbiguousCode;
    if (taxon == kernels::ReadEvidence::kNotFound) return 0;
    return database.external_id(taxon);
  };
  // Runs of equal codes, merged as they come (no per-read buffer).
  bool any = false;
  std::uint64_t last = 0;
  std::uint64_t count = 0;
  const auto push = [&](std::uint64_t code, std::uint64_t positions_in_run) {
    if (any && code == last) {
      count += positions_in_run;
      return;
    }
    if (any) {
      append_code(out, last, count);
      out += ' ';
    }
    last = code;
    count = positions_in_run;
    any = true;
  };
  std::size_t run = 0;
  for (std::size_t mate = 0; mate < evidence.mate_ends.size(); ++mate) {
    if (mate > 0) push(kMateBorderCode, 1);
    for (; run < evidence.mate_ends[mate]; ++run) push(code_of(evidence.runs[run].taxon), evidence.runs[run].length);
  }
  if (any)
    append_code(out, last, count);
  else
    out += "0:0";
}

}  // namespace

void append_kraken_line(std::string& out, const Fragment& fragment, const kernels::ReadCall& call,
                        const kernels::ReadEvidence& evidence, const db::Database& database, bool use_names) {
  out += call.classified() ? "C\t" : "U\t";
  out += fragment.id;
  append_kraken_tail(out, fragment, call, evidence, database, use_names);
}

void append_kraken_tail(std::string& out, const Fragment& fragment, const kernels::ReadCall& call,
                        const kernels::ReadEvidence& evidence, const db::Database& database, bool use_names) {
  out += '\t';
  const std::uint32_t taxid = call.classified() ? database.external_id(call.taxon) : 0;
  if (use_names) {
    out += call.classified() ? std::string(database.name(call.taxon)) : std::string("unclassified");
    out += " (taxid ";
    append_number(out, taxid);
    out += ')';
  } else {
    append_number(out, taxid);
  }
  out += '\t';
  append_number(out, fragment.mates[0].size());
  if (fragment.paired) {
    out += '|';
    append_number(out, fragment.mates[1].size());
  }
  out += '\t';
  append_hit_list(out, evidence, database);
  out += '\n';
}

void append_lineage_line(std::string& out, const Fragment& fragment, const kernels::ReadCall& call,
                         const db::Database& database) {
  out += fragment.id;
  append_lineage_tail(out, call, database);
}

void append_lineage_tail(std::string& out, const kernels::ReadCall& call, const db::Database& database) {
  out += '\t';
  std::string called;
  bool first = true;
  for (std::size_t r = 0; r < call.lineage.size(); ++r) {
    const kernels::RankCall& rank_call = call.lineage[r];
    if (rank_call.taxon == kernels::kNoTaxon) continue;
    std::string item;
    item += kernels::rank_letter(kernels::kCalledRanks[r]);
    item += ':';
    item += database.name(rank_call.taxon);
    char confidence[16];
    std::snprintf(confidence, sizeof confidence, "(%.2f)", static_cast<double>(rank_call.confidence));
    out += first ? "" : ",";
    out += item;
    out += confidence;
    if (call.classified() && call.taxon != 0 &&
        database.taxonomy().lowest_common_ancestor(rank_call.taxon, call.taxon) == rank_call.taxon)
      called += (first ? "" : ",") + item;
    first = false;
  }
  out += '\t';
  out += called;
  out += '\n';
}

}  // namespace neurotax::pipeline
