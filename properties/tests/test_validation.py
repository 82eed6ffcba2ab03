from datetime import UTC, date, datetime
from decimal import Decimal

from properties.reso.validation import record_validate, row_as_dict
from properties.tests.factories import reso_record


def test_valid_record_becomes_a_row_with_features():
    row, problems = record_validate(reso_record("K1", UnknownVendorField="x"))

    assert problems == []
    values = row_as_dict(row)
    assert values["listing_key"] == "K1"
    assert values["standard_status"] == "Active"
    assert values["list_price"] == Decimal("450000.00")
    assert values["lot_size_acres"] == Decimal("0.1800")
    assert values["close_date"] is None
    assert values["listing_contract_date"] == date(2026, 10, 20)
    assert values["modification_timestamp"] == datetime(2026, 11, 1, 10, tzinfo=UTC)
    assert values["features"][:5] == [13.017, 1.8, 3.0, 2.0, 10.5]
    assert "UnknownVendorField" not in values


def test_reso_enum_spellings_map_to_stored_values():
    row, _ = record_validate(
        reso_record(StandardStatus="ActiveUnderContract", PropertyType="ResidentialIncome")
    )

    assert row_as_dict(row)["standard_status"] == "Active Under Contract"
    assert row_as_dict(row)["property_type"] == "Residential Income"


def test_csv_strings_parse_and_blanks_are_missing():
    record = {k: str(v) for k, v in reso_record().items()}
    record["ClosePrice"] = ""
    record["ModificationTimestamp"] = "2026-11-01T04:00:00-06:00"

    row, problems = record_validate(record)

    assert problems == []
    values = row_as_dict(row)
    assert values["bedrooms_total"] == 3
    assert values["close_price"] is None
    assert values["modification_timestamp"] == datetime(2026, 11, 1, 10, tzinfo=UTC)


def test_every_problem_is_reported():
    record = reso_record(
        ListingKey=None,
        StandardStatus="Sold-ish",
        ListPrice=150_000_000,
        BedroomsTotal=51,
        BathroomsTotalInteger=2.5,
        Latitude=40.7,
        Longitude="west",
        CloseDate="31/12/2026",
        ModificationTimestamp="yesterday",
    )

    row, problems = record_validate(record)

    assert row is None
    assert [(p.field, p.code) for p in problems] == [
        ("ListingKey", "required"),
        ("ListPrice", "out_of_range"),
        ("BedroomsTotal", "out_of_range"),
        ("BathroomsTotalInteger", "not_an_integer"),
        ("Latitude", "outside_texas"),
        ("Longitude", "not_a_number"),
        ("StandardStatus", "unknown_value"),
        ("CloseDate", "bad_date"),
        ("ModificationTimestamp", "bad_timestamp"),
    ]


def test_missing_required_fields_and_zero_price():
    record = reso_record(ListPrice=0)
    del record["StandardStatus"]
    del record["ModificationTimestamp"]

    _, problems = record_validate(record)

    assert {(p.field, p.code) for p in problems} == {
        ("ModificationTimestamp", "required"),
        ("ListPrice", "out_of_range"),
        ("StandardStatus", "required"),
    }


def test_non_object_record_is_rejected():
    row, problems = record_validate(["not", "a", "record"])

    assert row is None
    assert problems[0].code == "not_an_object"
