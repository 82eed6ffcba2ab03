"""Demo users: one broker (superuser, staff, group brokers) and two agents (group agents).

The passwords are fixed and printed on purpose: this is demo data for a local machine, never for
a server anyone else can reach.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from enterprisehub.accounts import roles
from enterprisehub.accounts.models import User
from enterprisehub.accounts.services import roles_ensure


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    password: str

    @property
    def email(self) -> str:
        return f"{self.username}@demo.enterprisehub.example"


BROKER = DemoUser("broker", "Maria", "Delgado", roles.BROKERS, "austin-broker-demo")
AGENTS = (
    DemoUser("ana.agent", "Ana", "Torres", roles.AGENTS, "austin-agent-demo"),
    DemoUser("ben.agent", "Ben", "Whitaker", roles.AGENTS, "austin-agent-demo"),
)


@dataclass
class Login:
    user: User
    demo: DemoUser
    created: bool


def _ensure(demo: DemoUser, groups: dict) -> Login:
    user = User.objects.filter(username=demo.username).first()
    created = user is None
    if created:
        broker = demo.role == roles.BROKERS
        user = User(
            username=demo.username,
            first_name=demo.first_name,
            last_name=demo.last_name,
            email=demo.email,
            is_staff=broker,
            is_superuser=broker,
        )
        user.set_password(demo.password)
        user.save()
        user.groups.add(groups[demo.role])
    # An existing account is left as it is: re-running changes nothing (and skips a slow
    # password check per user).
    return Login(user, demo, created)


@transaction.atomic
def users_ensure() -> list[Login]:
    """Create the roles and the three demo users if missing; return their logins."""
    groups = roles_ensure()
    return [_ensure(demo, groups) for demo in (BROKER, *AGENTS)]
