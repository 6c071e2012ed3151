// Reference importers and the database builder: SINTAX, lineage (SILVA,
// DADA2, GTDB), QIIME (FASTA + TSV), RDP (FASTA + taxid file) and NCBI
// (FASTA with kraken:taxid + a taxdump made of the companion text). The input
// is split at "\n===\n" into the FASTA and the taxonomy. Every accepted input
// must build a database that opens and validates.
#include "fuzz_input.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/db/database.hpp"
#include "neurotax/db/database_builder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace neurotax;
  using db::ReferenceFormat;
  if (size == 0) return 0;
  static constexpr ReferenceFormat kFormats[] = {ReferenceFormat::kAuto, ReferenceFormat::kSintax, ReferenceFormat::kLineage,
                                                 ReferenceFormat::kQiime, ReferenceFormat::kRdp, ReferenceFormat::kNcbi};
  const ReferenceFormat format = kFormats[data[0] % std::size(kFormats)];
  const auto [fasta, taxonomy] = fuzz::split_input(data + 1, size - 1);
  const fuzz::ScratchDir& dir = fuzz::scratch();
  db::ReferenceInputs inputs;
  inputs.fasta = {dir.file("ref.fa")};
  inputs.format = format;
  fuzz::write_file(inputs.fasta[0], fasta);
  if (format == ReferenceFormat::kQiime || format == ReferenceFormat::kRdp) {
    inputs.taxonomy = dir.file("taxonomy.txt");
    fuzz::write_file(inputs.taxonomy, taxonomy);
  } else if (format == ReferenceFormat::kNcbi) {
    // The companion text is nodes.dmp, then names.dmp after a second "\n===\n".
    const auto [nodes, names] = fuzz::split_input(reinterpret_cast<const std::uint8_t*>(taxonomy.data()), taxonomy.size());
    inputs.taxonomy = dir.file("taxdump");
    std::filesystem::create_directories(inputs.taxonomy);
    fuzz::write_file(dir.file("taxdump/nodes.dmp"), nodes);
    fuzz::write_file(dir.file("taxdump/names.dmp"), names);
  }
  db::BuildOptions options;
  options.quiet = true;
  const std::string output = dir.file("ref.ntdb");
  try {
    (void)db::build_database(inputs, options, output);
  } catch (const InputError&) {
    return 0;
  } catch (const UsageError&) {
    return 0;
  }
  const db::Database database(output);  // what was built must open
  for (std::uint32_t taxon = 0; taxon < database.taxon_count(); ++taxon) (void)database.lineage_string(taxon);
  return 0;
}
