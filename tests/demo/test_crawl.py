"""Every page linked from the demo's pages, as every role, answers without a server error.

A breadth-first walk from each role's start page over the demo data, following every link to
Tandem itself (GET only: links never change anything). Each kind of page (its URL pattern) is
visited a few times with different objects, so the walk covers every page without visiting
every one of the demo's thousands of rows.
"""

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve, reverse

from requisitions.models import Requisition
from workflows.models import Application

PER_PATTERN = 5
SKIP_PREFIXES = ("/static/", "/media/", "/accounts/logout/", "/admin/logout/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal(href: str) -> str | None:
    href, _fragment = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _pattern(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.route or match.view_name


def _one_of_each_state() -> list[str]:
    """A requisition in each status and an application in each state: a page in every state."""
    urls = []
    for status in Requisition.Status.values:
        requisition = Requisition.objects.filter(status=status).order_by("pk").first()
        if requisition is not None:
            urls.append(reverse("requisitions:detail", args=[requisition.pk]))
    for state in Application.State.values:
        application = Application.objects.filter(state=state).order_by("pk").first()
        if application is not None:
            urls.append(application.get_absolute_url())
    return urls


def _crawl(client, start: list[str]) -> tuple[dict[str, int], int]:
    seen, errors, per_pattern = set(start), {}, Counter()
    queue = deque(start)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code >= 500:
            errors[url] = response.status_code
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            link = _internal(href)
            if link is None or link in seen:
                continue
            pattern = _pattern(link)
            if pattern is None or per_pattern[pattern] >= PER_PATTERN:
                continue
            per_pattern[pattern] += 1
            seen.add(link)
            queue.append(link)
    return errors, len(seen)


@pytest.mark.parametrize("username", ["recruiter", "manager", "admin", None])
def test_no_page_linked_from_the_demo_is_a_server_error(demo_data, client, username):
    if username:
        client.force_login(get_user_model().objects.get(username=username))
        start = ["/dashboard/", "/requisitions/", "/candidates/", "/reports/", "/tasks/"]
        start += _one_of_each_state()  # an outsider's share of them answers 404, not 500
        if username == "admin":
            start.append("/admin/")
    else:
        start = ["/jobs/", "/accounts/login/"]
    client.raise_request_exception = False
    errors, visited = _crawl(client, start)
    assert visited > (5 if username is None else 40)
    assert errors == {}
