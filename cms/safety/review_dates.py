"""Review-by dates that are kept.

Every live page carries the review-by date of its latest wellbeing sign-off. Once a day
(`manage.py review_overdue`, from cron; `make demo` runs it in its scheduler loop):

1. pages past their date are listed for reviewers (dashboard panel, e-mail digest) and the step
   is written to the page's audit log, once per date;
2. REVIEW_GRACE_DAYS after the date, employees see a quiet "This content is being reviewed"
   note on the page, which stays live (unpublishing support content is worse than showing it);
   a new sign-off removes the note;
3. helplines not verified within HELPLINE_VERIFY_DAYS (or never) are flagged the same way.

Showing or removing a note changes what the page shows, so the page cache is invalidated.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry
from wagtail.models.audit_log import ModelLogEntry

from cms.workflows import roles

from .models import ReviewNotice

logger = logging.getLogger(__name__)

NOTICE_IDS_CACHE_KEY = "safety:review-notice-page-ids"


def grace_days():
    return int(getattr(settings, "REVIEW_GRACE_DAYS", 30))


def helpline_verify_days():
    return int(getattr(settings, "HELPLINE_VERIFY_DAYS", 180))


def overdue_pages(today):
    from cms.workflows.views import pages_due_for_review

    return pages_due_for_review(today=today).select_related("locale").order_by("review_by", "path")


def helplines_to_verify(today):
    from cms.support.models import Helpline

    cutoff = today - datetime.timedelta(days=helpline_verify_days())
    return (
        Helpline.objects.filter(live=True)
        .filter(Q(verified_on__isnull=True) | Q(verified_on__lt=cutoff))
        .select_related("locale")
        .order_by("verified_on", "name")
    )


def notice_page_ids():
    """Ids of pages showing the "being reviewed" note: cached, so a page costs no query."""
    ids = cache.get(NOTICE_IDS_CACHE_KEY)
    if ids is None:
        ids = frozenset(ReviewNotice.objects.values_list("page_id", flat=True))
        cache.set(NOTICE_IDS_CACHE_KEY, ids, None)
    return ids


def notices_changed():
    """What pages show has changed: forget the cached ids and invalidate the page cache."""

    def forget():
        cache.delete(NOTICE_IDS_CACHE_KEY)
        try:
            from cms.core.page_cache import bump_generation
        except ImportError:  # pragma: no cover  (the page cache is not installed)
            return
        bump_generation()

    # Now (this process reads its own writes) and again after commit (another request may
    # have cached the old ids meanwhile).
    forget()
    transaction.on_commit(forget)


def logged_once(entry_model, obj, action, marker):
    """Whether `action` with this `marker` (e.g. the review date) is already in the log."""
    filters = {"action": action, "data__marker": marker}
    if entry_model is PageLogEntry:
        filters["page_id"] = obj.pk
    else:
        filters["object_id"] = str(obj.pk)
        filters["content_type__model"] = obj._meta.model_name
    return entry_model.objects.filter(**filters).exists()


@transaction.atomic
def run(today=None, send_digest=True):
    """The daily pass. Returns what it found and did (for the command's output and tests)."""
    today = today or timezone.localdate()
    grace = datetime.timedelta(days=grace_days())
    result = {"overdue": [], "notices_added": [], "notices_removed": [], "helplines": []}

    overdue = list(overdue_pages(today))
    overdue_ids = {page.pk for page in overdue}
    for page in overdue:
        marker = page.review_by.isoformat()
        result["overdue"].append(page)
        if not logged_once(PageLogEntry, page, "safety.review_overdue", marker):
            log(page, "safety.review_overdue", data={"marker": marker, "review_by": marker})
        if page.review_by + grace < today:
            notice, created = ReviewNotice.objects.get_or_create(
                page=page, defaults={"review_by": page.review_by, "since": today}
            )
            if not created and notice.review_by != page.review_by:
                notice.review_by = page.review_by
                notice.save(update_fields=["review_by"])
            if created:
                result["notices_added"].append(page)
                log(page, "safety.review_notice_shown", data={"marker": marker})

    for notice in ReviewNotice.objects.exclude(page_id__in=overdue_ids).select_related("page"):
        result["notices_removed"].append(notice.page)
        log(notice.page, "safety.review_notice_removed", data={"marker": today.isoformat()})
        notice.delete()
    # A notice whose page is still overdue but within a new date's grace also goes.
    for notice in ReviewNotice.objects.filter(page_id__in=overdue_ids).select_related("page"):
        page = next(p for p in overdue if p.pk == notice.page_id)
        if page.review_by + grace >= today:
            result["notices_removed"].append(notice.page)
            log(notice.page, "safety.review_notice_removed", data={"marker": today.isoformat()})
            notice.delete()

    for helpline in helplines_to_verify(today):
        marker = helpline.verified_on.isoformat() if helpline.verified_on else "never"
        result["helplines"].append(helpline)
        if not logged_once(ModelLogEntry, helpline, "safety.helpline_unverified", marker):
            log(helpline, "safety.helpline_unverified", data={"marker": marker})

    if result["notices_added"] or result["notices_removed"]:
        notices_changed()
    if send_digest and (result["overdue"] or result["helplines"]):
        result["digest_sent_to"] = send_review_digest(result, today)
    return result


def reviewers_emails():
    return sorted(
        set(
            get_user_model()
            .objects.filter(is_active=True, groups__name=roles.WELLBEING_REVIEWERS)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def send_review_digest(result, today):
    recipients = reviewers_emails()
    if not recipients:
        logger.warning("Content due for review, but no wellbeing reviewer has an e-mail address.")
        return []
    finder = AdminURLFinder()
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    grace = datetime.timedelta(days=grace_days())
    context = {
        "today": today,
        "grace_days": grace_days(),
        "pages": [
            {
                "title": page.get_admin_display_title(),
                "language": page.locale.language_code,
                "review_by": page.review_by,
                "days_overdue": (today - page.review_by).days,
                "note_shown": page.review_by + grace < today,
                "url": base + (finder.get_edit_url(page) or ""),
            }
            for page in result["overdue"]
        ],
        "helplines": [
            {
                "name": helpline.name,
                "language": helpline.locale.language_code,
                "verified_on": helpline.verified_on,
                "url": base + (finder.get_edit_url(helpline) or ""),
            }
            for helpline in result["helplines"]
        ],
    }
    subject = _(
        "Heart & Soul: %(pages)s page(s) due for review, %(helplines)s helpline(s) to verify"
    ) % {
        "pages": len(context["pages"]),
        "helplines": len(context["helplines"]),
    }
    body = render_to_string("safety/review_digest.txt", context)
    send_mail(subject, body, None, recipients)
    return recipients


def remove_notice_after_sign_off(sender, instance, **kwargs):
    """`page_published`: a page signed off again stops showing the note at once."""
    page = instance if isinstance(instance, Page) else None
    if page is None:
        return
    notice = ReviewNotice.objects.filter(page_id=page.pk).first()
    if notice is None:
        return
    today = timezone.localdate()
    if overdue_pages(today).filter(pk=page.pk).exists():
        return
    log(page, "safety.review_notice_removed", data={"marker": today.isoformat()})
    notice.delete()
    notices_changed()
