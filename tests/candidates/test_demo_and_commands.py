"""Demo data and benchmark volumes: deterministic, idempotent, searchable."""

import io

from django.core.management import call_command

from candidates.models import Candidate, VocabularyTerm
from candidates.selectors import search_candidates
from demo.candidates import DEMO_COUNT, DEMO_DOMAIN, candidate_row


def test_seed_demo_makes_a_few_hundred_searchable_candidates(demo_data):
    demo = Candidate.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    assert demo.count() == DEMO_COUNT
    assert all(c.skills and c.resume_text and c.profile_terms for c in demo[:20])
    assert search_candidates(demo, "kubernetes").exists()


def test_generated_rows_are_the_same_every_time():
    assert candidate_row(42, domain="x.example") == candidate_row(42, domain="x.example")
    assert candidate_row(42, domain="x.example") != candidate_row(43, domain="x.example")


def test_generate_candidates_fills_up_to_the_count_and_keeps_the_vocabulary(db):
    out = io.StringIO()
    call_command("generate_candidates", count=30, batch_size=7, stdout=out)
    call_command("generate_candidates", count=40, batch_size=7, stdout=out)
    call_command("generate_candidates", count=40, stdout=out)

    assert Candidate.objects.count() == 40
    python = VocabularyTerm.objects.get(term="python").document_count
    assert python == sum("python" in c.profile_terms for c in Candidate.objects.all())
    assert "0 created, 40 already there" in out.getvalue()
