"""Logs: one line per record, readable text or JSON (LOG_FORMAT=json), each with the id of the
request (or task) it belongs to, and none with personal data (opuss.core.scrubbing).

The request id is taken from the request's X-Request-ID header when it is a sane token (the
proxy's, so that its log and ours match), otherwise made here; it is sent back in the response's
X-Request-ID. It is bound when Django starts a request and unbound when the response is closed,
so that Django's own lines about the request ("Not Found: …", written after the middlewares
return) and runserver's carry it too.

No JSON logging library (python-json-logger would do): twenty lines of the standard library's
Formatter write a fixed list of fields (`JsonFormatter.FIELDS`), where such a library writes
every `extra` attribute, and Django passes the whole request as one."""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from opuss.core.scrubbing import scrub

HEADER = "X-Request-ID"
NO_ID = "-"
SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

request_id: ContextVar[str] = ContextVar("request_id", default=NO_ID)
_bound_by_task: ContextVar[bool] = ContextVar("request_id_bound_by_task", default=False)

access_log = logging.getLogger("opuss.request")


def bind_request_id(incoming: str | None) -> str:
    """The id of the request now starting: the incoming one if sane, else a new one."""
    value = incoming if incoming and SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
    request_id.set(value)
    return value


def unbind_request_id() -> None:
    request_id.set(NO_ID)


# Signal receivers, connected in CoreConfig.ready.


def on_request_started(sender, environ=None, **kwargs) -> None:
    if environ is not None:
        bind_request_id(environ.get("HTTP_X_REQUEST_ID"))


def on_request_finished(sender, **kwargs) -> None:
    unbind_request_id()


def on_task_started(sender, task_result, **kwargs) -> None:
    """A task run by a worker has no request: its lines carry its own id. A task run inline
    (TASKS_BACKEND=immediate) keeps the id of the request that enqueued it."""
    if request_id.get() == NO_ID:
        request_id.set(f"task-{task_result.id}")
        _bound_by_task.set(True)


def on_task_finished(sender, task_result, **kwargs) -> None:
    if _bound_by_task.get():
        unbind_request_id()
        _bound_by_task.set(False)


class RequestIdMiddleware:
    """Sends the request id back and writes one line per request (level INFO): method, path
    without its secrets nor query string, status, duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        current = request_id.get()
        if current == NO_ID:  # a request Django did not announce (e.g. a handler called directly)
            current = bind_request_id(request.headers.get(HEADER))
        started = time.monotonic()
        response = self.get_response(request)
        response[HEADER] = current
        path = scrub(request.path)
        access_log.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "method": request.method,
                "path": path,
                "status_code": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class ScrubFilter(logging.Filter):
    """Rewrites the record's message and traceback through opuss.core.scrubbing.scrub."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: the handler reports it as logging always does
            return True
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, the request
    fields when the record has them, and the traceback."""

    FIELDS = ("method", "path", "status_code", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_ID),
        }
        line |= {name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)}
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(log_format: str, level: str) -> dict:
    """settings.LOGGING: every logger, Django's included, writes through one handler that adds
    the request id and scrubs. Django's own handlers (its console, mail_admins: errors go to
    Sentry) are replaced; runserver's lines keep level INFO; SQL with its parameters (names,
    birth dates) is never logged, whatever the level."""
    formatter = (
        {"()": JsonFormatter} if log_format.strip().lower() == "json" else {"format": TEXT_FORMAT}
    )
    ours = {"handlers": ["console"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": RequestIdFilter},
            "scrub": {"()": ScrubFilter},
        },
        "formatters": {"opuss": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id", "scrub"],
                "formatter": "opuss",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": ours | {"level": level},
            "django.server": ours | {"level": "INFO"},
            "django.db.backends": {"level": "INFO" if level == "DEBUG" else level},
        },
    }
