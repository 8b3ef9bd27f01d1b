"""FAQ search for the assistant and the dashboard: jieba words + BM25 over the approved
entries, each entry one document made of all its wordings (the question and the variants
staff wrote), in zh and en.

One document per entry rather than one per wording: a paraphrase usually shares some words
with one variant and some with another, and words that recur across an entry's variants
(its topic) weigh more. Measured on bench/faq_paraphrases.yaml, this answered more
paraphrases at the same precision than taking the best single wording.

BM25 is written out here (about 30 lines) rather than taken from `rank-bm25`: that package
needs numpy, and its Okapi idf turns negative (it then substitutes a floor) for words found
in more than half the documents, which on a corpus of a few dozen entries is most of the
useful words. Here idf is Lucene's log(1 + (N - n + 0.5) / (n + 0.5)), always positive.

The score returned is a confidence in [0, 1]: the best entry's BM25 score divided by the
score a document containing every query word once (at average length) would get. Words the
index has never seen count against it with the highest idf, so a question about something
else scores low even when it shares a common word.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import jieba

jieba.setLogLevel(logging.WARNING)

K1 = 1.2
B = 0.75
# Chosen on bench/faq_paraphrases.yaml (never used to build the index): the lowest threshold
# with at least 95% of answers correct; see bench/faq_retrieval.py for the figures.
DEFAULT_THRESHOLD = 0.80

# Words that say nothing about which question is meant (both languages, after lower-casing).
_STOPWORD_TEXT = """
的 了 吗 呢 吧 啊 呀 嘛 么 是 在 有 和 与 及 或 就 都 也 还 要 会 能 可以 请问 请 我 我们 你 你们 他 她 它 这 那 这个
那个 哪 怎么 怎样 如何 什么 多少 几 个 哪天 哪一天 几号 几月几号 什么时候 何时 哪里 哪儿 哪些 啥 咋 咋样
怎么办 怎么样 多少钱 一下 一个 下 呢 啦 哦 嗯 想 知道 问 问一下 一 么样 为什么 是不是 有没有
a an the is are was were be been am do does did of to in on at for by with from and or but if it its this that
these those what which who whom how when where why can could should would will shall may might i me my we our you
your he she they them their there here please tell know about any some much many so just than then as into out up
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Units say nothing about the topic (a gas price is also "per cubic metre").
STOPWORDS |= {"吨", "方", "立方", "立方米", "m3", "m³", "cubic", "metre", "metres", "ton", "tons", "per"}
# One word for things residents name several ways, so "坐便器" meets "马桶" and "faucet" meets "tap".
SYNONYMS = {
    "坐便器": "马桶", "座便器": "马桶", "坐便": "马桶", "便器": "马桶", "抽水马桶": "马桶",
    "淋浴头": "花洒", "喷头": "花洒", "莲蓬头": "花洒", "水嘴": "龙头", "水龙头": "龙头",
    "价钱": "价格", "单价": "价格", "水价": "水费", "收费": "水费", "电话": "热线", "号码": "热线",
    "faucet": "tap", "showerhead": "shower", "tariff": "price", "cost": "price", "fee": "price", "rate": "price",
    "leaky": "leak", "leaking": "leak", "phone": "hotline", "number": "hotline", "call": "hotline",
    "contact": "hotline", "dishwasher": "dishwasher",
}
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), lower case, one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def _stem(word: str) -> str:
    """A light English stem, so 'prices' meets 'price' and 'labels' meets 'label'."""
    if word.isascii() and word.isalpha() and len(word) > 3:
        for suffix, keep in (("ies", "y"), ("ing", ""), ("es", ""), ("s", "")):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                if suffix == "es" and not word.endswith(("ses", "xes", "ches", "shes")):
                    continue
                return word[: -len(suffix)] + keep
    return word


def warm_up() -> None:
    """Load jieba's dictionary (1–3 s) now rather than in the first resident's search; the
    site starts it in a background thread so start-up is not slowed."""
    jieba.initialize()


def tokens(text: str) -> list[str]:
    """The words of `text` that can tell questions apart (jieba's search mode for Chinese)."""
    result = []
    for word in jieba.cut_for_search(normalise(text)):
        word = word.strip()
        if not word or word in STOPWORDS or _PUNCT.match(word):
            continue
        word = _stem(word)
        result.append(SYNONYMS.get(word, word))
    return result


@dataclass
class Index:
    """BM25 over documents; `owners[i]` is the entry id of document i."""

    owners: list[int] = field(default_factory=list)
    docs: list[Counter] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    unseen_idf: float = 0.0
    average_length: float = 1.0

    @classmethod
    def build(cls, wordings: list[tuple[int, str]]) -> Index:
        """One document per entry id, made of all the wordings given for it."""
        index = cls()
        frequency: Counter = Counter()
        merged: dict[int, list[str]] = {}
        for owner, text in wordings:
            merged.setdefault(owner, []).extend(tokens(text))
        for owner, words in merged.items():
            if not words:
                continue
            index.owners.append(owner)
            index.docs.append(Counter(words))
            index.lengths.append(len(words))
            frequency.update(set(words))
        count = len(index.docs)
        index.idf = {word: math.log(1 + (count - n + 0.5) / (n + 0.5)) for word, n in frequency.items()}
        index.unseen_idf = math.log(1 + (count + 0.5) / 0.5)
        index.average_length = (sum(index.lengths) / count) if count else 1.0
        return index

    def _score(self, words: list[str], position: int) -> float:
        doc, length = self.docs[position], self.lengths[position]
        norm = K1 * (1 - B + B * length / self.average_length)
        total = 0.0
        for word in words:
            tf = doc.get(word, 0)
            if tf:
                total += self.idf[word] * tf * (K1 + 1) / (tf + norm)
        return total

    def best(self, text: str) -> tuple[int | None, float]:
        """(entry id, confidence in [0, 1]) of the best-matching entry, or (None, 0)."""
        words = list(dict.fromkeys(tokens(text)))
        if not words or not self.docs:
            return None, 0.0
        ideal = sum(self.idf.get(word, self.unseen_idf) for word in words)
        best_owner, best_score = None, 0.0
        for position in range(len(self.docs)):
            score = self._score(words, position)
            if score > best_score:
                best_owner, best_score = self.owners[position], score
        return best_owner, min(1.0, best_score / ideal) if ideal else 0.0


@dataclass
class Match:
    entry_id: int
    score: float


class SearchCache:
    """One index per language, rebuilt when the entries' version changes.

    The version comes from the database at each search (one cheap aggregate query), so
    every site instance sees a new or changed entry at its next search.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._key = None
        self._indexes: dict[str, Index] = {}

    def indexes(self, key, load) -> dict[str, Index]:
        """`load()` → {lang: [(entry id, wording), …]}; called only when `key` changed."""
        with self._lock:
            if key != self._key:
                self._indexes = {lang: Index.build(wordings) for lang, wordings in load().items()}
                self._key = key
            return self._indexes


def search(indexes: dict[str, Index], text: str, lang: str) -> Match | None:
    """The best entry over both languages' wordings (a resident may type English on the
    Chinese page); the caller answers in `lang`."""
    best: Match | None = None
    for index_lang in (lang, *(other for other in indexes if other != lang)):
        index = indexes.get(index_lang)
        if index is None:
            continue
        owner, score = index.best(text)
        if owner is not None and (best is None or score > best.score):
            best = Match(owner, score)
    return best
