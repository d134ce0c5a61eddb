"""Property-based fuzzing of every endpoint from the OpenAPI schema (schemathesis +
hypothesis): whatever it sends, no 500. Writes run with a key the fuzzer does not have."""

from __future__ import annotations

import pytest
import schemathesis
from conftest import SAMPLES
from hypothesis import HealthCheck, given, settings

from assistant import NewsAssistant
from ui.api.routes import create_api

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def fuzz_schema(tmp_path_factory):
    desk = NewsAssistant(home=tmp_path_factory.mktemp("fuzz"), api_key="not-for-the-fuzzer")
    desk.ingest([SAMPLES / "byte-brief"])
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_api(desk))


def test_no_server_errors_on_any_endpoint(fuzz_schema):
    failures: list[str] = []
    calls: list[int] = []
    operations = [result.ok() for result in fuzz_schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            response = case.call()
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:200]}")

        check()
    assert failures == []
    assert len(calls) >= 100 and any(code < 300 for code in calls)  # it did exercise the API
