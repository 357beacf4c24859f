"""The emails the careers site sends: registered with notifications as the shipped defaults.

Admins edit the rows made from these (Django admin, email templates); `sync_email_templates`
installs the ones missing.
"""

from notifications.defaults import (
    CANDIDATE_FIRST_NAME,
    RECRUITER_NAME,
    REQUISITION_TITLE,
    Variable,
    _t,
    register,
)

register(
    _t(
        "application_received",
        "Application received (to the candidate)",
        "We received your application for {{ requisition_title }}",
        """
Hi {{ candidate_first_name }},

Thank you for applying for the {{ requisition_title }} role. We have received your application.
{% if hear_back_by %}
What happens next: a recruiter reviews it against what the role needs within {{ review_within }}.
Whatever the outcome, you will hear from us by {{ hear_back_by }} at the latest.
{% else %}
We will review it carefully, and you will hear from us whatever the outcome.
{% endif %}
Best regards,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>Thank you for applying for the <strong>{{ requisition_title }}</strong> role. We have received
your application.</p>
{% if hear_back_by %}<p>What happens next: a recruiter reviews it against what the role needs
within {{ review_within }}. Whatever the outcome, you will hear from us by
<strong>{{ hear_back_by }}</strong> at the latest.</p>{% else %}<p>We will review it carefully,
and you will hear from us whatever the outcome.</p>{% endif %}
<p>Best regards,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        requisition_title=REQUISITION_TITLE,
        review_within=Variable(
            "how soon a recruiter reviews the application (the first-screening SLA)", "2 days"
        ),
        hear_back_by=Variable(
            "the date the candidate hears from us at the latest (from the SLAs)",
            "Friday 16 May 2025",
        ),
        recruiter_name=RECRUITER_NAME,
    ),
    _t(
        "candidate_survey",
        "Candidate survey (to the candidate)",
        "Two minutes to tell us how we did?",
        """
Hi {{ candidate_first_name }},

Thank you for interviewing for {{ requisition_title }}. Whatever the outcome, we want every
candidate to have a good experience with us. Would you tell us how we did? It takes two minutes
and your answers are only used to improve our process.

{{ survey_url }}

Thank you,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>Thank you for interviewing for <strong>{{ requisition_title }}</strong>. Whatever the
outcome, we want every candidate to have a good experience with us. Would you tell us how we did?
It takes two minutes and your answers are only used to improve our process.</p>
<p><a href="{{ survey_url }}">Answer the survey</a></p>
<p>Thank you,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        requisition_title=REQUISITION_TITLE,
        survey_url=Variable(
            "the candidate's personal survey link",
            "https://tandem.example.com/survey/5b2f0c3e-1d7a-4e8e-9a51-0c6f3f1f4a2b/",
        ),
        recruiter_name=RECRUITER_NAME,
    ),
)
