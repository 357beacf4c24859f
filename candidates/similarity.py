"""Find Similar: TF-IDF over skills, titles and resume words, cosine to the benchmarks' centroid.

Each candidate's term weights (the "TF" part) are computed when the candidate is written and stored
in `Candidate.profile_terms`; `VocabularyTerm` counts how many profiles hold each term (the "DF"
part). Ranking is then a small sparse computation in Python over a pool of candidates that share
at least one of the centroid's strongest terms, so it stays portable (SQLite and PostgreSQL) and
every score can be explained by the terms it shares with the benchmarks.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from candidates.text import tokens

SKILL_WEIGHT = 3.0
TITLE_WEIGHT = 2.0
RESUME_TERMS = 40  # the resume's most frequent words that enter the profile


def profile_terms(
    *, skills: Iterable[str], current_title: str, resume_text: str, names: Iterable[str] = ()
) -> dict[str, float]:
    """The term weights of one profile: skills weigh most, then title words, then resume words.

    The person's own names (which every resume repeats) are not terms: they say nothing of fit.
    """
    weights: Counter[str] = Counter()
    own_names = {word for name in names for word in tokens(name)}
    for skill in skills:
        weights[skill[:60]] += SKILL_WEIGHT
    for word in tokens(current_title):
        weights[word[:60]] += TITLE_WEIGHT
    resume_words = Counter(word for word in tokens(resume_text) if word not in own_names)
    for word, count in resume_words.most_common(RESUME_TERMS):
        weights[word[:60]] += 1.0 + math.log(count)
    return {term: round(weight, 3) for term, weight in weights.items()}


def idf(document_count: int, total: int) -> float:
    """Smoothed inverse document frequency (as scikit-learn's TfidfVectorizer computes it)."""
    return math.log((1 + total) / (1 + document_count)) + 1.0


def tfidf(terms: Mapping[str, float], idfs: Mapping[str, float], default_idf: float) -> dict:
    vector = {term: weight * idfs.get(term, default_idf) for term, weight in terms.items()}
    norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
    return {term: value / norm for term, value in vector.items()}


def centroid(vectors: list[dict[str, float]]) -> dict[str, float]:
    total: Counter[str] = Counter()
    for vector in vectors:
        total.update(vector)
    count = len(vectors) or 1
    return {term: value / count for term, value in total.items()}


@dataclass(frozen=True)
class Match:
    candidate_id: int
    score: float  # cosine similarity to the centroid, 0..1
    shared_terms: tuple[str, ...]  # the terms that contributed most, strongest first


def rank(
    *,
    benchmark_terms: list[Mapping[str, float]],
    pool: Iterable[tuple[int, Mapping[str, float]]],
    idfs: Mapping[str, float],
    default_idf: float,
    limit: int,
    explain: int = 6,
) -> list[Match]:
    """Rank `pool` (candidate id, profile terms) by cosine similarity to the benchmark centroid."""
    center = centroid([tfidf(terms, idfs, default_idf) for terms in benchmark_terms])
    center_norm = math.sqrt(sum(value * value for value in center.values())) or 1.0
    matches = []
    for candidate_id, terms in pool:
        # The candidate's TF-IDF vector, unit length: only its norm and the shared terms matter.
        weighted = [(term, weight * idfs.get(term, default_idf)) for term, weight in terms.items()]
        norm = math.sqrt(sum(value * value for _term, value in weighted)) or 1.0
        contributions = {
            term: value / norm * center[term] for term, value in weighted if term in center
        }
        if not contributions:
            continue
        score = sum(contributions.values()) / center_norm
        strongest = sorted(contributions, key=lambda term: (-contributions[term], term))
        matches.append(Match(candidate_id, score, tuple(strongest[:explain])))
    matches.sort(key=lambda match: (-match.score, match.candidate_id))
    return matches[:limit]


def strongest_terms(benchmark_terms: list[Mapping[str, float]], idfs, default_idf, count: int):
    """The centroid's heaviest terms: what a pool candidate must share at least one of."""
    center = centroid([tfidf(terms, idfs, default_idf) for terms in benchmark_terms])
    return sorted(center, key=lambda term: (-center[term], term))[:count]
