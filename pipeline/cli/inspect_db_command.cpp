#include <charconv>
#include <cstdio>
#include <iostream>
#include <map>

#include "command_line.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/db/database.hpp"
#include "neurotax/db/ncbi_taxonomy.hpp"

namespace neurotax::cli {
namespace {

void print_taxon(const db::Database& database, std::uint32_t taxon) {
  std::cout << "taxon\t" << database.external_id(taxon) << "\t" << kernels::rank_name(database.taxonomy().ranks[taxon])
            << "\t" << database.name(taxon) << "\treferences=" << database.reference_count(taxon) << "\n"
            << "lineage\t" << database.lineage_string(taxon) << "\n";
}

}  // namespace

int inspect_db_command(const std::vector<std::string>& arguments) {
  const CommandInfo info{"inspect-db", "neurotax inspect-db [--taxon NAME_OR_TAXID]... DB",
                         "Shows a database's header, parameters, counts per rank, size and build information,\n"
                         "and looks taxa up by name or taxid with their lineage.",
                         "neurotax inspect-db --taxon Escherichia 16s.ntdb"};
  CommonOptions common;
  std::string database_path;
  std::vector<std::string> taxa;
  std::string taxdump;
  po::options_description options("Options");
  options.add_options()
      ("taxon", po::value(&taxa)->composing(), "look up a taxon by name or taxid (repeatable)")
      ("export-taxdump", po::value(&taxdump), "write the taxonomy as NCBI nodes.dmp/names.dmp into this folder")
      ("db", po::value(&database_path)->required(), "database (positional)");
  add_common_options(options, common);
  po::positional_options_description positional;
  positional.add("db", 1);
  po::variables_map values;
  if (!parse_command(info, arguments, options, positional, values)) return 0;
  const db::Database database(database_path);
  const auto& header = database.header();
  if (!taxdump.empty()) {
    db::write_taxdump(database, taxdump);
    return 0;
  }
  if (taxa.empty()) {
    std::printf("file\t%s\nsize_bytes\t%llu\nformat_version\t%u\nchecksum_xxh3\t%016llx\nsource_checksum_xxh3\t%016llx\n"
                "kmer_length\t%u\nminimizer_length\t%u\nreferences\t%llu\ntaxa\t%llu\nminimizers\t%llu\nposting_words\t%llu\n",
                database.path().c_str(), static_cast<unsigned long long>(database.file_size()), header.format_version,
                static_cast<unsigned long long>(header.checksum), static_cast<unsigned long long>(header.source_checksum),
                header.kmer_length, header.minimizer_length, static_cast<unsigned long long>(header.reference_count),
                static_cast<unsigned long long>(header.taxon_count), static_cast<unsigned long long>(header.key_count),
                static_cast<unsigned long long>(header.posting_words));
    std::map<kernels::Rank, std::size_t> per_rank;
    for (std::size_t t = 0; t < database.taxon_count(); ++t) ++per_rank[database.taxonomy().ranks[t]];
    for (const auto& [rank, count] : per_rank) std::printf("taxa_%s\t%zu\n", std::string(kernels::rank_name(rank)).c_str(), count);
    for (const auto& section : database.sections())
      std::printf("section_bytes_%s\t%llu\n", db::format::section_name(section.id),
                  static_cast<unsigned long long>(section.size));
    std::printf("build_info\t%s\n", std::string(database.build_info()).c_str());
    return 0;
  }
  for (const std::string& query : taxa) {
    std::uint32_t taxid = 0;
    const auto parsed = std::from_chars(query.data(), query.data() + query.size(), taxid);
    std::vector<std::uint32_t> matches;
    if (parsed.ec == std::errc{} && parsed.ptr == query.data() + query.size()) {
      if (const auto internal = database.find_external(taxid)) matches.push_back(*internal);
    } else {
      matches = database.find_by_name(query);
    }
    if (matches.empty()) throw InputError(database.path() + ": no taxon '" + query + "'");
    for (const std::uint32_t taxon : matches) print_taxon(database, taxon);
  }
  return 0;
}

}  // namespace neurotax::cli
