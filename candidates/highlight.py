"""Why a search result matched: the fields where the query's words appear, with the words marked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from candidates.models import Candidate

SNIPPET_RADIUS = 70


@dataclass(frozen=True)
class Reason:
    label: str
    html: SafeString


def _pattern(words: list[str]) -> re.Pattern | None:
    # PostgreSQL matched stems ("engineers" finds "engineering"): mark the word's stem too.
    stems = {_stem(word) for word in words if word}
    if not stems:
        return None
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})[\w+#]*", re.IGNORECASE)


def _stem(word: str) -> str:
    for suffix in ("ing", "ers", "es", "ed", "er", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _mark(text: str, pattern: re.Pattern) -> SafeString:
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def match_reasons(candidate: Candidate, words: list[str]) -> list[Reason]:
    """Each field of `candidate` in which a query word (or its stem) appears, marked up."""
    pattern = _pattern(words)
    if pattern is None:
        return []
    reasons = []
    for label, value in (
        ("Name", candidate.full_name),
        ("Email", candidate.email),
        ("Title", candidate.current_title),
        ("Company", candidate.current_company),
    ):
        if value and pattern.search(value):
            reasons.append(Reason(label, _mark(value, pattern)))
    skills = [skill for skill in candidate.skills if pattern.search(skill)]
    if skills:
        reasons.append(Reason("Skills", _mark(", ".join(skills), pattern)))
    found = pattern.search(candidate.resume_text or "")
    if found:
        text = candidate.resume_text
        start = max(0, found.start() - SNIPPET_RADIUS)
        end = min(len(text), found.end() + SNIPPET_RADIUS)
        snippet = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
        reasons.append(Reason("Resume", _mark(snippet, pattern)))
    return reasons
