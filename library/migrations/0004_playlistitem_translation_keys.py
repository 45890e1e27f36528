# Step 2 of 3: give every playlist item the locale of its playlist and a translation
# key. Items of a translated playlist share the key of the source item they were copied from
# (same episode, or its translation, preferring the same position), so wagtail-localize's next
# sync updates them in place; anything unmatched gets a key of its own.
#
# Saved revisions and wagtail-localize's stored sources hold the items as JSON without these
# fields; read back, each item would get a fresh random key. They are given the same values.

import json
import uuid
from collections import defaultdict

from django.db import migrations


def position(item):
    return (item.sort_order is None, item.sort_order or 0, item.pk)


def assign_translation_keys(apps, schema_editor):
    PlaylistItem = apps.get_model("library", "PlaylistItem")
    Page = apps.get_model("wagtailcore", "Page")

    items = list(PlaylistItem.objects.all())
    if not items:
        return
    playlists = {
        page["id"]: page
        for page in Page.objects.filter(pk__in={item.playlist_id for item in items}).values(
            "id", "locale_id", "translation_key"
        )
    }
    episode_keys = dict(
        Page.objects.filter(pk__in={item.episode_id for item in items}).values_list(
            "id", "translation_key"
        )
    )

    items_by_playlist = defaultdict(list)
    for item in sorted(items, key=position):
        items_by_playlist[item.playlist_id].append(item)
    playlists_by_key = defaultdict(list)
    for playlist_id in sorted(items_by_playlist):
        playlists_by_key[playlists[playlist_id]["translation_key"]].append(playlist_id)

    for playlist_ids in playlists_by_key.values():
        # The oldest page of a translation group is the one the others were copied from.
        source_id, *translation_ids = playlist_ids
        source_items = items_by_playlist[source_id]
        for item in source_items:
            item.translation_key = uuid.uuid4()
        for translation_id in translation_ids:
            unmatched = list(source_items)
            for item in items_by_playlist[translation_id]:
                same_episode = [
                    candidate
                    for candidate in unmatched
                    if episode_keys[candidate.episode_id] == episode_keys[item.episode_id]
                ]
                same_place = [c for c in same_episode if c.sort_order == item.sort_order]
                match = (same_place or same_episode or [None])[0]
                if match is None:
                    item.translation_key = uuid.uuid4()
                else:
                    unmatched.remove(match)
                    item.translation_key = match.translation_key

    for item in items:
        item.locale_id = playlists[item.playlist_id]["locale_id"]
    PlaylistItem.objects.bulk_update(items, ["translation_key", "locale"], batch_size=500)

    rows = {item.pk: item for item in items}
    ContentType = apps.get_model("contenttypes", "ContentType")
    playlist_type = ContentType.objects.filter(app_label="library", model="playlistpage").first()
    if playlist_type is None:
        return

    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.filter(content_type=playlist_type).iterator():
        if add_item_keys(revision.content, rows):
            revision.save(update_fields=["content"])

    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for source in TranslationSource.objects.filter(specific_content_type=playlist_type).iterator():
        content = json.loads(source.content_json)
        if add_item_keys(content, rows):
            source.content_json = json.dumps(content)
            source.save(update_fields=["content_json"])


def add_item_keys(content, rows):
    """Give the serialised playlist's items their row's key and locale; True if changed."""
    changed = False
    for data in (content or {}).get("items") or []:
        row = rows.get(data.get("pk"))
        if row is not None and str(row.playlist_id) == str(content.get("pk")):
            values = {"translation_key": str(row.translation_key), "locale": row.locale_id}
        elif data.get("translation_key") and data.get("locale"):
            continue
        else:
            # An item of a draft that was never saved, or one deleted since.
            values = {"translation_key": str(uuid.uuid4()), "locale": content.get("locale")}
        if any(data.get(name) != value for name, value in values.items()):
            data.update(values)
            changed = True
    return changed


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0003_playlistitem_translatable_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RunPython(assign_translation_keys, migrations.RunPython.noop),
    ]
