import time

import pytest

from tests.conftest import free_port, s3_storages


@pytest.mark.django_db
def test_healthz_reports_ok_with_local_files(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "storage": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_ok_with_s3(client, s3_bucket):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == "ok"


@pytest.mark.django_db
def test_healthz_names_storage_when_s3_is_unreachable_and_answers_quickly(client, settings):
    closed_port = free_port()  # nothing listens there once the probe socket closes
    settings.STORAGES = s3_storages("unreachable", f"http://127.0.0.1:{closed_port}")

    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["storage"]
    assert body["checks"] == {"database": "ok", "storage": "unavailable"}
    assert elapsed < 10, f"health check took {elapsed:.1f}s"
    # Nothing about the endpoint, bucket or credentials leaks into the public body.
    assert str(closed_port) not in response.content.decode()
    assert "unreachable" not in response.content.decode()


@pytest.mark.django_db
def test_healthz_needs_no_login_and_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
