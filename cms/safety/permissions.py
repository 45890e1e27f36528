"""Wellbeing reviewers edit the safe-messaging lexicon; editors may read it (to see why a
finding appears); nobody else touches it."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from cms.workflows import roles


def grant_lexicon_permissions(sender=None, **kwargs):
    from .models import SafeMessagingRule

    if getattr(sender, "label", "safety") not in ("safety", "workflows"):
        return
    content_type = ContentType.objects.get_for_model(SafeMessagingRule)
    permissions = {
        action: Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_safemessagingrule",
            defaults={"name": f"Can {action} safe-messaging lexicon entry"},
        )[0]
        for action in ("add", "change", "delete", "view")
    }
    reviewers = Group.objects.filter(name=roles.WELLBEING_REVIEWERS).first()
    if reviewers is not None:
        reviewers.permissions.add(*permissions.values())
    editors = Group.objects.filter(name=roles.EDITORS).first()
    if editors is not None:
        editors.permissions.add(permissions["view"])
