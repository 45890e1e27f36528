def connect():
    from django.db.models.signals import post_migrate
    from wagtail.signals import task_submitted

    from .permissions import grant_lexicon_permissions
    from .review import store_findings_on_submit

    task_submitted.connect(store_findings_on_submit, dispatch_uid="safety.store_findings")
    post_migrate.connect(grant_lexicon_permissions, dispatch_uid="safety.grant_lexicon")
