"""schemathesis over every operation of a loaded schema: the loop that both the
in-process run (tests/api/test_schemathesis.py) and the run against the
deployed server (tests/system/test_schema_fuzzing.py) share.

Every operation is called with data generated from the schema, valid and
invalid. Each answer must be no server error, a documented status code and
content type, with documented headers, and a body that the schema describes;
an invalid request must be refused. Generation is derandomised and bounded per
operation, so a run is repeatable and takes a minute or two.
"""

from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

EXAMPLES_PER_OPERATION = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _describe(case, problem: str) -> str:
    first_line = (problem or "").partition("\n")[0]
    return (
        f"{case.method} {case.formatted_path} {case.query!r:.200} "
        f"{case.body!r:.200}: {first_line:.300}"
    )


def _reaches_the_server_whole(case) -> bool:
    """False when a generated query parameter is an empty list: it is not sent
    at all, so a case made invalid by that parameter alone reaches the server
    as a valid request (schemathesis then reports its 200 as accepted)."""
    return not any(value == [] for value in (case.query or {}).values())


def fuzz(schema, headers: dict[str, str]) -> list[str]:
    """Call every operation with generated data; return the failures found."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case):
                # Called below, within this iteration: `mode` is this loop's.
                if mode is GenerationMode.NEGATIVE:  # noqa: B023
                    assume(_reaches_the_server_whole(case))
                try:
                    case.call_and_validate(headers=headers, checks=CHECKS)
                except FailureGroup as group:
                    failures.extend(
                        _describe(case, f"{failure.title}: {failure.message}")
                        for failure in group.exceptions
                    )
                except AssertionError as error:
                    failures.append(_describe(case, str(error)))

            try:
                call()
            except Unsatisfiable:
                # Nothing to generate (no parameter to make invalid, say).
                continue
    return failures


def report(failures: list[str]) -> str:
    return "\n".join(sorted(set(failures)))
