"""`{{ user|person }}`: a user's name on a page, by the one rule of `ats.people.person_name`.

`{{ event.actor|person:"Tandem" }}` names what Tandem did itself (no user) as the argument says.
"""

from django import template

from ats.people import person_name

register = template.Library()


@register.filter
def person(user, nobody: str = "") -> str:
    return person_name(user, nobody=nobody)
