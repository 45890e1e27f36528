# Step 3 of 3: every item now has a locale and a translation key; require them.

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0004_playlistitem_translation_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="playlistitem",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="playlistitem",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="playlistitem",
            unique_together={("translation_key", "locale")},
        ),
    ]
