"""Print a new personal API token for a user (for scripts, and to try the API on the demo)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_create


class Command(BaseCommand):
    help = "Make a personal API token for --user and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="the username")
        parser.add_argument("--write", action="store_true", help="read and write (default: read)")
        parser.add_argument("--name", default="command line", help="what the token is for")
        parser.add_argument("--days", type=int, default=90, help="days until it expires; 0: never")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}.")
        if options["days"] < 0:
            raise CommandError("--days must be 0 (never expires) or more.")
        days = options["days"]
        try:
            _, secret = api_token_create(
                user=user,
                name=options["name"],
                scope=ApiToken.Scope.WRITE if options["write"] else ApiToken.Scope.READ,
                expires_at=timezone.now() + timedelta(days=days) if days else None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(secret)
