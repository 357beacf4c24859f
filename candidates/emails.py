"""The emails the candidates app sends, registered with notifications as the shipped defaults."""

from notifications.defaults import CANDIDATE_NAME, RECIPIENT_NAME, Variable, _t, register

register(
    _t(
        "note_mention",
        "A colleague mentioned you in a note",
        "{{ author_name }} mentioned you in a note on {{ candidate_name }}",
        """
Hi {{ recipient_name }},

{{ author_name }} mentioned you in a note on {{ candidate_name }}:

{{ note_excerpt }}

Read it: {{ note_url }}
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>{{ author_name }} mentioned you in a note on {{ candidate_name }}:</p>
<blockquote>{{ note_excerpt|linebreaksbr }}</blockquote>
<p><a href="{{ note_url }}">Read it</a></p>
""",
        recipient_name=RECIPIENT_NAME,
        author_name=Variable("who wrote the note", "Rita Recruiter"),
        candidate_name=CANDIDATE_NAME,
        note_excerpt=Variable("the start of the note", "@hank can you look at this one?"),
        note_url=Variable(
            "a link to the note", "https://tandem.example.com/candidates/42/#entry-7"
        ),
    ),
)
