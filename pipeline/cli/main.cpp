// The neurotax executable: a thin dispatcher over the library. Every error
// reaches this one catch site and becomes a one-line message and an exit code
// (0 success, 1 runtime or input error, 2 usage error, 128 + N when stopped by signal N).
#include <htslib/hts_log.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/common/interruption.hpp"

namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>&);
};

constexpr Command kCommands[] = {
    {"build-db", "build a database from labelled 16S references", neurotax::cli::build_db_command},
    {"classify", "classify reads; Kraken 2 per-read output and report", neurotax::cli::classify_command},
    {"abundance", "per-taxon counts and kreport from per-read output", neurotax::cli::abundance_command},
    {"annotate", "neuroactive potential of a sample's taxa", neurotax::cli::annotate_command},
    {"run", "all stages for a sample in one process", neurotax::cli::run_command},
    {"report", "one self-contained HTML report of a run", neurotax::cli::report_command},
    {"inspect-db", "show a database's header, counts and taxa", neurotax::cli::inspect_db_command},
};

void print_usage(std::FILE* out) {
  std::fprintf(out, "neurotax %s: 16S rRNA classification with an evidence-graded neuroactive annotation layer\n\n"
                    "Usage: neurotax <command> [options]\n\nCommands:\n", NEUROTAX_VERSION);
  for (const Command& command : kCommands) std::fprintf(out, "  %-11s %s\n", command.name, command.summary);
  std::fprintf(out, "\nRun 'neurotax <command> --help' for a command's options and an example.\n"
                    "Exit codes: 0 success, 1 runtime or input error, 2 usage error, 3 some samples of a run failed,\n"
                    "130/143 stopped by SIGINT/SIGTERM (unfinished outputs removed).\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe becomes a write error with a message
  std::signal(SIGXFSZ, SIG_IGN);  // so does a file-size limit (ulimit -f): EFBIG, not a silent kill
  neurotax::stop_on_signals();    // SIGINT/SIGTERM unwind: unfinished outputs are removed
  // Our own errors name the file and record; HTSlib's log lines would only repeat them.
  hts_set_log_level(HTS_LOG_OFF);
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return 0;
  }
  if (name == "--version" || name == "-V") {
    std::printf("neurotax %s\n", NEUROTAX_VERSION);
    return 0;
  }
  const std::vector<std::string> arguments(argv + 2, argv + argc);
  try {
    for (const Command& command : kCommands)
      if (name == command.name) return command.run(arguments);
    throw neurotax::UsageError("unknown command '" + name + "' (see 'neurotax --help')");
  } catch (const neurotax::Interrupted& interruption) {
    std::fprintf(stderr, "neurotax: %s\n", interruption.what());
    return 128 + interruption.signal_number();
  } catch (const neurotax::UsageError& error) {
    std::fprintf(stderr, "neurotax: error: %s\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "neurotax: error: %s\n", error.what());
    return 1;
  }
}
