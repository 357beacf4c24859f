"""The emails the duties package sends: registered with notifications as the shipped defaults.

Admins edit the rows made from these (Django admin, email templates); `sync_email_templates`
installs the ones missing.
"""

from notifications.defaults import (
    CANDIDATE_NAME,
    DUE_AT,
    HIRING_MANAGER_NAME,
    RECIPIENT_NAME,
    RECRUITER_NAME,
    REQUISITION_TITLE,
    TASK_TITLE,
    TASK_URL,
    Variable,
    _t,
    register,
)

register(
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
)
