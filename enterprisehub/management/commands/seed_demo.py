"""Austin demo data: roles, a broker and two agents, listings, leads with conversations.

Idempotent (re-running adds only what is missing) and deterministic (fixed random seed).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from enterprisehub.demo import leads as demo_leads
from enterprisehub.demo import listings as demo_listings
from enterprisehub.demo import people
from enterprisehub.demo.areas import AREAS
from leads.routing import services as routing_services
from properties.models import Property

DEFAULT_SEED = 78701


class Command(BaseCommand):
    help = "Create Austin demo data (idempotent): users with printed logins, listings, leads."

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, default=2000, help="listings (default 2000)")
        parser.add_argument("--leads", type=int, default=300, help="leads (default 300)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")

    def handle(self, *args, **options):
        started = time.perf_counter()
        now = timezone.now().replace(microsecond=0)
        logins = people.users_ensure()
        new_users = sum(1 for login in logins if login.created)
        self._say(f"users: {len(logins)} ({new_users} new); groups brokers, agents")

        added = demo_listings.listings_ensure(
            count=options["listings"], seed=options["seed"], now=now
        )
        self._say(f"listings: {added} new, {self._listing_summary()}")

        agents = [login.user for login in logins if login.demo in people.AGENTS]
        self._say(self._routing(agents))
        counts = demo_leads.leads_ensure(
            count=options["leads"],
            seed=options["seed"],
            agents=agents,
            now=now,
            progress=lambda c: self._say(f"  leads: {c.leads} new so far"),
        )
        self._say(
            f"leads: {counts.leads} new ({counts.conversations} conversations, "
            f"{counts.messages} messages, {counts.decisions} bot decisions, "
            f"{counts.events} events)"
        )
        if counts.by_stage:
            stages = ", ".join(f"{k} {v}" for k, v in sorted(counts.by_stage.items()))
            self._say(f"  by stage: {stages}")
        routed = routing_services.leads_waiting_route()
        self._say(f"routing: {len(routed)} new lead(s) without an agent routed by the rules")
        self._say(f"done in {time.perf_counter() - started:.1f} s")
        self._print_logins(logins)

    def _routing(self, agents: list) -> str:
        rule, created = routing_services.routing_default_ensure(agents=agents)
        if not created:
            return f"routing: default rule '{rule.name}' already set up (left as it is)"
        names = " and ".join(str(agent) for agent in agents)
        return f"routing: default rule '{rule.name}' installed, round robin between {names}"

    def _say(self, text: str) -> None:
        self.stdout.write(f"==> {text}" if not text.startswith(" ") else text)

    def _listing_summary(self) -> str:
        zips = {z.code: area.name for area in AREAS for z in area.zips}
        rows = (
            Property.objects.filter(source=demo_listings.SOURCE)
            .values("postal_code")
            .annotate(n=Count("id"))
        )
        by_area: dict[str, int] = {}
        for row in rows:
            name = zips.get(row["postal_code"], "other")
            by_area[name] = by_area.get(name, 0) + row["n"]
        total = sum(by_area.values())
        return f"{total} demo listings: " + ", ".join(f"{k} {v}" for k, v in by_area.items())

    def _print_logins(self, logins: list[people.Login]) -> None:
        self.stdout.write("")
        self.stdout.write(
            "Demo logins (fixed demo passwords, set when the user was first seeded; "
            "for a local demo only, never production):"
        )
        for login in logins:
            where = "/admin/" if login.user.is_staff else "/accounts/login/ -> /listings/, the API"
            password = login.demo.password
            self.stdout.write(
                f"  {login.demo.role[:-1]:<7} {login.user.username:<10} {password:<22} {where}"
            )
