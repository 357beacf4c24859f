"""The emails the accounts app sends, registered with notifications as the shipped defaults.

allauth decides when an account email goes (accounts.adapters.AccountAdapter.send_mail); the
outbox and the worker deliver it, like every other email Tandem sends.
"""

from notifications.defaults import RECIPIENT_NAME, Variable, _t, register

PASSWORD_RESET = "account_password_reset"
ACCOUNT_NOTICE = "account_notice"

register(
    _t(
        PASSWORD_RESET,
        "Password reset link (to a Tandem user who asked for one)",
        "Reset your Tandem password",
        """
Hi {{ recipient_name }},

Someone (we hope you) asked to reset the password of your Tandem account {{ username }}.
Choose a new password here; the link works once:

{{ password_reset_url }}

If you did not ask, ignore this email: your password stays as it is.
""",
        """
<p>Hi {{ recipient_name }},</p>
<p>Someone (we hope you) asked to reset the password of your Tandem account
<strong>{{ username }}</strong>.</p>
<p><a href="{{ password_reset_url }}">Choose a new password</a> (the link works once).</p>
<p>If you did not ask, ignore this email: your password stays as it is.</p>
""",
        recipient_name=RECIPIENT_NAME,
        username=Variable("the account's username", "hank"),
        password_reset_url=Variable(
            "the one-time link to choose a new password",
            "https://tandem.example.com/accounts/password/reset/key/1-abc/",
        ),
    ),
    _t(
        ACCOUNT_NOTICE,
        "Account notice (email confirmation, security notices; worded by allauth)",
        "{{ notice_subject }}",
        "{{ notice_body }}",
        "",
        notice_subject=Variable("the notice's subject", "Confirm your email address"),
        notice_body=Variable(
            "the notice's text",
            "Confirm that hank@example.com is yours: https://tandem.example.com/accounts/",
        ),
    ),
)
