"""Feed tokens are stored as their SHA-256 only. Existing tokens are hashed in place, so the
addresses employees already subscribed to keep working (in the old ?token= form they redirect
to the path form)."""

import hashlib

from django.db import migrations, models


def hash_existing_keys(apps, schema_editor):
    PodcastFeedToken = apps.get_model("library", "PodcastFeedToken")
    for token in PodcastFeedToken.objects.all().only("pk", "key"):
        token.key_hash = hashlib.sha256(token.key.encode()).hexdigest()
        token.save(update_fields=["key_hash"])


def forget_tokens(apps, schema_editor):
    """Going back: the full keys cannot be recovered, so every token is revoked (employees make
    a new address on the show page)."""
    apps.get_model("library", "PodcastFeedToken").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("library", "0009_listening")]

    operations = [
        migrations.AddField(
            model_name="podcastfeedtoken",
            name="key_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(hash_existing_keys, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="podcastfeedtoken", name="key"),
        # Backwards this runs before `key` comes back: the hashed keys cannot fill it.
        migrations.RunPython(migrations.RunPython.noop, forget_tokens, elidable=False),
        migrations.AlterField(
            model_name="podcastfeedtoken",
            name="key_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
