"""GoHighLevel both ways: signed webhooks in (stored once, processed per contact in Celery) and
a rate-limited httpx client out (contacts, tags, custom fields, texts, notes, deletions)."""
