from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

ROLES = {"analyst": "Analyst", "editor": "Editor"}


class Command(BaseCommand):
    help = "Create a staff account in the Analyst or Editor group (asks for the password)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} exists already.")
        user = User(username=username, email=email, is_staff=True)
        password = self.ask_password(user)
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=ROLES[role]))
        self.stdout.write(self.style.SUCCESS(f"Created {role} {username!r}; they log in at /admin/."))

    def ask_password(self, user):
        from getpass import getpass

        for _ in range(3):
            password = getpass("Password: ")
            if password != getpass("Password (again): "):
                self.stderr.write("The passwords differ.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
        raise CommandError("No acceptable password given.")
