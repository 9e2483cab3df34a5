"""Errors reported to Sentry (its SDK and Django integration) when SENTRY_DSN is set; nothing is
sent without it. No personal data: the SDK is told to collect no user, cookie, request body,
query string, SQL parameter nor local variable, and only harmless request headers (its
`data_collection` option, which replaced `send_default_pii` in sentry-sdk 2.x and is stricter
than `send_default_pii=False`); then every text of an event (message, traceback, URL,
breadcrumbs) goes through the logs' scrubbing (opuss.core.scrubbing) before it leaves. Each
event is tagged with the request id of the log lines of the same request."""

from importlib import metadata
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from opuss.core.logs import request_id
from opuss.core.scrubbing import scrub

OFF = {"mode": "off"}
DATA_COLLECTION = {
    "user_info": False,
    "cookies": OFF,
    "url_query_params": OFF,
    "http_headers": {
        "request": {
            "mode": "allowlist",
            "terms": [
                "host",
                "user-agent",
                "accept",
                "accept-language",
                "content-type",
                "content-length",
                "x-request-id",
            ],
        }
    },
    "http_bodies": [],
    "database_query_data": False,
    "queues": False,
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
    "stack_frame_variables": False,
}
# Whatever the SDK would still attach about the request beyond its URL, method and headers.
REQUEST_PARTS_DROPPED = ("query_string", "data", "cookies", "env")


def release() -> str:
    try:
        return f"opuss@{metadata.version('opuss')}"
    except metadata.PackageNotFoundError:
        return "opuss"


def scrubbed(value: Any) -> Any:
    """Every string inside an event's dicts and lists, scrubbed."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrubbed(item) for item in value]
    return value


def before_send(event: dict, hint: dict) -> dict:
    request = event.get("request") or {}
    for part in REQUEST_PARTS_DROPPED:
        request.pop(part, None)
    event.pop("user", None)
    event.setdefault("tags", {})["request_id"] = request_id.get()
    return scrubbed(event)


def report_errors_to_sentry(dsn: str, environment: str, release_name: str = "", **options):
    """Starts the SDK (called by settings when SENTRY_DSN is set; tests pass a transport)."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release_name or release(),
        integrations=[DjangoIntegration()],
        data_collection=DATA_COLLECTION,
        before_send=before_send,
        **options,
    )
