"""The emails of conversations with candidates, registered with notifications as defaults.

- `conversation_message`: the envelope of every email a person writes to a candidate (the
  subject and body they wrote, and the consent footer). Admins edit its footer, not the words.
- `compose_*`: drafts offered on the compose page (an admin adds more in Django admin with a
  key starting `compose_`); the draft is filled with the candidate's details, then edited.
- `candidate_replied`: to the colleague who owes the answer.
"""

from notifications.defaults import (
    CANDIDATE_FIRST_NAME,
    CANDIDATE_NAME,
    RECIPIENT_NAME,
    RECRUITER_NAME,
    REQUISITION_TITLE,
    Variable,
    _t,
    register,
)

COMPOSE_PREFIX = "compose_"
CANDIDATE_URL = Variable(
    "a link to the candidate's profile in Tandem", "https://tandem.example.com/candidates/42/"
)
SENDER_NAME = Variable("the full name of the person writing", "Rita Recruiter")

register(
    _t(
        "conversation_message",
        "A message a person writes to a candidate (the envelope of what they wrote)",
        "{{ message_subject }}",
        "{{ message_body }}",
        "{{ message_body|linebreaks }}",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        message_subject=Variable("the subject the writer gave", "Your application"),
        message_body=Variable("what the writer wrote", "Hi Grace,\n\nThank you for your time."),
    ),
    _t(
        "candidate_replied",
        "A candidate replied (to the colleague who owes the answer)",
        "{{ candidate_name }} replied: {{ reply_subject }}",
        """
Hi {{ recipient_name }},

{{ candidate_name }} answered{% if requisition_title %} about {{ requisition_title }}{% endif %}:

{{ reply_excerpt }}

They are waiting for an answer by {{ due_at }}: {{ candidate_url }}
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>{{ candidate_name }} answered{% if requisition_title %} about
<strong>{{ requisition_title }}</strong>{% endif %}:</p>
<blockquote>{{ reply_excerpt|linebreaksbr }}</blockquote>
<p>They are waiting for an answer by {{ due_at }}: <a href="{{ candidate_url }}">answer</a>.</p>
""",
        recipient_name=RECIPIENT_NAME,
        candidate_name=CANDIDATE_NAME,
        requisition_title=REQUISITION_TITLE,
        reply_subject=Variable("the subject of their email", "Re: Your application"),
        reply_excerpt=Variable("the start of what they wrote", "Tuesday works for me."),
        due_at=Variable("when the answer is due", "Friday 16 May 2025, 17:00 CEST"),
        candidate_url=CANDIDATE_URL,
    ),
)

register(
    _t(
        "compose_follow_up",
        "Draft: a follow-up to a candidate",
        "{% if requisition_title %}Your application for {{ requisition_title }}"
        "{% else %}Hello from {{ sender_name }}{% endif %}",
        """
Hi {{ candidate_first_name }},

{% if requisition_title %}Thank you again for your interest in the {{ requisition_title }} role.
{% endif %}I wanted to give you a quick update:



Best regards,
{{ sender_name }}
""",
        "",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        candidate_name=CANDIDATE_NAME,
        requisition_title=REQUISITION_TITLE,
        recruiter_name=RECRUITER_NAME,
        sender_name=SENDER_NAME,
    ),
    _t(
        "compose_availability",
        "Draft: ask a candidate for their availability",
        "{% if requisition_title %}{{ requisition_title }}: {% endif %}when are you available?",
        """
Hi {{ candidate_first_name }},

Could you tell me two or three times next week that would suit you for a conversation
{% if requisition_title %}about the {{ requisition_title }} role{% endif %}?

Best regards,
{{ sender_name }}
""",
        "",
        candidate_first_name=CANDIDATE_FIRST_NAME,
        candidate_name=CANDIDATE_NAME,
        requisition_title=REQUISITION_TITLE,
        recruiter_name=RECRUITER_NAME,
        sender_name=SENDER_NAME,
    ),
    footer=False,
)
