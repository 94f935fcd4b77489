"""uvicorn's access log shows no secret query values and no huge request lines."""

from __future__ import annotations

import logging
import logging.config
from collections.abc import Iterator

import pytest
from uvicorn.config import LOGGING_CONFIG
from uvicorn.logging import AccessFormatter

from app import access_log

FORMAT = '%s - "%s %s HTTP/%s" %d'


def uvicorn_record(target: str) -> logging.LogRecord:
    """A record as uvicorn's h11/httptools protocols log it."""
    return logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        FORMAT,
        ("127.0.0.1:51234", "GET", target, "1.1", 200),
        None,
    )


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def access_logger() -> Iterator[logging.Logger]:
    """uvicorn's loggers, restored afterwards (dictConfig below changes them globally)."""
    loggers = [logging.getLogger(n) for n in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    saved = [(lg.handlers[:], lg.filters[:], lg.level, lg.propagate) for lg in loggers]
    yield loggers[2]
    for lg, (handlers, filters, level, propagate) in zip(loggers, saved, strict=True):
        lg.handlers[:], lg.filters[:], lg.level, lg.propagate = handlers, filters, level, propagate


def test_filter_redacts_the_query_of_a_uvicorn_record() -> None:
    record = uvicorn_record("/v1/trips?api_key=sk-live-1&vehicle_id=ix3-shanghai&X-Amz-Signature=z")
    assert access_log.RedactAccessLog().filter(record) is True
    assert record.getMessage() == (
        '127.0.0.1:51234 - "GET /v1/trips?api_key=***&vehicle_id=ix3-shanghai'
        '&X-Amz-Signature=*** HTTP/1.1" 200'
    )


def test_filter_cuts_a_huge_query() -> None:
    record = uvicorn_record("/v1/trips?q=" + "x" * 60_000)
    access_log.RedactAccessLog().filter(record)
    assert record.getMessage() == (
        '127.0.0.1:51234 - "GET /v1/trips?q=' + "x" * 510 + '…[+59490 chars] HTTP/1.1" 200'
    )


def test_filter_leaves_other_records_alone() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, "plain", None, None)
    assert access_log.RedactAccessLog().filter(record) is True
    assert record.getMessage() == "plain"


def test_install_once_and_survive_uvicorns_logging_config(access_logger: logging.Logger) -> None:
    access_log.install()
    access_log.install()
    logging.config.dictConfig(LOGGING_CONFIG)  # what uvicorn.Config does at start-up
    assert [type(f) for f in access_logger.filters].count(access_log.RedactAccessLog) == 1
    collect = Collect()
    collect.setFormatter(
        AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False)
    )
    access_logger.handlers[:] = [collect]
    access_logger.info(FORMAT, "127.0.0.1:1", "GET", "/v1/x?token=abc&limit=5", "1.1", 200)
    assert collect.lines == ['127.0.0.1:1 - "GET /v1/x?token=***&limit=5 HTTP/1.1" 200 OK']
