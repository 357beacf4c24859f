"""The emails the offers package sends: registered with notifications as the shipped defaults.

Admins edit the rows made from these (Django admin, email templates); `sync_email_templates`
installs the ones missing.
"""

from notifications.defaults import (
    CANDIDATE_FIRST_NAME,
    CANDIDATE_NAME,
    HIRING_MANAGER_NAME,
    RECIPIENT_NAME,
    RECRUITER_NAME,
    REQUISITION_TITLE,
    Variable,
    _t,
    register,
)

register(
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
)
