import os

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("TQDM_DISABLE", "1")


@pytest.fixture(scope="session")
def corpus():
    """The two seeds, loaded once for the whole session."""
    from analysis import load_corpus

    return load_corpus()
