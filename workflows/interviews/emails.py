"""The emails the interviews package sends: registered with notifications as the shipped defaults.

Admins edit the rows made from these (Django admin, email templates); `sync_email_templates`
installs the ones missing.
"""

from notifications.defaults import (
    CANDIDATE_FIRST_NAME,
    CANDIDATE_NAME,
    DUE_AT,
    RECIPIENT_NAME,
    RECRUITER_NAME,
    REQUISITION_TITLE,
    STAGE_NAME,
    STARTS_AT,
    Variable,
    _t,
    register,
)

register(
    _t(
        "interview_invitation",
        "Interview invitation (to the candidate)",
        "Your interview for {{ requisition_title }}: {{ starts_at }}",
        """
Hi {{ candidate_first_name }},

We would like to invite you to the {{ stage_name }} for the {{ requisition_title }} role.

When: {{ starts_at }} ({{ duration_minutes }} minutes)
Where: {{ location }}
With: {{ interviewers|join:", " }}

The calendar invitation is attached. If the time does not suit you, just reply to this email.

Best regards,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>We would like to invite you to the {{ stage_name }} for the
<strong>{{ requisition_title }}</strong> role.</p>
<ul>
<li>When: {{ starts_at }} ({{ duration_minutes }} minutes)</li>
<li>Where: {{ location }}</li>
<li>With: {{ interviewers|join:", " }}</li>
</ul>
<p>The calendar invitation is attached. If the time does not suit you, just reply to this
email.</p>
<p>Best regards,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        stage_name=STAGE_NAME,
        requisition_title=REQUISITION_TITLE,
        starts_at=STARTS_AT,
        duration_minutes=Variable("the interview's length in minutes", 60),
        location=Variable("a place or a video link", "https://meet.example.com/tandem-42"),
        interviewers=Variable("the interviewers' names", ["Hank Manager", "Ivy Interviewer"]),
        recruiter_name=RECRUITER_NAME,
    ),
    _t(
        "interview_assignment",
        "Interview scheduled or moved (to an interviewer)",
        "{% if previous_time %}Moved: {% endif %}{{ stage_name }} with {{ candidate_name }}, "
        "{{ starts_at }}",
        """
Hi {{ recipient_name }},

{% if previous_time %}The {{ stage_name }} with {{ candidate_name }} ({{ requisition_title }})
has moved from {{ previous_time }}. The new details:{% else %}You are interviewing
{{ candidate_name }} for {{ requisition_title }} ({{ stage_name }}):{% endif %}

When: {{ starts_at }} ({{ duration_minutes }} minutes)
Where: {{ location }}
With: {{ interviewers|join:", " }}

The interview kit has the focus areas, the criteria with their guidance, the resume and the
screening summary: {{ kit_url }}

The calendar invitation is attached.
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>{% if previous_time %}The {{ stage_name }} with {{ candidate_name }} ({{ requisition_title }})
has moved from {{ previous_time }}. The new details:{% else %}You are interviewing
{{ candidate_name }} for <strong>{{ requisition_title }}</strong> ({{ stage_name }}):{% endif %}</p>
<ul>
<li>When: {{ starts_at }} ({{ duration_minutes }} minutes)</li>
<li>Where: {{ location }}</li>
<li>With: {{ interviewers|join:", " }}</li>
</ul>
<p>The <a href="{{ kit_url }}">interview kit</a> has the focus areas, the criteria with their
guidance, the resume and the screening summary.</p>
<p>The calendar invitation is attached.</p>
""",
        recipient_name=RECIPIENT_NAME,
        candidate_name=CANDIDATE_NAME,
        stage_name=STAGE_NAME,
        requisition_title=REQUISITION_TITLE,
        starts_at=STARTS_AT,
        duration_minutes=Variable("the interview's length in minutes", 60),
        location=Variable("a place or a video link", "https://meet.example.com/tandem-42"),
        interviewers=Variable("the interviewers' names", ["Hank Manager", "Ivy Interviewer"]),
        kit_url=Variable(
            "a link to the interview kit", "https://tandem.example.com/interviews/12/kit/"
        ),
        previous_time=Variable(
            "when the interview was before it moved, or empty for a new one",
            "Monday 13 May 2025, 15:00 CEST",
        ),
    ),
    _t(
        "interview_assignment_cancelled",
        "Interview cancelled (to an interviewer)",
        "Cancelled: {{ stage_name }} with {{ candidate_name }}, {{ starts_at }}",
        """
Hi {{ recipient_name }},

The {{ stage_name }} with {{ candidate_name }} ({{ requisition_title }}) on {{ starts_at }} is
cancelled for you. The attached calendar update removes it from your calendar.
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>The {{ stage_name }} with {{ candidate_name }} ({{ requisition_title }}) on {{ starts_at }} is
cancelled for you. The attached calendar update removes it from your calendar.</p>
""",
        recipient_name=RECIPIENT_NAME,
        candidate_name=CANDIDATE_NAME,
        stage_name=STAGE_NAME,
        requisition_title=REQUISITION_TITLE,
        starts_at=STARTS_AT,
    ),
    _t(
        "interview_cancelled",
        "Interview cancelled (to the candidate)",
        "Your {{ stage_name }} on {{ starts_at }} is cancelled",
        """
Hi {{ candidate_first_name }},

We are sorry: we had to cancel your {{ stage_name }} for {{ requisition_title }} on
{{ starts_at }}. The attached calendar update removes it from your calendar. We will be in touch
about what happens next.

Best regards,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>We are sorry: we had to cancel your {{ stage_name }} for
<strong>{{ requisition_title }}</strong> on {{ starts_at }}. The attached calendar update removes
it from your calendar. We will be in touch about what happens next.</p>
<p>Best regards,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        stage_name=STAGE_NAME,
        requisition_title=REQUISITION_TITLE,
        starts_at=STARTS_AT,
        recruiter_name=RECRUITER_NAME,
    ),
    _t(
        "interview_preparation",
        "Interview preparation (to the candidate)",
        "How to prepare for your {{ stage_name }}",
        """
Hi {{ candidate_first_name }},

Ahead of your {{ stage_name }} for {{ requisition_title }} on {{ starts_at }}, here is what
we will talk about:
{% for area in focus_areas %}
- {{ area }}{% endfor %}
{% if preparation_notes %}
{{ preparation_notes }}
{% endif %}
There is nothing to hand in beforehand. Questions? Reply to this email.

Good luck,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>Ahead of your {{ stage_name }} for <strong>{{ requisition_title }}</strong> on
{{ starts_at }}, here is what we will talk about:</p>
<ul>{% for area in focus_areas %}<li>{{ area }}</li>{% endfor %}</ul>
{% if preparation_notes %}<p>{{ preparation_notes|linebreaksbr }}</p>{% endif %}
<p>There is nothing to hand in beforehand. Questions? Reply to this email.</p>
<p>Good luck,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        stage_name=STAGE_NAME,
        requisition_title=REQUISITION_TITLE,
        starts_at=STARTS_AT,
        focus_areas=Variable(
            "the stage's focus areas",
            ["System design for a small web service", "How you work with a team"],
        ),
        preparation_notes=Variable(
            "anything else the candidate should know, or empty",
            "Bring a laptop if you would like to sketch on it.",
        ),
        recruiter_name=RECRUITER_NAME,
    ),
    _t(
        "feedback_prompt",
        "Feedback prompt (to an interviewer)",
        "Your feedback on {{ candidate_name }}, please",
        """
Hi {{ recipient_name }},

Thank you for interviewing {{ candidate_name }} ({{ stage_name }}, {{ requisition_title }}).
Your scorecard is most useful while the conversation is fresh — it takes about five minutes.

Fill in the scorecard (due {{ due_at }}): {{ scorecard_url }}
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>Thank you for interviewing {{ candidate_name }} ({{ stage_name }},
{{ requisition_title }}). Your scorecard is most useful while the conversation is fresh — it
takes about five minutes.</p>
<p><a href="{{ scorecard_url }}">Fill in the scorecard</a> (due {{ due_at }})</p>
""",
        recipient_name=RECIPIENT_NAME,
        candidate_name=CANDIDATE_NAME,
        stage_name=STAGE_NAME,
        requisition_title=REQUISITION_TITLE,
        due_at=DUE_AT,
        scorecard_url=Variable(
            "a link to the interviewer's scorecard",
            "https://tandem.example.com/interviews/12/scorecard/",
        ),
    ),
    _t(
        "interview_follow_up",
        "Interview follow-up (to the candidate)",
        "Thank you for your time — {{ requisition_title }}",
        """
Hi {{ candidate_first_name }},

Thank you for the {{ stage_name }} for {{ requisition_title }}. We enjoyed the conversation.

{{ next_steps }}

Best regards,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>Thank you for the {{ stage_name }} for <strong>{{ requisition_title }}</strong>. We enjoyed
the conversation.</p>
<p>{{ next_steps }}</p>
<p>Best regards,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        stage_name=STAGE_NAME,
        requisition_title=REQUISITION_TITLE,
        next_steps=Variable(
            "what happens next",
            "The team is collecting its feedback; you will hear from us within five working days.",
        ),
        recruiter_name=RECRUITER_NAME,
    ),
)
