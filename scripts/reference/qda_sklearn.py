"""scikit-learn's QuadraticDiscriminantAnalysis on the GTZAN feature table, as the reference of
test/classifiers/qda.test.ts.

Run from the repository root with ../shared beside it and scikit-learn installed (Debian's
python3-sklearn 1.2.1 wrote the committed file):

    /usr/bin/python3 scripts/reference/qda_sklearn.py > test/classifiers/references/qda-sklearn.json

Features: every column of features_30_sec.csv but filename, length and label, standardised with the
mean and population standard deviation of the training rows; training rows: every row whose index is
not a multiple of 5 (80 per genre, more than the 57 features); test rows: the others.
"""
import csv
import json
import sys

import numpy as np
import sklearn
from sklearn.discriminant_analysis import QuadraticDiscriminantAnalysis

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
    ("no regularisation", {"reg_param": 0.0}),
    ("reg_param 0.1", {"reg_param": 0.1}),
    ("reg_param 0.7", {"reg_param": 0.7}),
    ("reg_param 0.1, priors", {"reg_param": 0.1, "priors": [0.3] + [0.7 / 9] * 9}),
]
binary = (y == "rock") | (y == "metal")
for name, opts in cases:
    for two in (False, True):
        keep = binary if two else np.ones(len(y), bool)
        if two and "priors" in opts:
            continue
        m = QuadraticDiscriminantAnalysis(store_covariance=True, **opts).fit(X[keep & ~test], y[keep & ~test])
        out["cases"].append(
            {
                "name": name + (" (rock vs metal)" if two else ""),
                "options": {
                    ("regParam" if k == "reg_param" else k): (dict(zip(m.classes_.tolist(), v)) if k == "priors" else v) for k, v in opts.items()
                },
                "binary": two,
                "classes": m.classes_.tolist(),
                "means": m.means_.tolist(),
                "priors": m.priors_.tolist(),
                # the first class's covariance, in one case (57 x 57 values)
                **({"covariance0": m.covariance_[0].tolist()} if name == "reg_param 0.1" and not two else {}),
                "decision": m.decision_function(X[keep & test][:50]).tolist(),
                "proba": m.predict_proba(X[keep & test][:50]).tolist(),
                "predict": m.predict(X[keep & test]).tolist(),
            }
        )
json.dump(out, sys.stdout)
