from __future__ import annotations

from datetime import datetime

from agents.journal import Journal

NOW = datetime.fromisoformat("2026-06-01T08:00:00+08:00")


def record(journal: Journal, n: int, *, path: str = "/v1/trips", query: str = "") -> None:
    journal.record(
        request_id=f"req-{n:06d}",
        method="GET",
        path=path,
        query=query,
        status=200,
        sim_time=NOW,
        duration_ms=1.0,
        fault=None,
    )


def test_query_is_redacted_and_cut_and_path_cut() -> None:
    journal = Journal()
    record(journal, 1, query="vehicle_id=ix3-shanghai&api_key=sk-live-123&X-Amz-Signature=ab")
    record(journal, 2, path="/v1/places/" + "北" * 600, query="q=" + "x" * 60_000)
    first, second = journal.entries()
    assert first.query == "vehicle_id=ix3-shanghai&api_key=***&X-Amz-Signature=***"
    assert second.query == "q=" + "x" * 510 + "…[+59490 chars]"
    assert second.path == "/v1/places/" + "北" * 501 + "…[+99 chars]"


def test_long_request_id_is_cut() -> None:
    journal = Journal()
    journal.record(
        request_id="r" * 200,
        method="GET",
        path="/v1/trips",
        query="",
        status=200,
        sim_time=NOW,
        duration_ms=1.0,
        fault=None,
    )
    assert journal.entries()[0].request_id == "r" * 128 + "…[+72 chars]"


def test_bytes_bound_drops_the_oldest_entries() -> None:
    probe = Journal()
    record(probe, 1, query="q=" + "x" * 400)
    one = probe.bytes_used
    # CPython 3.11: the 9-tuple (112) and its values, 402 ASCII characters of query among them.
    assert one == 860

    journal = Journal(size=500, max_bytes=3 * one + one // 2)
    for n in range(1, 11):
        record(journal, n, query="q=" + "x" * 400)
    assert [e.request_id for e in journal.entries()] == [
        "req-000008",
        "req-000009",
        "req-000010",
    ]
    assert journal.bytes_used == 3 * one
    assert [e.seq for e in journal.entries()] == [8, 9, 10]  # seq keeps counting


def test_entry_count_bound_still_applies() -> None:
    journal = Journal(size=2)
    for n in range(1, 5):
        record(journal, n)
    assert [e.seq for e in journal.entries()] == [3, 4]


def test_the_newest_entry_stays_even_if_alone_it_is_over_the_bound() -> None:
    journal = Journal(max_bytes=1024)
    record(journal, 1)
    record(journal, 2, path="/" + "p" * 2000)
    assert [e.seq for e in journal.entries()] == [2]
    journal.clear()
    assert (len(journal), journal.bytes_used) == (0, 0)
