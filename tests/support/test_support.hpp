#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace neurotax::testing {

/// A fresh temporary folder per test, removed afterwards.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

void write_text(const std::string& path, const std::string& text);
void write_gzip(const std::string& path, const std::string& text);
[[nodiscard]] std::string read_text(const std::string& path);
[[nodiscard]] std::string read_gzip(const std::string& path);
[[nodiscard]] std::vector<std::string> split_lines(const std::string& text);
[[nodiscard]] std::vector<std::string> split(const std::string& text, char separator);

/// Path of a file in Debian's r-bioc-dada2 extdata (fails the test if missing).
[[nodiscard]] std::string dada2_file(const std::string& name);
/// Path of a file in Debian's rdp-classifier-doc sample files (fails the test if missing).
[[nodiscard]] std::string rdp_file(const std::string& name);

struct CommandResult {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together
};
/// Runs the neurotax binary with `arguments` (a shell-quoted string).
[[nodiscard]] CommandResult run_neurotax(const std::string& arguments);

/// Deterministic pseudo-random sequence of `length` bases.
[[nodiscard]] std::string random_sequence(std::size_t length, std::uint64_t seed);
[[nodiscard]] std::string reverse_complement(std::string sequence);

/// A small synthetic reference: three genera of two families, two sequences
/// each, sharing a conserved stretch, in SINTAX format. Returns the FASTA text;
/// `sequences` receives (genus, sequence) pairs.
[[nodiscard]] std::string synthetic_sintax_reference(std::vector<std::pair<std::string, std::string>>& sequences);

/// A gzipped FASTQ pair of `count` 150 bp fragments cut from `sequence`
/// (R1 from offset 200, R2 reverse-complemented from 420, both shifting by one
/// per fragment), named PREFIX_0, PREFIX_1, ...
void write_fragment_pairs(const std::string& r1, const std::string& r2, const std::string& sequence,
                          const std::string& prefix, int count);

/// Builds the synthetic reference into `dir` (ref.fa, ref.ntdb); returns the database path.
std::string build_synthetic_database(const TempDir& dir, std::vector<std::pair<std::string, std::string>>& sequences);

}  // namespace neurotax::testing
