def connect():
    from django.db.models.signals import post_migrate
    from wagtail.signals import page_published, task_submitted

    from .permissions import grant_lexicon_permissions
    from .review import store_findings_on_submit
    from .review_dates import remove_notice_after_sign_off

    task_submitted.connect(store_findings_on_submit, dispatch_uid="safety.store_findings")
    post_migrate.connect(grant_lexicon_permissions, dispatch_uid="safety.grant_lexicon")
    page_published.connect(remove_notice_after_sign_off, dispatch_uid="safety.remove_notice")
