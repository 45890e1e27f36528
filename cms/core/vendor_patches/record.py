"""What a vendor patch records, and the vendor versions the patches were last checked against."""

from dataclasses import dataclass

# Distribution name -> the version every patch of it was written against and last checked on.
# After an upgrade, `manage.py check` warns (core.W002) until the patches are looked at again:
# run tests/vendor_patches/, drop the patches whose removal condition now holds, and
# record the new version here.
CHECKED_AGAINST = {
    "wagtail": "8.0.1",
    "wagtail-localize": "1.14.5",
    "modelsearch": "1.3.2",
}

NONE_FOUND = "none found"


@dataclass(frozen=True)
class VendorPatch:
    """One place where the project patches, replaces or leans on a vendor's internals."""

    name: str  # short and stable; tests/vendor_patches/ has one test per name
    vendor: str  # distribution name, a key of CHECKED_AGAINST
    relies_on: str  # the vendor code, URL, template or attribute this depends on
    lives_in: str  # where the project's side of it is
    works_around: str  # what goes wrong without it
    upstream: tuple[str, ...]  # issue or pull-request threads, or (NONE_FOUND,)
    remove_when: str  # the condition under which it can go

    @property
    def checked_against(self):
        return CHECKED_AGAINST[self.vendor]
