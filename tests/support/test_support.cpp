#include "test_support.hpp"

#include "neurotax/db/database_builder.hpp"
#include "neurotax/kernels/nucleotide.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace neurotax::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "neurotax-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

void write_gzip(const std::string& path, const std::string& text) {
  gzFile file = gzopen(path.c_str(), "wb");
  gzwrite(file, text.data(), static_cast<unsigned>(text.size()));
  gzclose(file);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string read_gzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return {};
  std::string text;
  std::array<char, 65536> buffer{};
  int n = 0;
  while ((n = gzread(file, buffer.data(), buffer.size())) > 0) text.append(buffer.data(), static_cast<std::size_t>(n));
  gzclose(file);
  return text;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines = split(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::string dada2_file(const std::string& name) {
  const std::string path = std::string(NEUROTAX_DADA2_EXTDATA) + "/" + name;
  if (!std::filesystem::exists(path))
    ADD_FAILURE() << path << " is missing: run scripts/install-deps.sh to fetch Debian's r-bioc-dada2 data";
  return path;
}

std::string rdp_file(const std::string& name) {
  const std::string path = std::string(NEUROTAX_RDP_SAMPLEFILES) + "/" + name;
  if (!std::filesystem::exists(path))
    ADD_FAILURE() << path << " is missing: run scripts/install-deps.sh to fetch Debian's rdp-classifier-doc data";
  return path;
}

CommandResult run_neurotax(const std::string& arguments) {
  const std::string command = std::string(NEUROTAX_BINARY) + " " + arguments + " 2>&1";
  CommandResult result;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string random_sequence(std::size_t length, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  static constexpr char kBases[] = "ACGT";
  std::string sequence(length, 'A');
  for (char& base : sequence) base = kBases[random() & 3U];
  return sequence;
}

std::string reverse_complement(std::string sequence) {
  kernels::reverse_complement(sequence);
  return sequence;
}

std::string build_synthetic_database(const TempDir& dir, std::vector<std::pair<std::string, std::string>>& sequences) {
  write_text(dir.file("ref.fa"), synthetic_sintax_reference(sequences));
  db::BuildOptions options;
  options.quiet = true;
  db::build_database(db::ReferenceInputs::from_fasta({dir.file("ref.fa")}), options, dir.file("ref.ntdb"));
  return dir.file("ref.ntdb");
}

std::string synthetic_sintax_reference(std::vector<std::pair<std::string, std::string>>& sequences) {
  const std::string conserved = random_sequence(200, 1);
  struct Genus {
    const char* family;
    const char* genus;
    std::uint64_t seed;
  };
  const Genus genera[] = {{"Bacillaceae", "Bacillus", 11},
                          {"Bacillaceae", "Virgibacillus", 22},
                          {"Enterococcaceae", "Enterococcus", 33}};
  std::string fasta;
  int id = 0;
  for (const Genus& genus : genera) {
    const std::string variable = random_sequence(400, genus.seed);
    for (int copy = 0; copy < 2; ++copy) {
      std::string sequence = conserved + variable;
      sequence[250 + 37 * copy] = sequence[250 + 37 * copy] == 'A' ? 'C' : 'A';  // strain variation
      sequences.emplace_back(genus.genus, sequence);
      fasta += ">ref" + std::to_string(++id) + ";tax=d:Bacteria,p:Firmicutes,c:Bacilli,o:Bacillales,f:" +
               genus.family + ",g:" + genus.genus + ";\n" + sequence + "\n";
    }
  }
  return fasta;
}

void write_fragment_pairs(const std::string& r1, const std::string& r2, const std::string& sequence,
                          const std::string& prefix, int count) {
  std::string first, second;
  for (int i = 0; i < count; ++i) {
    const std::string name = prefix + "_" + std::to_string(i);
    const auto offset = static_cast<std::size_t>(i);
    first += "@" + name + "/1\n" + sequence.substr(200 + offset, 150) + "\n+\n" + std::string(150, 'I') + "\n";
    second += "@" + name + "/2\n" + reverse_complement(sequence.substr(420 + offset, 150)) + "\n+\n" +
              std::string(150, 'I') + "\n";
  }
  write_gzip(r1, first);
  write_gzip(r2, second);
}

}  // namespace neurotax::testing
