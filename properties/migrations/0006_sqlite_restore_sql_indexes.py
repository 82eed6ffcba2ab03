# On SQLite, 0004's AlterField rebuilt properties_property, and a rebuild keeps only the indexes
# Django knows about: the SQL-made "newest" (0002) and city (0003) indexes were lost. This puts
# them back there; PostgreSQL altered the column in place and still has both.

from django.db import migrations


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS prop_status_listed ON properties_property "
        "(standard_status, listing_contract_date DESC, id DESC)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS prop_ucity_status_price ON properties_property "
        "(upper(city), standard_status, list_price, id)"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("properties", "0005_covering_postal_code_index"),
    ]

    operations = [
        migrations.RunPython(restore, migrations.RunPython.noop),
    ]
