// The database loader on altered files: the input is a whole database file
// whose checksum is recomputed before it is opened, so that the header and
// section validation (not only the checksum) meets every alteration. An
// accepted file must classify reads without reading out of bounds (altered
// near words, outside the file checksum, are refused when first used).
#include <cstring>
#include <span>

#include "fuzz_input.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/db/database.hpp"
#include "neurotax/db/database_format.hpp"
#include "neurotax/kernels/read_classifier.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace neurotax;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.size() >= sizeof(db::format::FileHeader)) {
    const std::uint64_t checksum = db::format::file_checksum(std::as_bytes(std::span(bytes.data(), bytes.size())));
    std::memcpy(bytes.data() + db::format::kChecksumOffset, &checksum, sizeof checksum);
  }
  const std::string path = fuzz::scratch().file("fuzz.ntdb");
  fuzz::write_file(path, bytes);
  try {
    const db::Database database(path);
    for (std::uint32_t taxon = 0; taxon < database.taxon_count(); ++taxon) {
      (void)database.name(taxon);
      (void)database.lineage_string(taxon);
    }
    kernels::ReadClassifier classifier(database.index(), database.taxonomy(), database.minimizer_params(), {},
                                       &database.genus_words());
    static const std::string read =
        "TACGGAGGATCCGAGCGTTATCCGGATTTATTGGGTTTAAAGGGAGCGTAGGTGGACAGTTAAGTCAGTTGTGAAAGTTTGCGGCTCAACCGTAAAATTGCAGTTGAT"
        "ACTGGCTGTCTTGAGTACAGTAGAGGTGGGCGGAATTCGTGGTGTAGCGGTGAAATGCTTAGATATCACGAAGAACTCCGATTGCGAAGGCAGCTCACTGGACTGCAA";
    const std::string_view mates[] = {read};
    kernels::ReadCall call;
    kernels::ReadEvidence evidence;
    classifier.classify(mates, call, evidence);
  } catch (const InputError&) {
  }
  return 0;
}
