"""Stage 2, normalise: a document's words as stable ids that survive small edits.

``tokens`` folds case, punctuation, look-alike letters and inflection with a one-to-one
character table, so every word keeps its original ``(start, end)``; ``stopwords`` lists the
function words that carry no evidence of copying on their own.
"""

from copyhound.normalise.stopwords import STOPWORDS
from copyhound.normalise.tokens import Tokens, fold, normal_form, tokenize, word_id

__all__ = ["STOPWORDS", "Tokens", "fold", "normal_form", "tokenize", "word_id"]
