from __future__ import annotations

import pytest

from agents.redaction import redact_query, redact_target, truncate


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ""),
        ("vehicle_id=ix3-shanghai&limit=5", "vehicle_id=ix3-shanghai&limit=5"),
        ("api_key=sk-123&limit=5", "api_key=***&limit=5"),
        (
            "X-Amz-Signature=abc%2Fdef&X-Amz-Credential=AKIA&X-Amz-Expires=60",
            "X-Amz-Signature=***&X-Amz-Credential=AKIA&X-Amz-Expires=60",
        ),
        (
            "ACCESS_TOKEN=t&Secret=s&user_password=p",
            "ACCESS_TOKEN=***&Secret=***&user_password=***",
        ),
        ("keyword=北京", "keyword=***"),  # "key" anywhere in the name: erring on the safe side
        ("api%5Fkey=sk-1&access+token=t", "api%5Fkey=***&access+token=***"),  # names decoded
        ("token&api_key=&a=b=c", "token&api_key=&a=b=c"),  # no value: nothing to hide
        ("signature=a=b", "signature=***"),
    ],
)
def test_secret_values_become_stars(query: str, expected: str) -> None:
    assert redact_query(query) == expected


def test_truncate_marks_what_it_dropped() -> None:
    assert truncate("abcdef", 6) == "abcdef"
    assert truncate("abcdefgh", 6) == "abcdef…[+2 chars]"


def test_long_query_is_cut_then_redacted() -> None:
    query = "q=" + "x" * 600 + "&api_key=sk-secret"
    assert redact_query(query) == "q=" + "x" * 510 + "…[+108 chars]"
    # A secret cut in the middle of its value is still hidden.
    cut_in_value = "a=" + "b" * 497 + "&token=0123456789abcdef"
    assert redact_query(cut_in_value) == "a=" + "b" * 497 + "&token=***…[+10 chars]"


def test_target_redacts_the_query_and_cuts_the_path() -> None:
    assert (
        redact_target("/v1/trips?api_key=sk-1&vehicle_id=x") == "/v1/trips?api_key=***&vehicle_id=x"
    )
    assert redact_target("/v1/trips") == "/v1/trips"
    assert redact_target("/" + "p" * 600 + "?a=1", 100) == "/" + "p" * 99 + "…[+501 chars]?a=1"
