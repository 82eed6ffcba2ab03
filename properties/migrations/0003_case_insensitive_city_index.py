# City search is case-insensitive (UPPER(city) = UPPER(%s)), so the index is on the expression.
# On PostgreSQL it also carries the columns buyer filters and sorts read (INCLUDE), so a search
# finds its page of ids with an index-only scan (city itself is included: PostgreSQL only
# plans index-only scans when every column the query names is stored). SQLite: plain index.
# Written as SQL because SQLite cannot declare INCLUDE (Django would warn on every check).

from django.db import migrations

KEYS = "(upper(city), standard_status, list_price, id)"
INCLUDE = (
    " INCLUDE (city, bedrooms_total, bathrooms_total_integer, living_area, listing_contract_date,"
    " price_per_sqft)"
)


def create_index(apps, schema_editor):
    include = INCLUDE if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX prop_ucity_status_price ON properties_property {KEYS}{include}"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX prop_ucity_status_price")


class Migration(migrations.Migration):

    dependencies = [
        ('properties', '0002_search_indexes_price_per_sqft'),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
