"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis): whatever
a client sends, valid per the schema or not, the service answers without a server error."""

from __future__ import annotations

import pytest
from service_helpers import make_users

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

from copyhound.service import ServiceConfig, create_app  # noqa: E402

#: Examples per operation and generation mode: bounded, so the test takes about a minute.
EXAMPLES = 6


def test_api_never_answers_a_server_error(tmp_path):
    data = tmp_path / "data"
    # No workers: the fuzzing is of the HTTP layer; accepted jobs just wait in the queue.
    app = create_app(ServiceConfig.at(data, max_upload_bytes=200_000), start_workers=False)
    users = make_users(data)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    seen = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def fuzz(case):
                for headers in (users.root, users.alice, {}):
                    response = case.call(headers=headers)
                    seen.append(response.status_code)
                    assert response.status_code < 500, (
                        case.method,
                        case.path,
                        case.path_parameters,
                        response.text,
                    )

            try:
                fuzz()
            except Unsatisfiable:
                # an operation without parameters has no invalid input to make
                assert mode is GenerationMode.NEGATIVE, operation.label
    assert 401 in seen and 202 in seen and 422 in seen
