"""The emails the applications package sends: registered with notifications as the shipped defaults.

Admins edit the rows made from these (Django admin, email templates); `sync_email_templates`
installs the ones missing.
"""

from notifications.defaults import (
    CANDIDATE_FIRST_NAME,
    RECIPIENT_NAME,
    RECRUITER_NAME,
    REQUISITION_TITLE,
    Variable,
    _t,
    register,
)

register(
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

Thank you for applying for the {{ requisition_title }} role. Based on your answers, your
application does not meet one of the requirements this role cannot do without, so we will not
take it further this time.

We appreciate your interest and hope you will look at our other openings.

Best wishes,
{{ recruiter_name }}
""",
        """
<p>Hi {{ candidate_first_name }},</p>
<p>Thank you for applying for the <strong>{{ requisition_title }}</strong> role. Based on your
answers, your application does not meet one of the requirements this role cannot do without, so
we will not take it further this time.</p>
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
)
