"""Images in listings (the home page, pillar pages) that never take the page down.

A listing shows a dozen pictures; when one rendition does not exist yet and the media storage
cannot be reached to make it (an S3 outage), the page must still render, help links and all.
The picture is then left out (it is decoration beside a titled link) and the failure logged.
Renditions that exist are read from the database (prefetched by the listing), so a working
site pays nothing for this.
"""

import logging

from botocore.exceptions import BotoCoreError, ClientError
from django import template

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def listing_rendition(image, filter_spec):
    """`image`'s rendition for `filter_spec`, or None when it cannot be made right now."""
    if image is None:
        return None
    try:
        return image.get_rendition(filter_spec)
    except (BotoCoreError, ClientError, OSError):  # OSError covers Wagtail's SourceImageIOError
        logger.exception("Could not make the %s rendition of image %s", filter_spec, image.pk)
        return None
