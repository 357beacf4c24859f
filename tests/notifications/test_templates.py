"""Email templates: shipped defaults, sync, rendering, and editing them safely in admin."""

from io import StringIO

import pytest
from django.core.management import call_command

from notifications.defaults import DEFAULTS, sample_context
from notifications.models import EmailTemplate
from notifications.rendering import TemplateRenderError, render_email
from notifications.selectors import email_template_is_active

pytestmark = pytest.mark.django_db

REQUIRED_KEYS = {
    "application_received",
    "intake_invitation",
    "screening_digest",
    "task_reminder",
    "task_escalation",
    "interview_invitation",
    "interview_preparation",
    "feedback_prompt",
    "interview_follow_up",
    "offer_update",
    "offer_extended",
    "rejection_we_declined",
    "rejection_knock_out",
    "rejection_withdrawn_ack",
    "email_bounced_alert",
    "candidate_survey",
}


def test_the_migration_loads_every_shipped_template():
    rows = {t.key: t for t in EmailTemplate.objects.all()}
    assert REQUIRED_KEYS <= set(DEFAULTS) == set(rows)
    row = rows["application_received"]
    default = DEFAULTS["application_received"]
    assert (row.subject, row.text_body, row.html_body) == (
        default.subject,
        default.text,
        default.html,
    )
    assert "candidate_first_name — the candidate's first name" in row.description


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_every_shipped_template_renders_its_sample_data(key):
    rendered = render_email(key=key, context=sample_context(key))
    assert rendered.subject and "{" not in rendered.subject
    for body in (rendered.text, rendered.html):
        assert "{{" not in body and "{%" not in body
        # Every documented variable with a plain value appears in the email.
        for name, value in sample_context(key).items():
            if isinstance(value, str | int) and name in DEFAULTS[key].text:
                assert str(value) in rendered.text, name


def test_the_screening_digest_lists_each_candidate_with_links():
    rendered = render_email(key="screening_digest", context=sample_context("screening_digest"))
    assert rendered.subject == "2 candidates ready for your review: Backend Engineer"
    assert "1. Grace Hopper — rated 4.7 / 5" in rendered.text
    assert "Accept to interview: https://tandem.example.com/r/accept/abc/" in rendered.text
    assert 'href="https://tandem.example.com/r/decline/def/"' in rendered.html


def test_sync_adds_missing_templates_and_keeps_admin_edits():
    EmailTemplate.objects.filter(key="candidate_survey").delete()
    EmailTemplate.objects.filter(key="offer_extended").update(subject="Our offer, {{ x }}")
    out = StringIO()
    call_command("sync_email_templates", stdout=out)
    call_command("sync_email_templates", stdout=out)
    assert "added email template candidate_survey" in out.getvalue()
    assert out.getvalue().count("added email template") == 1
    assert EmailTemplate.objects.get(key="offer_extended").subject == "Our offer, {{ x }}"
    assert EmailTemplate.objects.count() == len(DEFAULTS)


def test_an_admin_can_switch_a_milestone_email_off():
    assert email_template_is_active("application_received")
    EmailTemplate.objects.filter(key="application_received").update(is_active=False)
    assert not email_template_is_active("application_received")
    assert email_template_is_active("a_key_without_a_row")


def test_a_render_error_names_the_part_that_failed():
    EmailTemplate.objects.filter(key="offer_update").update(html_body="{% url 'nowhere' %}")
    with pytest.raises(TemplateRenderError) as raised:
        render_email(key="offer_update", context=sample_context("offer_update"))
    assert raised.value.part == "HTML body"
    assert "nowhere" in str(raised.value)


def test_a_template_cannot_read_files_from_the_server():
    EmailTemplate.objects.filter(key="offer_update").update(text_body='{% include "base.html" %}')
    with pytest.raises(TemplateRenderError, match=r"base\.html"):
        render_email(key="offer_update", context={})


# --- admin ----------------------------------------------------------------------------------


def _change_url(template):
    return f"/admin/notifications/emailtemplate/{template.pk}/change/"


def _form_data(template, **changes):
    data = {
        "key": template.key,
        "name": template.name,
        "is_active": "on",
        "subject": template.subject,
        "text_body": template.text_body,
        "html_body": template.html_body,
        "description": template.description,
    }
    data.update(changes)
    return data


def test_admin_preview_shows_the_template_rendered_with_sample_data(client_for, admin_user):
    template = EmailTemplate.objects.get(key="interview_invitation")
    response = client_for(admin_user).get(_change_url(template))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview with sample data" in page
    assert "Your interview for Backend Engineer: Tuesday 14 May 2025, 10:00 CEST" in page
    assert "With: Hank Manager, Ivy Interviewer" in page  # the text part
    # The HTML part sits in a sandboxed iframe, escaped into its srcdoc attribute.
    assert 'sandbox=""' in page
    assert 'srcdoc="&lt;p&gt;Hi Grace,&lt;/p&gt;' in page


def test_admin_saves_an_edit_that_renders(client_for, admin_user):
    template = EmailTemplate.objects.get(key="application_received")
    data = _form_data(template, subject="Thank you, {{ candidate_first_name }}")
    response = client_for(admin_user).post(_change_url(template), data)
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.subject == "Thank you, {{ candidate_first_name }}"


@pytest.mark.parametrize(
    ("field", "source", "message"),
    [
        ("subject", "Hi {% if %}", "The subject does not render"),
        ("text_body", "Hi {{ candidate_first_name|no_such_filter }}", "no_such_filter"),
        ("html_body", "<p>{% url 'nowhere' %}</p>", "The HTML body does not render"),
    ],
)
def test_admin_refuses_a_template_that_does_not_render_and_shows_why(
    client_for, admin_user, field, source, message
):
    template = EmailTemplate.objects.get(key="application_received")
    before = (template.subject, template.text_body, template.html_body, template.updated_at)
    response = client_for(admin_user).post(
        _change_url(template), _form_data(template, **{field: source})
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(form.errors[field])
    assert source in response.content.decode() or field == "html_body"  # what was typed is kept
    template.refresh_from_db()
    assert (template.subject, template.text_body, template.html_body, template.updated_at) == before


def test_the_email_template_admin_is_for_admins_only(client_for, recruiter):
    template = EmailTemplate.objects.get(key="application_received")
    response = client_for(recruiter).get(_change_url(template))
    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]


def test_the_knock_out_rejection_says_the_application_missed_a_requirement_not_the_company():
    key = "rejection_knock_out"
    rendered = render_email(key=key, context=sample_context(key))
    for body in (" ".join(rendered.text.split()), " ".join(rendered.html.split())):
        assert "we cannot meet" not in body
        assert "your application does not meet one of the requirements" in body
