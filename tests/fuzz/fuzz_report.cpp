// What `neurotax report` reads back from a run: a sample's abundance table and
// the annotation JSON beside it (the input split at "\n===\n"), then the whole
// HTML page made from them.
#include "fuzz_input.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/pipeline/html_report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace neurotax;
  const auto [table, annotation] = fuzz::split_input(data, size);
  const std::string profile = fuzz::scratch().file("s.abundance.tsv");
  fuzz::write_file(profile, table);
  fuzz::write_file(fuzz::scratch().file("s.neuroactive.json"), annotation);
  try {
    const pipeline::ReportData report = pipeline::load_report_data({profile});
    const std::string page = pipeline::format_html_report(report, {});
    if (page.find("</html>") == std::string::npos) std::abort();
  } catch (const InputError&) {
  } catch (const UsageError&) {
  }
  return 0;
}
