"""scikit-learn's LinearDiscriminantAnalysis (solvers 'lsqr' and 'eigen') on the GTZAN feature table, as the
reference of test/classifiers/lda.test.ts.

Run from the repository root with ../shared beside it and scikit-learn installed (Debian's
python3-sklearn 1.2.1 wrote the committed file):

    /usr/bin/python3 scripts/reference/lda_sklearn.py > test/classifiers/references/lda-sklearn.json

Features: every column of features_30_sec.csv but filename, length and label, standardised with the
mean and population standard deviation of the training rows; training rows: every row whose index is
not a multiple of 5; test rows: the others.
"""
import csv
import json
import sys

import numpy as np
import sklearn
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

with open("../shared/data/gtzan/features_30_sec.csv", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
cols = [i for i, h in enumerate(header) if h not in ("filename", "length", "label")]
X = np.array([[float(r[i]) for i in cols] for r in body])
y = np.array([r[header.index("label")] for r in body])
test = np.arange(len(y)) % 5 == 0
mean, std = X[~test].mean(axis=0), X[~test].std(axis=0)
X = (X - mean) / std

out = {"sklearn": sklearn.__version__, "nTrain": int((~test).sum()), "nTest": int(test.sum()), "cases": []}
cases = [
    ("none", {"shrinkage": None}),
    ("auto", {"shrinkage": "auto"}),
    ("fixed 0.3", {"shrinkage": 0.3}),
    ("auto, priors", {"shrinkage": "auto", "priors": [0.3] + [0.7 / 9] * 9}),
    ("eigen", {"solver": "eigen"}),
    ("eigen, auto, 3 components", {"solver": "eigen", "shrinkage": "auto", "n_components": 3}),
]
binary = (y == "rock") | (y == "metal")
for name, opts in cases:
    for two in (False, True):
        keep = binary if two else np.ones(len(y), bool)
        if two and ("priors" in opts or "n_components" in opts):
            continue
        m = LinearDiscriminantAnalysis(**{"solver": "lsqr", **opts}).fit(X[keep & ~test], y[keep & ~test])
        extra = {}
        if m.solver == "eigen":
            extra = {"transform": m.transform(X[keep & test][:50]).tolist(), "explainedVarianceRatio": m.explained_variance_ratio_.tolist()}
        out["cases"].append(
            {
                "name": name + (" (rock vs metal)" if two else ""),
                "options": {
                    ("nComponents" if k == "n_components" else k): (dict(zip(m.classes_.tolist(), v)) if k == "priors" else v) for k, v in opts.items()
                },
                "binary": two,
                "classes": m.classes_.tolist(),
                "coef": m.coef_.tolist(),
                "intercept": m.intercept_.tolist(),
                "proba": m.predict_proba(X[keep & test][:50]).tolist(),
                "predict": m.predict(X[keep & test]).tolist(),
                **extra,
            }
        )
json.dump(out, sys.stdout)
