"""Words, as Tandem compares them: normalised skill tags and the tokens of titles and resumes."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Common spellings recruiters meet, folded to one tag so "Postgres" finds "postgresql".
SKILL_ALIASES = {
    "js": "javascript",
    "ts": "typescript",
    "postgres": "postgresql",
    "psql": "postgresql",
    "k8s": "kubernetes",
    "golang": "go",
    "ml": "machine learning",
    "react.js": "react",
    "reactjs": "react",
    "node": "node.js",
    "nodejs": "node.js",
    "amazon web services": "aws",
    "gcp": "google cloud",
}

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "years",
        "year",
        "using",
        "used",
        "use",
        "work",
        "worked",
        "working",
        "team",
        "teams",
        "including",
        "new",
    ]
)

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9]+)*")
_SPACES = re.compile(r"\s+")


def normalise_skill(raw: str) -> str:
    """One skill tag: lower case, single spaces, common aliases folded ("K8s " -> "kubernetes")."""
    skill = _SPACES.sub(" ", raw.strip().lower()).strip(" ,;")
    return SKILL_ALIASES.get(skill, skill)[:60]


def normalise_skills(raw: str | Iterable[str]) -> list[str]:
    """Skill tags from a comma, semicolon or newline separated string or a list; no duplicates."""
    parts = re.split(r"[,;\n]", raw) if isinstance(raw, str) else raw
    seen: dict[str, None] = {}
    for part in parts:
        skill = normalise_skill(str(part))
        if skill:
            seen.setdefault(skill)
    return list(seen)


def tokens(text: str) -> list[str]:
    """The meaningful words of `text`: lower case, no stop words, no bare numbers."""
    return [
        token
        for token in _TOKEN.findall(text.lower())
        if token not in STOPWORDS and not token.isdigit() and len(token) > 1
    ]


MAX_QUERY_WORDS = 20


def query_words(query: str) -> list[str]:
    """The plain words of a search box query (emails and tags like c++ kept whole).

    At most MAX_QUERY_WORDS: more would not make a better search, only a slower (or, on
    SQLite, a too deeply nested) query.
    """
    words = [word for word in re.findall(r"[\w@.+#-]+", query.lower()) if word.strip(".-")]
    return words[:MAX_QUERY_WORDS]
