#!/usr/bin/env python3
"""The benchmark's scoring: genus precision and recall, and neurotax's precision-recall
curve read off its per-read lineage, on reads whose right answers are known."""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "benchmarks", "macro"))
import classify_vs_peers  # noqa: E402
import evaluate_calls  # noqa: E402

LINEAGE = (
    # right genus, confident at every rank
    "r1\td:Bacteria(1.00),p:Firmicutes(1.00),c:Bacilli(0.99),o:Bacillales(0.99),f:Bacillaceae(0.97),"
    "g:Bacillus(0.95),s:Bacillus subtilis(0.40)\td:Bacteria,p:Firmicutes,c:Bacilli,o:Bacillales,f:Bacillaceae,g:Bacillus\n"
    # right genus, but the family is the weakest rank: the genus call needs 0.60
    "r2/1\td:Bacteria(1.00),p:Proteobacteria(0.90),f:Enterobacteriaceae(0.60),g:Escherichia(0.85)\td:Bacteria\n"
    # wrong genus at 0.70
    "r3\td:Bacteria(1.00),f:Lactobacillaceae(0.90),g:Lactobacillus(0.70)\td:Bacteria,f:Lactobacillaceae\n"
    # best candidate above the genus: never a genus call
    "r4\td:Bacteria(1.00),f:Clostridiaceae(0.99)\td:Bacteria,f:Clostridiaceae\n"
    # unclassified
    "r5\t\t\n"
)
TRUTH = {"r1": "Bacillus", "r2": "Escherichia", "r3": "Ligilactobacillus", "r4": "Clostridium", "r5": "Turicibacter"}


class EvaluateCallsTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.lineage = os.path.join(self.folder.name, "calls.lineage")
        with open(self.lineage, "w") as table:
            table.write(LINEAGE)

    def tearDown(self):
        self.folder.cleanup()

    def test_genus_confidence_is_the_weakest_rank_down_to_the_genus(self):
        confidences = evaluate_calls.genus_confidences(self.lineage, TRUTH)
        self.assertEqual(confidences, {"r1": (0.95, True), "r2": (0.60, True), "r3": (0.70, False),
                                       "r4": (0.0, False), "r5": (0.0, False)})

    def test_curve_gives_precision_and_recall_at_every_threshold(self):
        curve = evaluate_calls.precision_recall_curve(evaluate_calls.genus_confidences(self.lineage, TRUTH))
        self.assertEqual(curve, [(0.95, 1.0, 0.2), (0.70, 0.5, 0.2), (0.60, 2 / 3, 0.4)])
        self.assertEqual(evaluate_calls.recall_at_precision(curve, 0.9), 0.2)
        self.assertEqual(evaluate_calls.recall_at_precision(curve, 0.6), 0.4)
        self.assertEqual(evaluate_calls.recall_at_precision(curve, 1.01), 0.0)

    def test_curve_over_the_first_reads_only(self):
        curve = evaluate_calls.precision_recall_curve(evaluate_calls.genus_confidences(self.lineage, TRUTH), limit=2)
        self.assertEqual(curve, [(0.95, 1.0, 0.5), (0.60, 1.0, 1.0)])

    def test_curve_against_the_peers_and_the_best_corner(self):
        confidences = evaluate_calls.genus_confidences(self.lineage, TRUTH)
        peers = {"SINTAX cutoff 0.8": (0.60, 0.40, 5), "RDP conf 0.8": (1.0, 0.20, 5)}
        lines, corner = classify_vs_peers.against_peer_defaults(evaluate_calls.precision_recall_curve(confidences), peers)
        self.assertEqual(len(lines), 2)
        self.assertIn("precision 0.600: recall 0.400 against 0.400 (above)", lines[0])
        self.assertIn("precision 1.000: recall 0.200 against 0.200 (above)", lines[1])
        self.assertEqual(corner, (1.0, 0.40, 0.2))

    def test_default_point_against_the_aim(self):
        confidences = evaluate_calls.genus_confidences(self.lineage, TRUTH)
        # At 0.65: r1 right, r3 wrong (r2's family is at 0.60); at precision 0.95 only r1 is called.
        self.assertEqual(classify_vs_peers.against_aim(confidences, 0.65),
                         "default 0.500 / 0.200 on all 5 reads against the aim 0.95 / 0.86 (not met); "
                         "recall at precision 0.95: 0.200")
        met = {f"r{n}": (0.9, True) for n in range(100)}
        self.assertIn("default 1.000 / 1.000 on all 100 reads against the aim 0.95 / 0.86 (met)",
                      classify_vs_peers.against_aim(met, 0.65))

    def test_points_at_every_threshold_against_the_best_corners(self):
        curve = evaluate_calls.precision_recall_curve(evaluate_calls.genus_confidences(self.lineage, TRUTH))
        self.assertEqual(evaluate_calls.point_at(curve, 0.6), (2 / 3, 0.4))
        self.assertEqual(evaluate_calls.point_at(curve, 0.65), (0.5, 0.2))
        self.assertEqual(evaluate_calls.point_at(curve, 0.72), (1.0, 0.2))
        self.assertEqual(evaluate_calls.point_at(curve, 0.99), (0.0, 0.0))
        # A low corner is passed at 0.6 only; a precise one from 0.72 up.
        counts = classify_vs_peers.beyond_corner_counts([(curve, (0.6, 0.3)), (curve, (0.9, 0.2))])
        self.assertEqual(counts, {0.6: 1, 0.65: 0, 0.68: 0, 0.7: 0, 0.72: 1, 0.75: 1, 0.8: 1})

    def test_score_counts_genus_calls_and_reads(self):
        calls = {"r1": "Bacillus", "r2": "Shigella", "r3": None}
        self.assertEqual(evaluate_calls.score(calls, TRUTH), (0.5, 0.2, 5))


class DefaultConfidenceTest(unittest.TestCase):
    """The head-to-head reads neurotax's default --confidence off its help, so that
    the row it marks as the default is the one users get."""

    def fake_neurotax(self, folder, usage):
        path = os.path.join(folder, "neurotax")
        with open(path, "w") as script:
            script.write("#!/bin/sh\ncat <<'EOF'\n" + usage + "\nEOF\n")
        os.chmod(path, 0o755)
        return path

    def test_reads_the_default_from_the_help(self):
        with tempfile.TemporaryDirectory() as folder:
            usage = "  --confidence arg (=0.65)      call the deepest rank whose confidence reaches"
            self.assertEqual(classify_vs_peers.default_confidence(self.fake_neurotax(folder, usage)), "0.65")

    def test_a_help_without_it_stops_the_benchmark(self):
        with tempfile.TemporaryDirectory() as folder:
            with self.assertRaises(SystemExit):
                classify_vs_peers.default_confidence(self.fake_neurotax(folder, "  --threads arg (=2)"))

    @unittest.skipUnless(os.environ.get("NEUROTAX"), "NEUROTAX names no built neurotax")
    def test_the_built_neurotax_names_a_default_between_0_and_1(self):
        self.assertTrue(0.0 < float(classify_vs_peers.default_confidence(os.environ["NEUROTAX"])) < 1.0)


class ReusePeersTest(unittest.TestCase):
    def test_an_interrupted_peer_leaves_nothing_to_reuse(self):
        with tempfile.TemporaryDirectory() as folder:
            output = os.path.join(folder, "set.sintax-0.8.tsv")

            def interrupted(partial):
                with open(partial, "w") as calls:
                    calls.write("r1\td:Bacteria(1.00)\n")
                raise KeyboardInterrupt

            with self.assertRaises(KeyboardInterrupt):
                classify_vs_peers.write_whole(output, interrupted)
            self.assertFalse(os.path.exists(output))
            classify_vs_peers.write_whole(output, lambda partial: open(partial, "w").write("r1\t\n"))
            with open(output) as calls:
                self.assertEqual(calls.read(), "r1\t\n")

    def test_reuse_without_a_work_folder_is_refused(self):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "benchmarks", "macro",
                              "classify_vs_peers.py")
        finished = subprocess.run([sys.executable, script, "--reuse-peers"], capture_output=True, text=True)
        self.assertEqual(finished.returncode, 2)
        self.assertIn("--reuse-peers needs the --workdir of an earlier run", finished.stderr)


if __name__ == "__main__":
    unittest.main()
