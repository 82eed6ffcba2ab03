"""Re-encrypt every encrypted column under the first FERNET_KEYS entry (resumable)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from compliance.keys import ColumnProgress, keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column under the newest key (the first FERNET_KEYS entry). "
        "Prepend the new key to FERNET_KEYS, run this, then remove the old key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--restart", action="store_true", help="ignore saved progress and start over"
        )

    def handle(self, *args, batch_size: int, restart: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")

        def show(p: ColumnProgress) -> None:
            pct = 100 * p.done // p.total if p.total else 100
            self.stdout.write(
                f"{p.label}: {p.done}/{p.total} ({pct}%) rotated={p.rotated} "
                f"current={p.current} failed={p.failed}{' (resumed)' if p.resumed else ''}"
            )

        results = keys_rotate(batch_size=batch_size, restart=restart, on_progress=show)
        failed = sum(p.failed for p in results)
        rotated = sum(p.rotated for p in results)
        self.stdout.write(f"done: {len(results)} columns, {rotated} values re-encrypted")
        if failed:
            raise CommandError(
                f"{failed} values decrypt under no configured key; keep the old keys until fixed"
            )
