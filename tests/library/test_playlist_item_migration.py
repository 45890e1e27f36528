"""Migration 0004 on rows that existed before playlist items were translatable.

The demo is taken back to the schema of 0003 and to what a database held before then (items with
no locale or key, stored JSON without them, no note segments), then migrated forward for real.
Items that were copies of one another must end up sharing a key, and wagtail-localize must then
update the translated items in place.
"""

import json
import uuid
from collections import defaultdict

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Locale, Revision
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from library.models import EpisodePage, PlaylistItem, PlaylistPage
from tests.conftest import restore_demo_if_flushed

# Schema changes need real commits (and SQLite refuses them inside a transaction).
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_ISSUE_6 = ("library", "0003_playlistitem_translatable_fields")
KEYS_ASSIGNED = ("library", "0004_playlistitem_translation_keys")
REPEAT_NOTE = "Worth a second listen."
SWEDISH_REPEAT_NOTE = "Värd att lyssna på igen."


def migrate(targets):
    # A fresh executor each time: its loader reads which migrations are applied when built.
    MigrationExecutor(connection).migrate(targets)


def latest_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def apps_with_library_at(node):
    """Every app's models with library's as of `node` (others hold rows 0004 reads or writes)."""
    nodes = [node if app == "library" else (app, name) for app, name in latest_nodes()]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def migrate_to_latest():
    latest = latest_nodes()
    try:
        migrate(latest)
    except Exception:
        # A broken 0004 leaves gaps that 0005 refuses; fill them so the tests after this one
        # still get the current schema, then fail.
        give_every_item_a_key()
        migrate(latest)
        raise


def give_every_item_a_key():
    Item = apps_with_library_at(KEYS_ASSIGNED).get_model("library", "PlaylistItem")
    for item in Item.objects.select_related("playlist"):
        item.locale_id = item.playlist.locale_id
        item.translation_key = uuid.uuid4()
        item.save(update_fields=["locale", "translation_key"])


def key_groups(items):
    """The sets of item pks that share a translation key, i.e. translate one another."""
    groups = defaultdict(set)
    for pk, key in items:
        groups[key].add(pk)
    return {frozenset(pks) for pks in groups.values()}


def strip_item_keys(content):
    for data in content["items"]:
        data.pop("translation_key", None)
        data.pop("locale", None)


def item_json(item):
    """An item as a playlist's stored JSON held it before items were translatable."""
    return {
        "pk": item.pk,
        "playlist": item.playlist_id,
        "episode": item.episode_id,
        "note": item.note,
        "sort_order": item.sort_order,
    }


def assert_items_json_match_rows(content, rows):
    for data in content["items"]:
        row = rows.get(data["pk"])
        if row is None:
            # A draft's item that was never saved: a key of its own, in the page's locale.
            assert data.get("locale") == content["locale"]
            assert data.get("translation_key")
            assert uuid.UUID(data["translation_key"]) not in {
                r.translation_key for r in rows.values()
            }
        else:
            assert (data.get("translation_key"), data.get("locale")) == (
                str(row.translation_key),
                row.locale_id,
            )


def test_existing_items_get_their_playlists_locale_and_shared_keys():
    restore_demo_if_flushed()  # a browser test before this one leaves an empty database

    english = PlaylistPage.objects.get(locale__language_code="en", slug="start-here")
    swedish = english.get_translation(Locale.objects.get(language_code="sv"))
    first_episode = english.items.order_by("sort_order").first().episode
    swedish_episode = first_episode.get_translation(swedish.locale)
    elsewhere_episode = (
        EpisodePage.objects.filter(locale=english.locale)
        .exclude(pk__in=english.items.values("episode"))
        .first()
    )
    playlist_type = ContentType.objects.get_for_model(PlaylistPage)
    # The demo was built with keys: they say which items are copies of one another.
    expected_groups = key_groups(PlaylistItem.objects.values_list("pk", "translation_key"))

    try:
        migrate([BEFORE_ISSUE_6])
        old = apps_with_library_at(BEFORE_ISSUE_6)
        Item = old.get_model("library", "PlaylistItem")
        Item.objects.update(locale=None, translation_key=None)

        # The source lists its first episode again at the end, twice; the Swedish copy has only
        # the later one, on the episode's Swedish translation, so the position has to decide.
        english_repeats = [
            Item.objects.create(
                playlist_id=english.pk, episode_id=first_episode.pk, sort_order=order, note=note
            )
            for order, note in [(20, ""), (21, REPEAT_NOTE)]
        ]
        swedish_repeat = Item.objects.create(
            playlist_id=swedish.pk, episode_id=swedish_episode.pk, sort_order=21, note=REPEAT_NOTE
        )
        # Added to the Swedish page alone: a copy of nothing.
        swedish_only = Item.objects.create(
            playlist_id=swedish.pk, episode_id=elsewhere_episode.pk, sort_order=3, note="Extra."
        )
        expected_groups |= {
            frozenset({english_repeats[0].pk}),
            frozenset({english_repeats[1].pk, swedish_repeat.pk}),
            frozenset({swedish_only.pk}),
        }

        OldRevision = old.get_model("wagtailcore", "Revision")
        revisions = OldRevision.objects.filter(content_type_id=playlist_type.pk).order_by("pk")
        for revision in revisions:
            strip_item_keys(revision.content)
            # The repeats were published (and synced, below) before then too.
            if revision.object_id == str(english.pk):
                revision.content["items"] += [item_json(item) for item in english_repeats]
            revision.save(update_fields=["content"])
        # An older Swedish draft held an item that was never saved.
        draft = revisions.filter(object_id=str(swedish.pk)).first()
        draft.content["items"].append(
            {
                "pk": None,
                "playlist": swedish.pk,
                "episode": elsewhere_episode.pk,
                "note": "",
                "sort_order": 4,
            }
        )
        draft.save(update_fields=["content"])

        OldSource = old.get_model("wagtail_localize", "TranslationSource")
        for source in OldSource.objects.filter(specific_content_type_id=playlist_type.pk):
            content = json.loads(source.content_json)
            strip_item_keys(content)
            if content["pk"] == english.pk:
                content["items"] += [item_json(item) for item in english_repeats]
            source.content_json = json.dumps(content)
            source.save(update_fields=["content_json"])
        # Before then the items were synchronised whole: no segment for any note.
        old.get_model("wagtail_localize", "StringSegment").objects.filter(
            source__specific_content_type_id=playlist_type.pk,
            context__path__startswith="items.",
        ).delete()
    finally:
        migrate_to_latest()

    rows = {item.pk: item for item in PlaylistItem.objects.select_related("playlist")}
    assert all(item.locale_id == item.playlist.locale_id for item in rows.values())
    assert key_groups((pk, item.translation_key) for pk, item in rows.items()) == expected_groups
    assert len({(item.translation_key, item.locale_id) for item in rows.values()}) == len(rows)

    for revision in Revision.objects.filter(content_type=playlist_type):
        assert_items_json_match_rows(revision.content, rows)
    source = TranslationSource.objects.get(object_id=english.translation_key, locale=english.locale)
    assert_items_json_match_rows(json.loads(source.content_json), rows)

    # wagtail-localize reads the migrated source as it is and updates the Swedish copies in
    # place; the Swedish-only item goes, and the first repeat gets a Swedish copy.
    swedish_pks_before = set(swedish.items.values_list("pk", flat=True))
    translation = Translation.objects.get(source=source, target_locale=swedish.locale)
    translation.save_target(publish=True)
    swedish_items = {
        item.translation_key: item for item in PlaylistItem.objects.filter(playlist=swedish)
    }
    english_items = {
        item.translation_key: item for item in PlaylistItem.objects.filter(playlist=english)
    }
    assert swedish_items.keys() == english_items.keys()
    kept = {item.pk for item in swedish_items.values()} & swedish_pks_before
    assert kept == swedish_pks_before - {swedish_only.pk}

    # A note translated after a sync reaches the Swedish item paired with its source item.
    source.update_from_db()
    repeat_key = rows[english_repeats[1].pk].translation_key
    segment = StringSegment.objects.get(source=source, context__path=f"items.{repeat_key}.note")
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=swedish.locale,
        context=segment.context,
        data=SWEDISH_REPEAT_NOTE,
    )
    Translation.objects.get(pk=translation.pk).save_target(publish=True)
    assert PlaylistItem.objects.get(pk=swedish_repeat.pk).note == SWEDISH_REPEAT_NOTE
