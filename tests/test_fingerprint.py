import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from index_helpers import prose

from copyhound.normalise.tokens import tokenize
from copyhound.seed.fingerprint import FingerprintSettings, fingerprints, winnow


@given(st.lists(st.integers(0, 50), min_size=1, max_size=200), st.integers(1, 12))
@settings(max_examples=80, deadline=None)
def test_every_window_keeps_its_minimum(values, window):
    hashes = np.array(values, dtype=np.uint64)
    chosen = set(winnow(hashes, window).tolist())
    for start in range(max(1, len(hashes) - window + 1)):
        win = hashes[start : start + window]
        assert any(p in chosen and hashes[p] == win.min() for p in range(start, start + len(win)))


@given(st.integers(0, 10_000))
@settings(max_examples=25, deadline=None)
def test_shared_run_of_window_plus_ngram_words_shares_a_fingerprint(seed):
    rng = np.random.default_rng(seed)
    fs = FingerprintSettings(ngram=3, window=12)
    shared = prose(rng, 60).split()[: fs.window + fs.ngram - 1]
    a = prose(rng, 150) + " " + " ".join(shared) + " " + prose(rng, 80)
    b = prose(rng, 90) + " " + " ".join(shared) + " " + prose(rng, 120)
    common = np.intersect1d(fingerprints(tokenize(a), fs), fingerprints(tokenize(b), fs))
    assert len(common) >= 1


def test_fingerprints_ignore_case_punctuation_and_function_word_ngrams():
    a = fingerprints(tokenize("The Harbor of granite, the willow and the falcon; a glacier."))
    b = fingerprints(tokenize("the harbor of GRANITE the willow and the falcon a glacier"))
    assert a.dtype == np.uint32 and len(a) > 0
    assert np.array_equal(a, b)
    assert len(fingerprints(tokenize("of the and to in of the and to in of the"))) == 0


def test_sampling_density_is_about_two_over_window_plus_one():
    text = prose(np.random.default_rng(3), 5000)
    n = len(fingerprints(tokenize(text), FingerprintSettings(ngram=3, window=12)))
    assert 0.08 * 5000 < n < 0.2 * 5000
