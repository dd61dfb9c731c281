"""The GTZAN feature table as the scikit-learn reference scripts of this folder use it (test/helpers/gtzan-split.ts
reads it the same way).

Features: every column of ../shared/data/gtzan/features_30_sec.csv but filename, length and label, standardised
with the mean and population standard deviation of the training rows; training rows: every row whose index is
not a multiple of 5 (80 per genre); test rows: the others.
"""
import csv

import numpy as np


def standardised_split():
    """(X, y, test): the standardised features, the labels and the boolean mask of the test rows."""
    with open("../shared/data/gtzan/features_30_sec.csv", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    cols = [i for i, h in enumerate(header) if h not in ("filename", "length", "label")]
    X = np.array([[float(r[i]) for i in cols] for r in body])
    y = np.array([r[header.index("label")] for r in body])
    test = np.arange(len(y)) % 5 == 0
    mean, std = X[~test].mean(axis=0), X[~test].std(axis=0)
    return (X - mean) / std, y, test
