"""A long listening history, made fast, for the query-count tests and the benchmark.

A listener with 5,000 history rows has played 5,000 episodes (one row per listener x episode),
and building 5,000 pages through Wagtail one by one takes minutes. Here the page rows are
inserted in bulk (treebeard paths computed as Wagtail would), the episode rows with one
executemany, and the positions with bulk_create. The pages are live, plain episodes of `show`.
"""

import uuid
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

from library.models import EpisodePage

from .models import ListeningPosition


@transaction.atomic
def bulk_episodes(show, count, audio, prefix="bulk"):
    """`count` live episodes under `show` (no revisions, no search index: only rows)."""
    show = Page.objects.get(pk=show.pk)
    content_type = ContentType.objects.get_for_model(EpisodePage)
    first_step = show.numchild + 1
    pages = []
    for number in range(count):
        slug = f"{prefix}-{uuid.uuid4().hex[:10]}"
        pages.append(
            Page(
                path=Page._get_path(show.path, show.depth + 1, first_step + number),
                depth=show.depth + 1,
                numchild=0,
                title=f"{prefix.title()} episode {number + 1}",
                draft_title=f"{prefix.title()} episode {number + 1}",
                slug=slug,
                url_path=f"{show.url_path}{slug}/",
                content_type=content_type,
                locale_id=show.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=timezone.now(),
                last_published_at=timezone.now(),
            )
        )
    Page.objects.bulk_create(pages, batch_size=500)
    created = list(
        Page.objects.filter(path__in=[page.path for page in pages]).values_list("pk", flat=True)
    )
    Page.objects.filter(pk=show.pk).update(numchild=show.numchild + count)

    fields = EpisodePage._meta.local_concrete_fields
    template = EpisodePage(publish_date=date.today(), audio_id=audio.pk)
    rows = []
    for pk in created:
        template.page_ptr_id = pk
        rows.append(
            [
                field.get_db_prep_save(getattr(template, field.attname), connection)
                for field in fields
            ]
        )
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(EpisodePage._meta.db_table)
    with connection.cursor() as cursor:
        # Names from the model's own metadata, values as parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        cursor.executemany(sql, rows)
    return created


@transaction.atomic
def bulk_history(user, episode_ids, duration=600):
    """One position per episode for `user`, newest first in the order given, half finished."""
    now = timezone.now()
    positions = [
        ListeningPosition(
            user=user,
            episode_id=episode_id,
            position_seconds=duration if index % 2 else duration / 3,
            duration_seconds=duration,
            finished=bool(index % 2),
        )
        for index, episode_id in enumerate(episode_ids)
    ]
    ListeningPosition.objects.bulk_create(positions, batch_size=1000)
    # Spread the times out (auto_now set them all to now): the history reads as weeks of use.
    for index, episode_id in enumerate(episode_ids[:50]):
        ListeningPosition.objects.filter(user=user, episode_id=episode_id).update(
            updated_at=now - timedelta(minutes=index)
        )
    ListeningPosition.objects.filter(user=user, episode_id__in=episode_ids[50:]).update(
        updated_at=now - timedelta(days=30)
    )
