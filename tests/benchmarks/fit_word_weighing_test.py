#!/usr/bin/env python3
"""The fit behind the word weighing's functions (benchmarks/macro/fit_word_weighing.py):
logistic regression recovers the weights that made known outcomes, and the
written source holds them in the order word_weighing.hpp reads them."""
import math
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "benchmarks", "macro"))
import fit_word_weighing  # noqa: E402


class FitWordWeighingTest(unittest.TestCase):
    def test_recovers_the_weights_that_drew_the_outcomes(self):
        draw = random.Random(7)
        truth = [-0.5, 1.2, -0.8]
        features, outcomes = [], []
        for _ in range(6000):
            x = [1.0, draw.uniform(-3, 3), draw.uniform(-3, 3)]
            chance = fit_word_weighing.logistic(sum(w * v for w, v in zip(truth, x)))
            features.append(x)
            outcomes.append(1.0 if draw.random() < chance else 0.0)
        fitted = fit_word_weighing.fit(features, outcomes)
        for want, got in zip(truth, fitted):
            self.assertAlmostEqual(want, got, delta=0.12)

    def test_separable_outcomes_stay_finite(self):
        # Every positive above every negative: the ridge keeps the weights finite.
        features = [[1.0, v / 10.0] for v in range(-20, 21)]
        outcomes = [1.0 if x[1] > 0 else 0.0 for x in features]
        fitted = fit_word_weighing.fit(features, outcomes)
        self.assertTrue(all(math.isfinite(w) for w in fitted))
        self.assertGreater(fitted[1], 5.0)

    def test_sets_of_either_abundance(self):
        self.assertEqual(fit_word_weighing.fitted_sets(["heldout"], ["gut", "even"])[:2],
                         ["v4-paired.heldout", "v4-paired.heldout.even"])
        self.assertEqual(len(fit_word_weighing.fitted_sets(["heldout", "indb"], ["even"])), 8)
        with self.assertRaises(SystemExit):
            fit_word_weighing.fitted_sets(["heldout"], ["skewed"])

    def test_solve(self):
        self.assertEqual([round(v, 9) for v in fit_word_weighing.solve([[0.0, 2.0], [4.0, 0.0]], [2.0, 8.0])], [2.0, 1.0])

    def test_weights_are_written_as_a_cpp_list(self):
        self.assertEqual(fit_word_weighing.cpp_array([1.0, -0.25, 1e-7]), "{1, -0.25, 1e-07}")

    def test_rows_go_to_their_cases_and_a_dispute_to_both_of_its_functions(self):
        cases = {name: ([], []) for name in fit_word_weighing.CASES}
        fit_word_weighing.add_row(cases, "agreed", [1.0], "Bacillus", "Bacillus", "Bacillus")
        fit_word_weighing.add_row(cases, "unplaced", [2.0], "-", "Listeria", "Bacillus")
        fit_word_weighing.add_row(cases, "long-disputed", [3.0], "Bacillus", "Listeria", "Listeria")
        self.assertEqual(cases["agreed"], ([[1.0]], [1.0]))
        self.assertEqual(cases["unplaced"], ([[2.0]], [0.0]))  # the nearest references' genus is the one judged
        self.assertEqual(cases["long-minimizers_disputed"], ([[3.0]], [0.0]))
        self.assertEqual(cases["long-nearest_disputed"], ([[3.0]], [1.0]))
        self.assertEqual(cases["minimizers_disputed"], ([], []))

    def test_placed_weights_are_written_in_the_order_of_the_struct(self):
        weights = {"long-agreed": [1.0], "long-minimizers_disputed": [2.0], "long-nearest_disputed": [3.0]}
        self.assertEqual(fit_word_weighing.placed_weights(weights, fit_word_weighing.LONG),
                         "{\n        .agreed = {1},\n        .minimizers_disputed = {2},\n"
                         "        .nearest_disputed = {3},\n    }")


if __name__ == "__main__":
    unittest.main()
