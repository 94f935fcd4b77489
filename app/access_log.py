"""Keep secrets out of uvicorn's access log: query values such as `api_key=...` become `***`.

uvicorn logs each request on the "uvicorn.access" logger as
`'%s - "%s %s HTTP/%s" %d'` with args (client, method, path?query, http_version, status); the
filter rewrites the third arg with the same redaction the journal uses (agents/redaction.py), and
cuts a huge path or query. A logger filter survives uvicorn's own `dictConfig` (which replaces
handlers, not filters), so `install()` may run before or after uvicorn configures logging.
"""

from __future__ import annotations

import logging

from agents.redaction import redact_target

ACCESS_LOGGER = "uvicorn.access"
_TARGET_ARG = 2  # client, method, *target*, http_version, status


class RedactAccessLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > _TARGET_ARG:
            target = args[_TARGET_ARG]
            if isinstance(target, str):
                record.args = (*args[:_TARGET_ARG], redact_target(target), *args[_TARGET_ARG + 1 :])
        return True


def install() -> None:
    """Add the filter to uvicorn's access logger, once however often it is called."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactAccessLog) for f in logger.filters):
        logger.addFilter(RedactAccessLog())
