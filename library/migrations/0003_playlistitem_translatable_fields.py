# Step 1 of 3: PlaylistItem becomes translatable (so each note can be translated with its
# playlist). The new columns start nullable so existing rows can be given their own values
# (0004) before they are required (0005); a default of uuid4 here would give every existing row
# the same key.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_transcript_review"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="playlistitem",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="playlistitem",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]
