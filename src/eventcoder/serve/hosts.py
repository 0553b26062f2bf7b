"""Which client and bind addresses count as this machine (loopback), and which ``Host``
headers the server answers (against DNS rebinding, docs/serve.md)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

WILDCARDS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        addr = ipaddress.ip_address(host)
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
            return addr.ipv4_mapped.is_loopback
        return addr.is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The host of a ``Host`` header: no port, no IPv6 brackets, no trailing dot, lower
    case (``"[::1]:8000"`` -> ``"::1"``, ``"Example.org.:80"`` -> ``"example.org"``)."""
    h = header.strip().lower()
    if h.startswith("["):
        return h[1:].split("]", 1)[0]
    if h.count(":") == 1:
        h = h.split(":", 1)[0]
    return h.rstrip(".")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The host names a server bound to ``bind`` answers: ``localhost``, the bound host
    when it is a name, and ``extra`` (``--allowed-host``; ``*`` accepts any). IP literals
    are always answered: a DNS-rebinding page reaches the server under a name, never
    under the server's own address."""
    names = {"localhost", *(host_name(e) for e in extra if e.strip())}
    if bind not in WILDCARDS and not _is_ip(host_name(bind)):
        names.add(host_name(bind))
    return frozenset(names)


def host_allowed(header: str | None, allowed: frozenset[str] | None) -> bool:
    """Whether a request with this ``Host`` header is answered (``allowed`` None: all)."""
    if allowed is None or "*" in allowed or header is None:
        return True
    host = host_name(header)
    return _is_ip(host) or host in allowed
