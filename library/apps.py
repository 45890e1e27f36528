from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Audio library"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, pre_save

        from .listening import signal_handlers as listening_signal_handlers
        from .models import AudioFile
        from .signal_handlers import delete_audio_file_on_delete, delete_replaced_audio_file

        post_delete.connect(
            delete_audio_file_on_delete, sender=AudioFile, dispatch_uid="library.delete_audio"
        )
        pre_save.connect(
            delete_replaced_audio_file, sender=AudioFile, dispatch_uid="library.replace_audio"
        )
        listening_signal_handlers.connect()
