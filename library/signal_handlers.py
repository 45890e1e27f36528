import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def delete_stored_file(file_field):
    name, storage = file_field.name, file_field.storage

    def delete():
        try:
            storage.delete(name)
        except Exception:
            # A leftover object costs storage, not correctness: log it and carry on.
            logger.exception("Could not delete stored audio %s", name)

    if name:
        transaction.on_commit(delete)


def delete_audio_file_on_delete(sender, instance, **kwargs):
    """Remove the recording from storage once its AudioFile row is really gone."""
    delete_stored_file(instance.file)


def delete_replaced_audio_file(sender, instance, **kwargs):
    """When an editor uploads a new recording for an AudioFile, the old one goes."""
    if not instance.pk:
        return
    previous = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if previous and previous != instance.file.name:
        delete_stored_file(type(instance.file)(instance, instance.file.field, previous))
