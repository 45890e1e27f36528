from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import ReviewNotice
from .review_dates import helplines_to_verify, overdue_pages


class ContentSafetyPanel(Component):
    """For wellbeing reviewers: overdue reviews, pages showing the note, helplines to verify."""

    name = "content_safety"
    template_name = "safety/dashboard_panel.html"
    order = 216

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        overdue = list(overdue_pages(today)[:10])
        return {
            "overdue": overdue,
            "overdue_count": overdue_pages(today).count(),
            "notice_count": ReviewNotice.objects.count(),
            "helplines": list(helplines_to_verify(today)[:10]),
            "today": today,
            "due_url": reverse("workflows:due_for_review"),
            "findings_url": reverse("safety:findings_report"),
        }
