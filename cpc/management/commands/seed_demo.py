from django.core.management.base import BaseCommand

from authorities.rls.scope import EVERY_AUTHORITY, database_scope
from cpc.seeding.demo import DEMO_PASSWORD, DEMO_TOTP_KEY, seed_demo


class Command(BaseCommand):
    help = "Create demo agencies, venues and one login per role in every authority."

    def handle(self, *args, **options):
        with database_scope(EVERY_AUTHORITY):  # a platform task: it writes in every authority
            logins = seed_demo()
        width = max(len(login.email) for login in logins)
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for login in logins:
            self.stdout.write(f"  {login.email:<{width}}  {login.role:<24} {login.authority}")
        self.stdout.write(
            "Platform staff and authority administrators also need a code from an authenticator app: "
            f"add the demo key {DEMO_TOTP_KEY} to yours (time-based, 6 digits, 30 seconds)."
        )
