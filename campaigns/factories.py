import datetime

import factory
import wagtail_factories

from cms.core.factories import PillarFactory

from .models import CampaignIndexPage, CampaignPage


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    title = "Campaigns"
    slug = "campaigns"
    introduction = "Months and days when we talk about mental health together."

    class Meta:
        model = CampaignIndexPage


class CampaignPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Campaign {n}")
    introduction = "A month of talking about how we really are."
    pillar = factory.SubFactory(PillarFactory)
    starts_on = factory.LazyFunction(datetime.date.today)
    ends_on = None

    class Meta:
        model = CampaignPage
