import json
from io import StringIO

import httpx
import pytest
import respx
from django.core.management import CommandError, call_command

from properties.models import MlsImportRun, Property
from properties.services import importer
from properties.tasks import mls_sync_task
from properties.tests.factories import reso_record

pytestmark = pytest.mark.django_db
API = "https://api.mls.example/odata"


@pytest.fixture
def feed(tmp_path):
    path = tmp_path / "feed.json"
    records = [reso_record("A"), reso_record("B"), reso_record("X", ListPrice="free")]
    path.write_text(json.dumps({"value": records}))
    return path


def _call(*args):
    out, err = StringIO(), StringIO()
    call_command("sync_mls", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_file_import_prints_a_json_summary(feed):
    out, _ = _call("--file", str(feed), "--json")

    assert json.loads(out) == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "deleted": 0,
    }
    assert Property.objects.count() == 2


def test_dry_run_prints_counts_and_writes_nothing(feed):
    out, err = _call("--file", str(feed), "--dry-run")

    assert out.startswith("dry run (nothing written): created 2  updated 0  unchanged 0")
    assert err == "1 rejected records kept for review (admin)\n"
    assert Property.objects.count() == 0


def test_missing_file_is_one_line_error(tmp_path):
    with pytest.raises(CommandError, match=r"^feed file .*nope.json does not exist$"):
        _call("--file", str(tmp_path / "nope.json"))


def test_broken_json_is_one_line_error_and_the_run_is_recorded_as_failed(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('{"value": [' + json.dumps(reso_record("A")) + ', {"ListingKey": "B"')

    with pytest.raises(CommandError) as error:
        _call("--file", str(path))

    assert str(error.value).startswith("cut.json stops being valid JSON: parse error")
    assert "\n" not in str(error.value)
    assert MlsImportRun.objects.get().status == MlsImportRun.Status.FAILED


def test_bad_since_is_one_line_error(feed):
    with pytest.raises(CommandError, match="--since 'last tuesday' is not an ISO 8601"):
        _call("--file", str(feed), "--since", "last tuesday")


def test_without_file_or_api_configured(settings):
    settings.MLS_API_URL = ""

    with pytest.raises(CommandError, match="MLS_API_URL is not set"):
        _call()


@respx.mock
def test_api_sync_resumes_from_the_high_water_mark(settings):
    settings.MLS_API_URL, settings.MLS_API_TOKEN = API, "secret"
    route = respx.get(f"{API}/Property").mock(
        return_value=httpx.Response(200, json={"value": [reso_record("A")]})
    )

    _call("--json")
    _call("--json")

    assert "$filter" not in route.calls[0].request.url.params
    assert route.calls[1].request.url.params["$filter"] == (
        "ModificationTimestamp gt 2026-11-01T10:00:00.000000Z"
    )


@respx.mock
def test_nightly_task_imports_from_the_api(settings):
    settings.MLS_API_URL, settings.MLS_API_TOKEN = API, "secret"
    respx.get(f"{API}/Property").mock(
        return_value=httpx.Response(
            200, json={"value": [reso_record("A"), reso_record("B", StandardStatus="Closed")]}
        )
    )

    result = mls_sync_task.apply(kwargs={"full": True}).get()

    assert result == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0, "deleted": 0}
    assert MlsImportRun.objects.get().status == "succeeded"


def test_nightly_task_skips_while_another_import_runs(settings, monkeypatch):
    settings.MLS_API_URL = API

    def busy(**kwargs):
        raise importer.ImportInProgressError("another MLS import is running")

    monkeypatch.setattr("properties.services.mls_sync", busy)

    assert mls_sync_task.apply().get() is None
