from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.datastructures import MultiValueDict


class LoginForm(AllauthLoginForm):
    """allauth's login form, labelled in Tandem's words; `username` is accepted for `login`
    (the name Django's own login form used, which scripts and password managers may post)."""

    def __init__(self, *args, **kwargs) -> None:
        data = kwargs.get("data")
        if data is not None and "login" not in data and "username" in data:
            data = data.copy() if hasattr(data, "copy") else MultiValueDict(data)
            data["login"] = data["username"]
            kwargs["data"] = data
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email"
        self.fields["login"].widget.attrs.update(
            {"autocomplete": "username", "placeholder": "", "autofocus": True}
        )
        self.fields["password"].widget.attrs["placeholder"] = ""
        self.fields["password"].help_text = ""
