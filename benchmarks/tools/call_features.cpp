// neurotax-call-features: for each fragment, what step 4 of the call weighs
// (kernels/word_weighing.hpp): the minimizers' genus, the nearest references'
// verdict when the call is questioned, and the feature vector of the case.
// benchmarks/macro/fit_word_weighing.py fits the weighing's logistic functions
// to these rows and the reads' truth.
// Output, tab-separated, a row per fragment with a genus call:
//   read_id  case  minimizer_genus  nearest_genus  feature...
// case: sure (the minimizers are; nearest_genus is "-"), agreed, disputed or
// unplaced (the minimizers name no genus; minimizer_genus is "-"). A long
// fragment's agreed or disputed call has a second row, long-agreed or
// long-disputed, with the long features (long_opinion_features): the general
// functions are fitted on every fragment, the long ones on long fragments.
#include <array>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neurotax/db/database.hpp"
#include "neurotax/kernels/read_classifier.hpp"
#include "neurotax/kernels/word_weighing.hpp"
#include "neurotax/pipeline/mate_reconciliation.hpp"
#include "neurotax/pipeline/read_source.hpp"

namespace {
using namespace neurotax;
using namespace neurotax::kernels::word_weighing;

template <std::size_t N>
void print_row(const pipeline::Fragment& fragment, const char* kind, std::string_view minimizer_genus,
               std::string_view nearest_genus, const std::array<double, N>& features) {
  std::printf("%s\t%s\t%.*s\t%.*s", fragment.id.c_str(), kind, static_cast<int>(minimizer_genus.size()),
              minimizer_genus.data(), static_cast<int>(nearest_genus.size()), nearest_genus.data());
  for (const double feature : features) std::printf("\t%.6g", feature);
  std::printf("\n");
}
const char* case_name(Case weighed) {
  switch (weighed) {
    case Case::kSure:
      return "sure";
    case Case::kAgreed:
      return "agreed";
    case Case::kDisputed:
      return "disputed";
    case Case::kUnplaced:
      return "unplaced";
  }
  return "?";
}
/// A long fragment's placed cases, weighed by functions of their own.
const char* long_case_name(Case weighed) { return weighed == Case::kAgreed ? "long-agreed" : "long-disputed"; }
}  // namespace

int main(int argc, char** argv) {
  std::string database_path;
  std::vector<std::string> paths;
  bool paired = false;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--paired")
      paired = true;
    else if (argument == "--db" && i + 1 < argc)
      database_path = argv[++i];
    else
      paths.push_back(argument);
  }
  if (database_path.empty() || paths.empty()) {
    std::fprintf(stderr, "usage: neurotax-call-features --db DB [--paired] READS...\n");
    return 2;
  }
  try {
    const db::Database database(database_path);
    kernels::ClassifierParams params;
    params.minimizers_only = true;
    kernels::ReadClassifier classifier(database.index(), database.taxonomy(), database.minimizer_params(), params);
    const kernels::GenusWordModel& words = database.genus_words();
    kernels::GenusWordJudge judge(words);
    kernels::ReadCall call;
    kernels::ReadEvidence evidence;
    pipeline::FragmentReader reader(paths, paired ? pipeline::PairingMode::kPaired : pipeline::PairingMode::kSingle);
    pipeline::ReadBatch batch;
    pipeline::ReconciledMates reconciled;  // as classify reads them
    while (reader.next_batch(batch, 4096, std::size_t{4} << 20)) {
      for (std::size_t i = 0; i < batch.size; ++i) {
        const pipeline::Fragment& fragment = batch.fragments[i];
        reconciled.take(fragment, true);
        const std::span<const std::string_view> fragment_mates = reconciled.mates();
        classifier.classify(fragment_mates, call, evidence);
        const std::optional<Question> asked = question(judge, reconciled.word_mates(), call, database.taxonomy());
        if (!asked) continue;
        const std::uint32_t genus_taxon = call.lineage[kernels::kGenusRankIndex].taxon;
        const std::string_view genus = genus_taxon == kernels::kNoTaxon ? "-" : database.name(genus_taxon);
        if (asked->weighed == Case::kSure) {
          print_row(fragment, "sure", genus, "-", sure_features(asked->features));
          continue;
        }
        const std::string_view nearest_genus = database.name(asked->verdict.genus);
        print_row(fragment, case_name(asked->weighed), genus, nearest_genus,
                  opinion_features(asked->features, asked->verdict, asked->words));
        if (asked->weighed != Case::kUnplaced && is_long(asked->features))
          print_row(fragment, long_case_name(asked->weighed), genus, nearest_genus,
                    long_opinion_features(asked->features, asked->verdict, asked->words));
      }
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "neurotax-call-features: error: %s\n", error.what());
    return 1;
  }
  return 0;
}
