"""How Tandem names a user on pages, in the journal and in emails."""


def person_name(user, *, nobody: str = "") -> str:
    """The user's full name, else their username; `nobody` when there is no user (Tandem itself)."""
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()
