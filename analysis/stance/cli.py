"""The ``stance`` subcommand: lexicon scorer or trained classifier on a folder of documents."""
from __future__ import annotations

import sys

import pandas as pd

from .aliases import load_targets
from .documents import score_documents


def run_stance(corpus, args) -> pd.DataFrame:
    """The table the CLI prints: one row per document × target (``method`` says which method).

    With ``--train`` (and no ``--targets``: the coded file's targets), the classifier's cross-validated accuracy, κ and F_avg and its top features
    per class are printed to stderr first (teaching material), then the predictions are returned.
    """
    targets = (load_targets(args.targets, include_defaults=args.with_default_targets)
               if args.targets is not None else load_targets())
    if args.train is None:
        return score_documents(corpus, targets=targets, unit=args.unit, profile=args.profile,
                               lexicon=args.lexicon)
    from .classifier import cross_validate, predict_documents, read_coded, top_features, train_classifier

    coded = read_coded(args.train)
    cv = cross_validate(coded, pooled=args.pooled)
    print(f"classifier, {cv['n']} coded texts, 5-fold cross-validation: accuracy {cv['accuracy']}, "
          f"kappa {cv['kappa']}, F_avg {cv['f_avg']}", file=sys.stderr)
    model = train_classifier(coded, pooled=args.pooled)
    for target, reason in model.skipped.items():
        print(f"no model for {target}: {reason}", file=sys.stderr)
    top = top_features(model, n=8)
    for (target, label), group in top.groupby(["target", "label"], sort=False):
        print(f"top features {target} {label}: {' '.join(group.feature)}", file=sys.stderr)
    documents = pd.DataFrame({"id": corpus.articles["article"],
                              "text": [corpus.body_text(a) for a in corpus.articles["article"]]})
    # without --targets, the coded file's targets (not the six defaults) are the ones to label
    return predict_documents(model, documents, targets=targets if args.targets is not None else None)
