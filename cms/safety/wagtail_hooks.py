from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .annotate import annotate_response
from .models import SafeMessagingRule, Severity
from .review import report_for_revision
from .userbar import add_safe_messaging_rules


class SafeMessagingRuleViewSet(SnippetViewSet):
    model = SafeMessagingRule
    icon = "warning"
    menu_label = gettext_lazy("Safe-messaging lexicon")
    add_to_admin_menu = False
    list_display = ["phrase", "category", "severity", "locale", "active"]
    list_filter = ["locale", "category", "severity", "active"]
    search_fields = ["phrase", "alternative"]
    ordering = ["locale", "category", "phrase"]


register_snippet(SafeMessagingRuleViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("findings/", views.findings_report, name="findings_report"),
        path(
            "review/<int:task_state_id>/",
            views.findings_for_review,
            name="findings_for_review",
        ),
    ]
    return [path("safety/", include((urls, "safety"), namespace="safety"))]


class FindingsReportMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or user.has_perm("safety.view_safemessagingrule")


@hooks.register("register_reports_menu_item")
def register_findings_report_menu_item():
    return FindingsReportMenuItem(
        gettext_lazy("Safe-messaging findings"),
        reverse("safety:findings_report"),
        name="safe-messaging-findings",
        icon_name="warning",
        order=1060,
    )


@hooks.register("construct_wagtail_userbar")
def add_safe_messaging_checks(request, items, page):
    """The lexicon's rules join Wagtail's content checker (user bar and Checks panel)."""
    language_code = page.locale.language_code if getattr(page, "locale_id", None) else None
    for item in items:
        if isinstance(item, ContentCheckerItem):
            add_safe_messaging_rules(item, language_code)


def may_edit(request, page):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    try:
        from cms.core.admin_access import has_admin_access
    except ImportError:  # pragma: no cover

        def has_admin_access(user):
            return user.has_perm("wagtailadmin.access_admin")

    # Employees stop at the cached admin-access answer: no extra query for them.
    return has_admin_access(user) and page.permissions_for_user(user).can_edit()


def mark_findings_for_editors(serve):
    """The live page, for its editors only, carries the marks the user bar's checks point at."""

    def wrapped(page, request, *args, **kwargs):
        response = serve(page, request, *args, **kwargs)
        if may_edit(request, page):
            return annotate_response(response, page.locale.language_code)
        return response

    return wrapped


hooks.register("on_serve_page", mark_findings_for_editors, order=200)


def warn_about_findings(request, obj):
    """After "Submit for review": the findings, as a warning (never a block)."""
    if "action-submit" not in request.POST:
        return
    revision = obj.get_latest_revision()
    report = report_for_revision(revision)
    if report is None or not report.findings:
        return
    high = sum(1 for finding in report.findings if finding["severity"] == Severity.HIGH)
    examples = ", ".join(
        f"“{finding['text'] or finding['alternative']}”" for finding in report.findings[:3]
    )
    messages.warning(
        request,
        _(
            "Safe messaging: %(count)s finding(s), %(high)s high (%(examples)s). Open the "
            "Checks panel for suggested wording; the wellbeing reviewer will see them."
        )
        % {"count": len(report.findings), "high": high, "examples": examples},
    )


@hooks.register("after_edit_page")
def warn_after_page_edit(request, page):
    warn_about_findings(request, page)


@hooks.register("after_create_page")
def warn_after_page_create(request, page):
    warn_about_findings(request, page)


@hooks.register("after_edit_snippet")
def warn_after_snippet_edit(request, instance):
    if hasattr(instance, "get_latest_revision"):
        warn_about_findings(request, instance)


@hooks.register("after_create_snippet")
def warn_after_snippet_create(request, instance):
    if hasattr(instance, "get_latest_revision"):
        warn_about_findings(request, instance)


@hooks.register("register_log_actions")
def register_safety_log_actions(actions):
    actions.register_action(
        "safety.acknowledge",
        gettext_lazy("Safe-messaging finding answered"),
        gettext_lazy("Safe-messaging finding answered by the wellbeing reviewer"),
    )
    actions.register_action(
        "safety.review_overdue",
        gettext_lazy("Review date passed"),
        gettext_lazy("The review-by date passed; reviewers were told"),
    )
    actions.register_action(
        "safety.review_notice_shown",
        gettext_lazy("Shown as being reviewed"),
        gettext_lazy("Employees see “This content is being reviewed”"),
    )
    actions.register_action(
        "safety.review_notice_removed",
        gettext_lazy("Review notice removed"),
        gettext_lazy("Signed off again: the “being reviewed” note is gone"),
    )
    actions.register_action(
        "safety.helpline_unverified",
        gettext_lazy("Helpline needs verifying"),
        gettext_lazy("The helpline was not verified recently enough; reviewers were told"),
    )


@hooks.register("construct_homepage_panels")
def add_content_safety_panel(request, panels):
    from cms.workflows import roles

    from .panels import ContentSafetyPanel

    user = request.user
    if user.is_superuser or user.groups.filter(name=roles.WELLBEING_REVIEWERS).exists():
        panels.append(ContentSafetyPanel(request))
