# ZIP search reads its page of ids from an index-only scan, as city search does (0003): status
# right after the ZIP so the price range is one contiguous slice, and the columns buyer filters
# and sorts read carried along (INCLUDE, PostgreSQL only). It replaces prop_postal_price, whose
# (postal_code, list_price, standard_status) order made PostgreSQL visit the table for every
# listing in the price band. Written as SQL because SQLite cannot declare INCLUDE.

from django.db import migrations, models

KEYS = "(postal_code, standard_status, list_price, id)"
INCLUDE = (
    " INCLUDE (bedrooms_total, bathrooms_total_integer, living_area, listing_contract_date,"
    " price_per_sqft)"
)


def create_index(apps, schema_editor):
    include = INCLUDE if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX prop_postal_status_price ON properties_property {KEYS}{include}"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX prop_postal_status_price")


class Migration(migrations.Migration):

    dependencies = [
        ("properties", "0004_listing_key_constraint_fewer_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="property", name="prop_postal_price"),
        migrations.RunPython(create_index, drop_index),
    ]
