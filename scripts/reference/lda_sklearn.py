"""scikit-learn's LinearDiscriminantAnalysis (solvers 'lsqr' and 'eigen') on the GTZAN feature table, as the
reference of test/classifiers/lda.test.ts.

Run from the repository root with ../shared beside it and scikit-learn installed (Debian's
python3-sklearn 1.2.1 wrote the committed file):

    /usr/bin/python3 scripts/reference/lda_sklearn.py > test/classifiers/references/lda-sklearn.json

Features and split: `standardised_split` of gtzan_table.py in this folder.
"""
import json
import sys

import numpy as np
import sklearn
from gtzan_table import standardised_split
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

X, y, test = standardised_split()

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
