"""scikit-learn's QuadraticDiscriminantAnalysis on the GTZAN feature table, as the reference of
test/classifiers/qda.test.ts.

Run from the repository root with ../shared beside it and scikit-learn installed (Debian's
python3-sklearn 1.2.1 wrote the committed file):

    /usr/bin/python3 scripts/reference/qda_sklearn.py > test/classifiers/references/qda-sklearn.json

Features and split: `standardised_split` of gtzan_table.py in this folder (80 per genre, more than the 57 features).
"""
import json
import sys

import numpy as np
import sklearn
from gtzan_table import standardised_split
from sklearn.discriminant_analysis import QuadraticDiscriminantAnalysis

X, y, test = standardised_split()

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
