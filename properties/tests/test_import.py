from datetime import UTC, datetime
from decimal import Decimal

import psycopg
import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection

from properties.exceptions import ImportInProgressError
from properties.models import MlsImportRun, Property, RejectedListing
from properties.services import importer as mls_import_module
from properties.services import mls_high_water_mark, mls_import, rejected_listing_retry
from properties.services.listing_writer import OrmListingWriter
from properties.tests.factories import RejectedListingFactory, reso_record

pytestmark = pytest.mark.django_db

T1 = "2026-11-01T10:00:00Z"
T2 = "2026-11-02T10:00:00Z"


def _feed():
    return [
        reso_record("A"),
        reso_record("B", ListPrice=610000, ModificationTimestamp=T2),
        reso_record("BAD", ListPrice=-1, BedroomsTotal=99),
    ]


def test_import_creates_listings_and_keeps_rejects():
    summary = mls_import(records=_feed())

    assert summary.counts() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "deleted": 0,
    }
    b = Property.objects.get(listing_key="B")
    assert b.list_price == Decimal("610000.00")
    assert b.price_per_sqft == Decimal("338.89")
    assert b.features[:2] == [13.3212, 1.8]
    run = MlsImportRun.objects.get()
    assert (run.status, run.created, run.rejected) == ("succeeded", 2, 1)
    assert run.high_water_mark == datetime(2026, 11, 2, 10, tzinfo=UTC)
    bad = RejectedListing.objects.get()
    assert bad.run == run
    assert bad.listing_key == "BAD"
    assert bad.raw["BedroomsTotal"] == 99
    assert [e["field"] for e in bad.errors] == ["ListPrice", "BedroomsTotal"]


def test_every_value_survives_the_copy_encoding_exactly():
    remarks = 'Tab\there, line\nbreak, CR\r, back\\slash, \\N, "quotes", émigré, 🏡 end'
    record = reso_record(
        "ODD\\KEY",
        PublicRemarks=remarks,
        UnparsedAddress="12 O'Neil Ln\tUnit 3",
        City="Round Rock",
        LotSizeAcres=0.1234,
        Latitude=30.5083,
        Longitude=-97.6789,
        CloseDate="2026-10-31",
        ClosePrice=455000.5,
        ModificationTimestamp="2026-11-02T10:00:00.123456-06:00",
    )

    mls_import(records=[record])

    stored = Property.objects.get()
    assert stored.listing_key == "ODD\\KEY"
    assert stored.public_remarks == remarks
    assert stored.unparsed_address == "12 O'Neil Ln\tUnit 3"
    assert stored.lot_size_acres == Decimal("0.1234")
    assert (stored.latitude, stored.longitude) == (30.5083, -97.6789)
    assert stored.close_price == Decimal("455000.50")
    assert stored.modification_timestamp == datetime(2026, 11, 2, 16, 0, 0, 123456, tzinfo=UTC)
    assert stored.features[6] == round(30.5083 * 69.0, 4)


def test_reimport_of_the_same_feed_changes_nothing():
    mls_import(records=_feed())
    before = list(Property.objects.order_by("listing_key").values("listing_key", "updated_at"))

    summary = mls_import(records=_feed())

    assert summary.counts() == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "rejected": 1,
        "deleted": 0,
    }
    after = list(Property.objects.order_by("listing_key").values("listing_key", "updated_at"))
    assert after == before
    assert RejectedListing.objects.count() == 1  # the same bad record is not kept twice


def test_newer_record_updates_and_older_never_overwrites():
    mls_import(records=[reso_record("A", ModificationTimestamp=T2, ListPrice=500000)])

    older = mls_import(records=[reso_record("A", ModificationTimestamp=T1, ListPrice=1)])
    newer = mls_import(
        records=[
            reso_record(
                "A", ModificationTimestamp="2026-11-03T00:00:00Z", StandardStatus="Withdrawn"
            )
        ]
    )

    assert older.counts()["unchanged"] == 1
    assert newer.counts()["updated"] == 1
    listing = Property.objects.get(listing_key="A")
    assert (listing.standard_status, listing.list_price) == ("Withdrawn", Decimal("450000.00"))


def test_duplicate_key_in_one_batch_keeps_the_newest():
    summary = mls_import(
        records=[
            reso_record("A", ModificationTimestamp=T2, ListPrice=700000),
            reso_record("A", ModificationTimestamp=T1, ListPrice=100000),
        ]
    )

    assert (summary.created, summary.unchanged) == (1, 1)
    assert Property.objects.get().list_price == Decimal("700000.00")


def test_since_skips_records_not_newer_than_the_mark():
    since = datetime(2026, 11, 1, 12, tzinfo=UTC)

    summary = mls_import(records=_feed(), since=since)

    assert (summary.created, summary.unchanged, summary.rejected) == (1, 1, 1)
    assert list(Property.objects.values_list("listing_key", flat=True)) == ["B"]


def test_full_run_marks_vanished_keys_deleted_but_not_rejected_ones():
    mls_import(records=[reso_record("A"), reso_record("B"), reso_record("C")])

    summary = mls_import(records=[reso_record("A"), reso_record("C", ListPrice="oops")], full=True)

    assert summary.deleted == 1
    statuses = dict(Property.objects.values_list("listing_key", "standard_status"))
    assert statuses == {"A": "Active", "B": "Delete", "C": "Active"}
    assert Property.objects.count() == 3  # nothing is hard-deleted


def test_dry_run_counts_but_writes_nothing():
    summary = mls_import(records=_feed(), dry_run=True)

    assert (summary.created, summary.rejected, summary.dry_run) == (2, 1, True)
    assert Property.objects.count() == 0
    assert RejectedListing.objects.count() == 0
    assert MlsImportRun.objects.count() == 0


def test_small_batches_give_the_same_counts():
    summary = mls_import(records=[reso_record(f"K{i}") for i in range(25)], batch_size=10)

    assert summary.created == 25
    assert Property.objects.count() == 25


def test_orm_fallback_writer_follows_the_same_rules(monkeypatch):
    def portable(**kwargs):
        return OrmListingWriter(**kwargs)

    monkeypatch.setattr(mls_import_module, "listing_writer", portable)
    mls_import(records=[reso_record("A", ModificationTimestamp=T2), reso_record("B")])

    summary = mls_import(
        records=[
            reso_record("A", ModificationTimestamp=T1, ListPrice=1),
            reso_record("B", ModificationTimestamp=T2, ListPrice=455000),
        ],
        full=True,
    )

    assert summary.counts() == {
        "created": 0,
        "updated": 1,
        "unchanged": 1,
        "rejected": 0,
        "deleted": 0,
    }
    prices = dict(Property.objects.values_list("listing_key", "list_price"))
    assert prices == {"A": Decimal("450000.00"), "B": Decimal("455000.00")}


def test_a_second_import_waits_for_none_while_one_holds_the_lock():
    params = connection.get_connection_params()
    with psycopg.connect(
        dbname=params["dbname"],
        host=params.get("host"),
        port=params.get("port"),
        user=params.get("user"),
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [mls_import_module.LOCK_ID])
        with pytest.raises(ImportInProgressError):
            mls_import(records=_feed())
        other.execute("SELECT pg_advisory_unlock(%s)", [mls_import_module.LOCK_ID])
    assert Property.objects.count() == 0

    assert mls_import(records=_feed()).created == 2  # free again once the other releases it


def test_import_bumps_the_similarity_version_and_high_water_mark(monkeypatch):
    # A private cache: the shared Redis is cleared by tests running in other xdist workers.
    private = LocMemCache("import-test", {})
    monkeypatch.setattr(mls_import_module, "cache", private)

    summary = mls_import(records=_feed())

    assert private.get(mls_import_module.FEATURES_VERSION_KEY) == f"run-{summary.run_id}"
    assert mls_high_water_mark(source="mls") == datetime(2026, 11, 2, 10, tzinfo=UTC)
    assert mls_high_water_mark(source="other") is None


def test_failed_feed_marks_the_run_failed():
    def records():
        yield reso_record("A")
        raise RuntimeError("feed connection lost")

    with pytest.raises(RuntimeError):
        mls_import(records=records(), batch_size=1)

    run = MlsImportRun.objects.get()
    assert (run.status, run.created, run.error) == ("failed", 1, "feed connection lost")
    assert mls_high_water_mark(source="mls") is None


def test_retry_imports_a_fixed_rejected_record():
    rejected = RejectedListingFactory()
    rejected.raw["ListPrice"] = 399000
    rejected.save()

    assert rejected_listing_retry(rejected=rejected) is True

    rejected.refresh_from_db()
    assert rejected.resolved_at is not None
    assert rejected.errors == []
    assert Property.objects.get(listing_key="BAD-1").list_price == Decimal("399000.00")


def test_retry_of_a_still_bad_record_updates_its_reasons():
    rejected = RejectedListingFactory()

    assert rejected_listing_retry(rejected=rejected) is False

    rejected.refresh_from_db()
    assert rejected.resolved_at is None
    assert [e["code"] for e in rejected.errors] == ["out_of_range"]
    assert Property.objects.count() == 0


def test_replay_of_a_stored_timestamp_is_unchanged_without_revalidation():
    """RESO bumps ModificationTimestamp on every change: same timestamp, same record."""
    mls_import(records=[reso_record("A", ModificationTimestamp=T2)])

    replay = mls_import(
        records=[
            reso_record("A", ModificationTimestamp=T2, ListPrice="garbled in transit"),
            reso_record("A", ModificationTimestamp=T1),
        ]
    )

    assert replay.counts() == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "rejected": 0,
        "deleted": 0,
    }
    assert Property.objects.get(listing_key="A").list_price == Decimal("450000.00")
