from django.core.management.base import BaseCommand, CommandError

from authorities.rules import document


class Command(BaseCommand):
    help = "Write docs/rules.md from the rules catalogue; with --check, fail if it is not current."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only check that docs/rules.md is current")

    def handle(self, *args, check: bool = False, **options):
        target, text = document.path(), document.render()
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if check:
            if current != text:
                raise CommandError(
                    f"{target} is not current with the rules catalogue: run `python manage.py rules_doc`"
                )
            self.stdout.write(f"{target.name} is current")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {target}")
