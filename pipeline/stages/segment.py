"""Segment: Chinese words from an own jieba Tokenizer with the gazetteer as user dictionary.

The tokenizer is a private `jieba.Tokenizer` (not the module-level one), so loading
zhaimao never changes another library's segmentation. Its prefix-dictionary cache lives
in a per-user folder: jieba's default shared file in the temp folder breaks when two
users share a machine. It is warmed at load so the first article is not slow.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Iterable

import jieba
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

logger = logging.getLogger(__name__)

#: Frequencies given to gazetteer names in the user dictionary: official names and
#: short forms win over the words they overlap; bare stems only a little.
NAME_FREQ = 50_000
STEM_FREQ = 300


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "zhaimao"
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("")
        probe.unlink()
        return path
    except OSError:
        # A read-only home: fall back to a private folder of this user in the temp folder.
        path = Path(tempfile.gettempdir()) / f"zhaimao-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path


def make_jieba(words: Iterable[tuple[str, int]]) -> jieba.Tokenizer:
    """A warmed private jieba tokenizer with extra (word, frequency) entries."""
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(_cache_dir())
    tk.cache_file = f"jieba-{jieba.__version__}-main.cache"
    tk.initialize()
    for word, freq in words:
        tk.add_word(word, freq)
    tk.lcut("甘肃省人民政府批准东乡族自治县等8个县退出贫困县序列。", HMM=False)  # warm
    return tk


class JiebaTokenizer:
    """spaCy tokenizer: jieba words (no HMM: unknown words fall back to characters,
    which the stages handle; the gazetteer's names are in the dictionary)."""

    def __init__(self, vocab: Vocab, tokenizer: jieba.Tokenizer) -> None:
        self.vocab = vocab
        self.jieba = tokenizer

    def __call__(self, text: str) -> Doc:
        # Every piece jieba returns, whitespace included, is a token with no trailing
        # space, so doc.text is exactly the text and character offsets carry over.
        words = [w for w in self.jieba.cut(text, HMM=False) if w]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data["zhaimao_words"] = words  # plain strs: the stages skip Token objects
        return doc

    # spaCy calls these when saving a pipeline; ours is rebuilt from the gazetteer.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "JiebaTokenizer":
        return self



class SentenceSplitter:
    """Sentence spans (characters) and fresh per-document lists for the later stages."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        from .doc import SENT_STARTS, split_sentences

        if doc._.raw is None:
            doc._.raw = doc.text
        sents = doc._.sents = split_sentences(doc._.raw, self.lang)
        doc.user_data[SENT_STARTS] = [s for s, _ in sents]
        if doc._.problems is None:
            doc._.problems = []
        return doc


@Language.factory("zhaimao_sentences", assigns=["doc._.sents"], default_config={"lang": "zh"})
def make_sentences(nlp: Language, name: str, lang: str) -> SentenceSplitter:
    return SentenceSplitter(lang)
