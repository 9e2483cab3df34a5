"""What never reaches a log line or an error report: e-mail addresses, a client's address (kept
truncated, as « Mes sessions » shows it), the secret part of a link (a guardian's answer link,
a password link, a card's check page) and query strings (search terms, filters).

Plain Python, no Django import: the logging configuration loads it before the apps are ready.
A new URL that carries a secret in its path is added to SECRET_PATH (tests/core/test_logs.py
fails on a `token` parameter this pattern misses)."""

import ipaddress
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SEGMENT = r"[^/\s?#\"'<>]+"
# /reponse/<token>/ (and its downloads), /verifier/<token>/, /compte/mot-de-passe/<uid>/<token>/
SECRET_PATH = re.compile(
    rf"(?P<prefix>/(?:reponse|verifier)/){_SEGMENT}"
    rf"|(?P<reset>/compte/mot-de-passe/){_SEGMENT}/{_SEGMENT}"
)
QUERY_STRING = re.compile(r"(?<=[\w/])\?[^\s\"'<>]+")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")


def truncate_ip(address: str | None) -> str:
    """The network, not the machine (CNIL): 192.0.2.0 for 192.0.2.17, a /48 for IPv6."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    return str(network.network_address)


def _truncated(match: re.Match[str]) -> str:
    return truncate_ip(match.group()) or match.group()  # not an address (a time, a version)


def _secret_path(match: re.Match[str]) -> str:
    if match.group("prefix"):
        return f"{match.group('prefix')}[secret]"
    return f"{match.group('reset')}[secret]/[secret]"


def scrub(text: str) -> str:
    """The text with the personal data and secrets we can recognise replaced."""
    text = EMAIL.sub("[e-mail]", text)
    text = SECRET_PATH.sub(_secret_path, text)
    text = QUERY_STRING.sub("?[query]", text)
    text = IPV4.sub(_truncated, text)
    return IPV6.sub(_truncated, text)
