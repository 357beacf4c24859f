"""The container's health probe: `python -m ats.healthcheck` (docker-compose.yml, web service).

It asks this container's gunicorn for /healthz with a Host header Django accepts (the first of
ALLOWED_HOSTS, as a visitor would send it), so the probe keeps working once ALLOWED_HOSTS is
the real domain. Standard library only: it starts in a blink, every 15 seconds.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

URL = "http://127.0.0.1:8000/healthz"


def probe_host(allowed_hosts: str) -> str:
    """The Host header to send: the first ALLOWED_HOSTS entry, a wildcard made concrete
    (".example.com" → "example.com", "*" → "localhost")."""
    first = next((host.strip() for host in allowed_hosts.split(",") if host.strip()), "")
    return first.lstrip("*").lstrip(".") or "localhost"


def main() -> int:
    host = probe_host(os.environ.get("ALLOWED_HOSTS", ""))
    # Sent as if through the TLS proxy: /healthz is exempt from the HTTPS redirect anyway.
    request = urllib.request.Request(URL, headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=3) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"healthz: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
