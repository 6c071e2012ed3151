#!/usr/bin/env python3
"""The benchmark's read simulator (benchmarks/tools/simulate_reads.cpp) on a
small labelled reference whose sequences hold IUPAC ambiguity codes, as many
GenBank 16S sequences do: reads never carry a code (no sequencer writes one),
each code is resolved once per reference to a base it allows (the organism's
gene, the same in every read), the database keeps the reference as it is, and
a seed gives the same files every time.
NEUROTAX_SIMULATE names the simulator."""
import gzip
import os
import random
import subprocess
import tempfile
import unittest

SIMULATE = os.environ.get("NEUROTAX_SIMULATE", "neurotax-simulate")
FORWARD_PRIMER = "GTGCCAGCAGCCGCGGTAA"        # an instance of 515F (GTGYCAGCMGCCGCGGTAA)
REVERSE_SITE = "ATTAGATACCCTTGTAGTCC"         # reverse complement of an instance of 806R
CODES = {"R": "AG", "Y": "CT", "S": "CG", "W": "AT", "K": "GT", "M": "AC", "N": "ACGT"}
AMPLICON_START = 400 + len(FORWARD_PRIMER)
AMPLICON_LENGTH = 253


def labelled_reference(path):
    """Three genera of four sequences; every 23rd base of each is an ambiguity code."""
    rng = random.Random(7)
    sequences = {}
    with open(path, "w") as out:
        for g, genus in enumerate(("Alpha", "Beta", "Gamma")):
            for member in range(4):
                parts = ["".join(rng.choice("ACGT") for _ in range(400)), FORWARD_PRIMER,
                         "".join(rng.choice("ACGT") for _ in range(AMPLICON_LENGTH)), REVERSE_SITE,
                         "".join(rng.choice("ACGT") for _ in range(900))]
                bases = list("".join(parts))
                for i in range(AMPLICON_START + 5, len(bases), 23):
                    if not (AMPLICON_START + AMPLICON_LENGTH <= i < AMPLICON_START + AMPLICON_LENGTH + len(REVERSE_SITE)):
                        bases[i] = rng.choice(sorted(CODES))
                sequence = "".join(bases)
                name = f"ref{g}{member}"
                sequences[name] = sequence
                out.write(f">{name}|kraken:taxid|{100 + g};tax=d:Bacteria,p:Phylum,c:Class,o:Order,f:Family,"
                          f"g:{genus},s:{genus} species;\n{sequence}\n")
    return sequences


def contents(path):
    """The file's bytes, decompressed where gzipped (gzip headers may differ where contents do not)."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as file:
        return file.read()


def fastq_sequences(path):
    with gzip.open(path, "rt") as lines:
        return [line.strip() for number, line in enumerate(lines) if number % 4 == 1]


class SimulatorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory()
        cls.reference = os.path.join(cls.work.name, "labelled.fa")
        cls.sequences = labelled_reference(cls.reference)

    @classmethod
    def tearDownClass(cls):
        cls.work.cleanup()

    def simulate(self, name, mode, source="indb", reads=400, seed="3"):
        prefix = os.path.join(self.work.name, name)
        subprocess.run([SIMULATE, "--reference", self.reference, "--out", prefix, "--mode", mode, "--source", source,
                        "--reads", str(reads), "--seed", seed, "--holdout-fraction", "0.3"],
                       check=True, capture_output=True)
        return prefix

    def test_reads_carry_no_ambiguity_code(self):
        for mode in ("v4-paired", "v4-single", "fragment", "full"):
            for source in ("indb", "heldout"):
                prefix = self.simulate(f"{mode}.{source}", mode, source)
                mates = ["_R1", "_R2"] if mode == "v4-paired" else ["_R1"]
                for mate in mates:
                    reads = fastq_sequences(prefix + mate + ".fq.gz")
                    self.assertEqual(len(reads), 400)
                    self.assertEqual(set("".join(reads)) - set("ACGT"), set(), f"{mode} {source}{mate}")

    def test_database_keeps_the_references_codes(self):
        prefix = self.simulate("database", "full")
        with open(prefix + ".db.fa") as database:
            lines = database.read().splitlines()
        kept = {lines[i][1:].split("|")[0]: lines[i + 1] for i in range(0, len(lines), 2)}
        self.assertTrue(kept)
        for name, sequence in kept.items():
            self.assertEqual(sequence, self.sequences[name])

    def test_each_code_is_one_allowed_base_in_every_read_of_a_sequence(self):
        prefix = self.simulate("resolved", "v4-single", reads=600)
        reads = fastq_sequences(prefix + "_R1.fq.gz")
        with open(prefix + ".truth.tsv") as truth:
            sources = [line.rstrip("\n").split("\t")[4] for line in truth][1:]
        checked = 0
        for name, sequence in self.sequences.items():
            amplicon = sequence[AMPLICON_START:AMPLICON_START + AMPLICON_LENGTH]
            own = [read for read, source in zip(reads, sources) if source == name and len(read) == 250]
            if len(own) < 10:
                continue
            for position, code in enumerate(amplicon[:250]):
                if code in CODES:
                    bases = [read[position] for read in own]
                    chosen = max(set(bases), key=bases.count)
                    self.assertIn(chosen, CODES[code], f"{name} position {position}")
                    self.assertGreaterEqual(bases.count(chosen) / len(bases), 0.9, f"{name} position {position}")
                    checked += 1
        self.assertGreater(checked, 50)

    def test_a_seed_gives_the_same_reads(self):
        first = self.simulate("first", "fragment", seed="5")
        second = self.simulate("second", "fragment", seed="5")
        other = self.simulate("other", "fragment", seed="6")
        for suffix in ("_R1.fq.gz", ".truth.tsv", ".db.fa"):
            self.assertEqual(contents(first + suffix), contents(second + suffix), suffix)
        self.assertNotEqual(fastq_sequences(first + "_R1.fq.gz"), fastq_sequences(other + "_R1.fq.gz"))


if __name__ == "__main__":
    unittest.main()
