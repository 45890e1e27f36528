"""Every live page and transcript with findings: for the admin report, its CSV and the command."""

from django.utils.encoding import force_str
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page

from . import checker
from .content import check_object
from .models import Category, Severity


def live_objects():
    from library.models import Transcript

    for page in Page.objects.live().filter(depth__gt=1).specific().select_related("locale"):
        yield "page", page
    for transcript in Transcript.objects.filter(live=True).select_related("locale"):
        yield "transcript", transcript


def live_findings(admin_base=""):
    rules_by_language = {}
    rows = []
    categories = dict(Category.choices)
    severities = dict(Severity.choices)
    for kind, obj in live_objects():
        language = obj.locale.language_code
        if language not in rules_by_language:
            rules_by_language[language] = checker.rules_for(language)
        for finding in check_object(obj, rules_by_language[language]):
            edit_url = AdminURLFinder().get_edit_url(obj) or ""
            rows.append(
                {
                    "kind": kind,
                    "title": force_str(obj.get_admin_display_title() if kind == "page" else obj),
                    "language": language,
                    "severity": force_str(severities.get(finding.severity, finding.severity)),
                    "severity_code": finding.severity,
                    "category": force_str(categories.get(finding.category, finding.category)),
                    "text": finding.text,
                    "where": finding.where,
                    "alternative": finding.alternative,
                    "admin_url": f"{admin_base}{edit_url}" if edit_url else "",
                }
            )
    return rows
