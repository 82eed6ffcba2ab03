import csv
import json

import pytest

from properties.exceptions import FeedInputError
from properties.reso.feeds import feed_records
from properties.tests.factories import reso_record


def test_json_feed_in_web_api_shape_streams_records(tmp_path):
    path = tmp_path / "feed.json"
    body = {"@odata.context": "$metadata#Property", "value": [reso_record("A"), reso_record("B")]}
    path.write_text(json.dumps(body))

    keys = [r["ListingKey"] for r in feed_records(path)]

    assert keys == ["A", "B"]


def test_csv_feed_with_reso_columns(tmp_path):
    path = tmp_path / "feed.csv"
    rows = [reso_record("A"), reso_record("B", ListPrice=500000)]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    records = list(feed_records(path))

    assert [(r["ListingKey"], r["ListPrice"]) for r in records] == [
        ("A", "450000"),
        ("B", "500000"),
    ]


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FeedInputError, match="does not exist"):
        feed_records(tmp_path / "nope.json")


def test_truncated_json_fails_after_the_good_records(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text('{"value": [' + json.dumps(reso_record("A")) + ', {"ListingKey": "B", ')

    records = feed_records(path)

    assert next(records)["ListingKey"] == "A"
    with pytest.raises(FeedInputError, match="stops being valid JSON"):
        next(records)


def test_csv_without_listing_key_column(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("Price,City\n1,Austin\n")

    with pytest.raises(FeedInputError, match="no ListingKey column"):
        list(feed_records(path))
