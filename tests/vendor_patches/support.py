"""Shared by the vendor patch tests: a request as a given user, with messages."""

from django.contrib.messages.storage.cookie import CookieStorage


def request_as(rf, user, method="get", path="/", data=None):
    request = getattr(rf, method)(path, data or {})
    request.user = user
    request._messages = CookieStorage(request)  # wagtail-localize's views add messages
    return request
