"""The email templates Tandem ships: key → name, subject, text, HTML and the documented context.

Each template documents the variables its caller passes, with a sample value used for the admin
preview and to check an admin's edit renders before it is saved. The rows in the database start
as these (data migration, `manage.py sync_email_templates`); admins then edit the rows. To add a
milestone, add an entry here and run `sync_email_templates` (or ship a data migration calling
`install_missing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Variable:
    description: str
    sample: Any


@dataclass(frozen=True)
class DefaultTemplate:
    key: str
    name: str
    subject: str
    text: str
    html: str
    context: dict[str, Variable] = field(default_factory=dict)

    @property
    def sample_context(self) -> dict[str, Any]:
        return {name: variable.sample for name, variable in self.context.items()}

    @property
    def description(self) -> str:
        return "\n".join(
            f"{name} — {variable.description} (e.g. {variable.sample!r})"
            for name, variable in self.context.items()
        )


# Variables several templates share, so callers pass the same names everywhere.
CANDIDATE_FIRST_NAME = Variable("the candidate's first name", "Grace")
CANDIDATE_NAME = Variable("the candidate's full name", "Grace Hopper")
RECIPIENT_NAME = Variable("the first name of the person this email goes to", "Hank")
REQUISITION_TITLE = Variable("the job title of the requisition", "Backend Engineer")
RECRUITER_NAME = Variable("the recruiter's full name, who signs the email", "Rita Recruiter")
HIRING_MANAGER_NAME = Variable("the hiring manager's full name", "Hank Manager")
STAGE_NAME = Variable("the interview stage", "Technical interview")
STARTS_AT = Variable(
    "the interview's start, formatted for the recipient", "Tuesday 14 May 2025, 10:00 CEST"
)
TASK_TITLE = Variable("what is to be done", "Review 3 shortlisted candidates")
DUE_AT = Variable("when it is due, formatted for the recipient", "Friday 16 May 2025, 17:00 CEST")
TASK_URL = Variable("a link to the task in Tandem", "https://tandem.example.com/tasks/42/")


def _t(key, name, subject, text, html, **context) -> DefaultTemplate:
    return DefaultTemplate(key, name, subject, text.strip() + "\n", html.strip() + "\n", context)


_TEMPLATES = [
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
        "intake_invitation",
        "Intake meeting invitation (to the hiring manager and recruiter)",
        "Let's kick off the search for {{ requisition_title }}",
        """
Hi {{ recipient_name }},

The requisition {{ requisition_title }} is waiting for its intake meeting. In about 30 minutes
{{ hiring_manager_name }} and {{ recruiter_name }} agree on the must-haves, the interview plan
and the turnaround times both sides will keep.
{% if proposed_time %}
Proposed time: {{ proposed_time }} (calendar invitation attached).
{% endif %}
Prepare the intake: {{ requisition_url }}
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>The requisition <strong>{{ requisition_title }}</strong> is waiting for its intake meeting.
In about 30 minutes {{ hiring_manager_name }} and {{ recruiter_name }} agree on the must-haves,
the interview plan and the turnaround times both sides will keep.</p>
{% if proposed_time %}<p>Proposed time: <strong>{{ proposed_time }}</strong>
(calendar invitation attached).</p>{% endif %}
<p><a href="{{ requisition_url }}">Prepare the intake</a></p>
""",
        recipient_name=RECIPIENT_NAME,
        requisition_title=REQUISITION_TITLE,
        hiring_manager_name=HIRING_MANAGER_NAME,
        recruiter_name=RECRUITER_NAME,
        proposed_time=Variable(
            "the proposed meeting time, or empty", "Wednesday 7 May 2025, 14:00 CEST"
        ),
        requisition_url=Variable(
            "a link to the requisition", "https://tandem.example.com/requisitions/7/"
        ),
    ),
    _t(
        "screening_digest",
        "Screening digest (to the hiring manager)",
        "{{ candidates|length }} candidate{{ candidates|length|pluralize }} ready for your review: "
        "{{ requisition_title }}",
        """
Hi {{ recipient_name }},

{{ recruiter_name }} screened and shortlisted these candidates for {{ requisition_title }}:
{% for candidate in candidates %}
{{ forloop.counter }}. {{ candidate.name }} — rated {{ candidate.rating }}
{% for must_have in candidate.must_haves %}   {{ must_have.name }}: {{ must_have.rating }}
{% endfor %}   {{ candidate.summary }}
   Accept to interview: {{ candidate.accept_url }}
   Decline: {{ candidate.decline_url }}
{% endfor %}
The links work for {{ links_valid_for }}. All candidates: {{ requisition_url }}
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>{{ recruiter_name }} screened and shortlisted these candidates for
<strong>{{ requisition_title }}</strong>:</p>
<ol>
{% for candidate in candidates %}<li>
<p><strong>{{ candidate.name }}</strong> — rated {{ candidate.rating }}</p>
<ul>{% for must_have in candidate.must_haves %}
<li>{{ must_have.name }}: {{ must_have.rating }}</li>{% endfor %}
</ul>
<p>{{ candidate.summary }}</p>
<p><a href="{{ candidate.accept_url }}">Accept to interview</a> ·
<a href="{{ candidate.decline_url }}">Decline</a></p>
</li>{% endfor %}
</ol>
<p>The links work for {{ links_valid_for }}. <a href="{{ requisition_url }}">All candidates</a></p>
""",
        recipient_name=RECIPIENT_NAME,
        recruiter_name=RECRUITER_NAME,
        requisition_title=REQUISITION_TITLE,
        candidates=Variable(
            "the newly shortlisted candidates, top rated first: name, rating, must_haves "
            "(name, rating), summary, accept_url, decline_url",
            [
                {
                    "name": "Grace Hopper",
                    "rating": "4.7 / 5",
                    "must_haves": [
                        {"name": "Python", "rating": "5 / 5"},
                        {"name": "PostgreSQL", "rating": "4 / 5"},
                        {"name": "Mentoring", "rating": "5 / 5"},
                    ],
                    "summary": "Led a team of six; rebuilt the billing service.",
                    "accept_url": "https://tandem.example.com/r/accept/abc/",
                    "decline_url": "https://tandem.example.com/r/decline/abc/",
                },
                {
                    "name": "Alan Turing",
                    "rating": "4.3 / 5",
                    "must_haves": [
                        {"name": "Python", "rating": "4 / 5"},
                        {"name": "PostgreSQL", "rating": "4 / 5"},
                        {"name": "Mentoring", "rating": "4 / 5"},
                    ],
                    "summary": "Strong in data modelling; wants to grow into a lead role.",
                    "accept_url": "https://tandem.example.com/r/accept/def/",
                    "decline_url": "https://tandem.example.com/r/decline/def/",
                },
            ],
        ),
        links_valid_for=Variable("how long the one-click links stay valid", "7 days"),
        requisition_url=Variable(
            "a link to the requisition", "https://tandem.example.com/requisitions/7/"
        ),
    ),
    _t(
        "task_reminder",
        "Task reminder (to the task's owner)",
        "Reminder: {{ task_title }} is due {{ due_at }}",
        """
Hi {{ recipient_name }},

A friendly reminder: "{{ task_title }}" for {{ requisition_title }} is due {{ due_at }}.
Keeping to the times agreed at intake keeps candidates with us.

Open the task: {{ task_url }}
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>A friendly reminder: <strong>{{ task_title }}</strong> for {{ requisition_title }} is due
{{ due_at }}. Keeping to the times agreed at intake keeps candidates with us.</p>
<p><a href="{{ task_url }}">Open the task</a></p>
""",
        recipient_name=RECIPIENT_NAME,
        task_title=TASK_TITLE,
        requisition_title=REQUISITION_TITLE,
        due_at=DUE_AT,
        task_url=TASK_URL,
    ),
    _t(
        "task_escalation",
        "Task escalation (to the person the owner works with)",
        "Overdue: {{ task_title }} ({{ owner_name }})",
        """
Hi {{ recipient_name }},

"{{ task_title }}" for {{ requisition_title }} was due {{ due_at }} and {{ owner_name }} has not
completed it yet. A quick word with them usually gets things moving again.

Open the task: {{ task_url }}
""",
        """
<p>Hi {{ recipient_name }},</p>
<p><strong>{{ task_title }}</strong> for {{ requisition_title }} was due {{ due_at }} and
{{ owner_name }} has not completed it yet. A quick word with them usually gets things moving
again.</p>
<p><a href="{{ task_url }}">Open the task</a></p>
""",
        recipient_name=RECIPIENT_NAME,
        owner_name=Variable("the full name of the task's owner", "Hank Manager"),
        task_title=TASK_TITLE,
        requisition_title=REQUISITION_TITLE,
        due_at=DUE_AT,
        task_url=TASK_URL,
    ),
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
    _t(
        "offer_update",
        "Offer status update (to the hiring manager and recruiter)",
        "Offer for {{ candidate_name }}: {{ offer_status }}",
        """
Hi {{ recipient_name }},

The offer to {{ candidate_name }} for {{ requisition_title }} is now: {{ offer_status }}.

See the application: {{ application_url }}
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>The offer to {{ candidate_name }} for <strong>{{ requisition_title }}</strong> is now:
<strong>{{ offer_status }}</strong>.</p>
<p><a href="{{ application_url }}">See the application</a></p>
""",
        recipient_name=RECIPIENT_NAME,
        candidate_name=CANDIDATE_NAME,
        requisition_title=REQUISITION_TITLE,
        offer_status=Variable("the offer's new status, in words", "accepted"),
        application_url=Variable(
            "a link to the application", "https://tandem.example.com/applications/31/"
        ),
    ),
    _t(
        "offer_extended",
        "Offer extended (to the candidate)",
        "Your offer for {{ requisition_title }}",
        """
Hi {{ candidate_first_name }},

We are delighted to offer you the {{ requisition_title }} role!
{% if offer_details %}
{{ offer_details }}
{% endif %}
Please let us know your decision by {{ respond_by }}. If you have any questions, reply to this
email or call me — I am happy to talk it through.

Warm regards,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>We are delighted to offer you the <strong>{{ requisition_title }}</strong> role!</p>
{% if offer_details %}<p>{{ offer_details|linebreaksbr }}</p>{% endif %}
<p>Please let us know your decision by {{ respond_by }}. If you have any questions, reply to this
email or call me — I am happy to talk it through.</p>
<p>Warm regards,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        requisition_title=REQUISITION_TITLE,
        offer_details=Variable(
            "a short summary of the offer, or empty",
            "Start date 1 July 2025, Berlin office, full-time.",
        ),
        respond_by=Variable("the date the offer is open until", "Friday 23 May 2025"),
        recruiter_name=RECRUITER_NAME,
    ),
    _t(
        "offer_accepted",
        "Offer accepted (to the candidate)",
        "Welcome aboard — {{ requisition_title }}",
        """
Hi {{ candidate_first_name }},

We are thrilled that you accepted our offer for the {{ requisition_title }} role!
Your first day is {{ start_date }}. {{ hiring_manager_name }} and the team are looking forward to
working with you; I will be in touch with everything you need before then.

Warm regards,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>We are thrilled that you accepted our offer for the <strong>{{ requisition_title }}</strong>
role! Your first day is <strong>{{ start_date }}</strong>. {{ hiring_manager_name }} and the team
are looking forward to working with you; I will be in touch with everything you need before
then.</p>
<p>Warm regards,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        requisition_title=REQUISITION_TITLE,
        start_date=Variable("the agreed first day", "Tuesday 1 July 2025"),
        hiring_manager_name=HIRING_MANAGER_NAME,
        recruiter_name=RECRUITER_NAME,
    ),
    _t(
        "rejection_we_declined",
        "Rejection: we declined (to the candidate)",
        "Your application for {{ requisition_title }}",
        """
Hi {{ candidate_first_name }},

Thank you for your interest in the {{ requisition_title }} role and for the time you gave us.
After careful consideration we have decided not to move forward with your application.

This was not an easy decision. We would be glad to hear from you again for future roles.

Best wishes,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>Thank you for your interest in the <strong>{{ requisition_title }}</strong> role and for the
time you gave us. After careful consideration we have decided not to move forward with your
application.</p>
<p>This was not an easy decision. We would be glad to hear from you again for future roles.</p>
<p>Best wishes,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        requisition_title=REQUISITION_TITLE,
        recruiter_name=RECRUITER_NAME,
    ),
    _t(
        "rejection_knock_out",
        "Rejection: a requirement is not met (to the candidate)",
        "Your application for {{ requisition_title }}",
        """
Hi {{ candidate_first_name }},

Thank you for applying for the {{ requisition_title }} role. This role has requirements that,
based on your answers, we cannot meet this time, so we will not take your application further.

We appreciate your interest and hope you will look at our other openings.

Best wishes,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>Thank you for applying for the <strong>{{ requisition_title }}</strong> role. This role has
requirements that, based on your answers, we cannot meet this time, so we will not take your
application further.</p>
<p>We appreciate your interest and hope you will look at our other openings.</p>
<p>Best wishes,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        requisition_title=REQUISITION_TITLE,
        recruiter_name=RECRUITER_NAME,
    ),
    _t(
        "rejection_withdrawn_ack",
        "Withdrawal acknowledged (to the candidate)",
        "We have withdrawn your application for {{ requisition_title }}",
        """
Hi {{ candidate_first_name }},

As you asked, we have withdrawn your application for the {{ requisition_title }} role. Thank you
for the time you spent with us — we wish you all the best, and our door stays open.

Best regards,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>As you asked, we have withdrawn your application for the
<strong>{{ requisition_title }}</strong> role. Thank you for the time you spent with us — we wish
you all the best, and our door stays open.</p>
<p>Best regards,<br>{{ recruiter_name }}</p>
""",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        requisition_title=REQUISITION_TITLE,
        recruiter_name=RECRUITER_NAME,
    ),
    _t(
        "email_bounced_alert",
        "Email bounced (to the recruiter)",
        "Email to {{ candidate_name }} bounced",
        """
Hi {{ recipient_name }},

Our email "{{ message_subject }}" to {{ candidate_name }} <{{ email }}> could not be delivered:
{{ reason }}

Tandem will not email this address again. Please find a working address for them:
{{ candidate_url }}
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>Our email “{{ message_subject }}” to {{ candidate_name }} &lt;{{ email }}&gt; could not be
delivered: {{ reason }}</p>
<p>Tandem will not email this address again. Please
<a href="{{ candidate_url }}">find a working address for them</a>.</p>
""",
        recipient_name=RECIPIENT_NAME,
        candidate_name=CANDIDATE_NAME,
        email=Variable("the address that bounced", "grace@example.org"),
        message_subject=Variable(
            "the subject of the email that bounced", "Your interview for Backend Engineer"
        ),
        reason=Variable("the reason the ESP gave", "Mailbox does not exist."),
        candidate_url=Variable(
            "a link to the candidate's profile", "https://tandem.example.com/candidates/5/"
        ),
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
]

# Every candidate-facing email (a template documenting `candidate_first_name`) ends with the link
# to withdraw talent-pool consent (workflows.duties.messaging.application_context passes it). Rows
# installed before the footer existed got it from careers/migrations/0002.
CONSENT_WITHDRAW_URL = Variable(
    "the candidate's personal link to withdraw their talent-pool consent",
    "https://tandem.example.com/privacy/consent/MTI:1u2v3w/",
)
CANDIDATE_FOOTER_TEXT = """{% if consent_withdraw_url %}
--
To stop us keeping your details for future roles: {{ consent_withdraw_url }}
{% endif %}
"""
CANDIDATE_FOOTER_HTML = """{% if consent_withdraw_url %}<p><small>To stop us keeping your details \
for future roles, <a href="{{ consent_withdraw_url }}">withdraw your talent-pool consent</a>.\
</small></p>{% endif %}
"""


def with_candidate_footer(template: DefaultTemplate) -> DefaultTemplate:
    return replace(
        template,
        text=template.text + CANDIDATE_FOOTER_TEXT,
        html=template.html + CANDIDATE_FOOTER_HTML,
        context={**template.context, "consent_withdraw_url": CONSENT_WITHDRAW_URL},
    )


_TEMPLATES = [
    with_candidate_footer(template) if "candidate_first_name" in template.context else template
    for template in _TEMPLATES
]

DEFAULTS: dict[str, DefaultTemplate] = {template.key: template for template in _TEMPLATES}


def sample_context(key: str) -> dict[str, Any]:
    """The sample values for `key`'s documented variables ({} for a key Tandem does not ship)."""
    default = DEFAULTS.get(key)
    return default.sample_context if default else {}


def install_missing(model) -> list[str]:
    """Create a row of `model` (EmailTemplate, or its historical version in a migration) for each
    shipped key that has none; rows that exist are left as the admins made them."""
    existing = set(model.objects.values_list("key", flat=True))
    missing = [default for key, default in DEFAULTS.items() if key not in existing]
    model.objects.bulk_create(
        model(
            key=default.key,
            name=default.name,
            description=default.description,
            subject=default.subject,
            text_body=default.text,
            html_body=default.html,
        )
        for default in missing
    )
    return [default.key for default in missing]
