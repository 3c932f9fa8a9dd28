import pytest

from authorities.models import Agency, Authority
from authorities.scoping import UnscopedQuery
from tests.factories import AgencyFactory


@pytest.mark.django_db
def test_reading_tenant_rows_without_an_authority_fails_closed(two_authorities):
    with pytest.raises(UnscopedQuery, match="for_authority"):
        list(Agency.objects.all())
    with pytest.raises(UnscopedQuery):
        Agency.objects.filter(name__contains="shire")
    with pytest.raises(UnscopedQuery):
        Agency.objects.for_authority(None)


@pytest.mark.django_db
def test_for_authority_sees_only_that_authority(two_authorities):
    mine, theirs = two_authorities
    names = set(Agency.objects.for_authority(mine).values_list("name", flat=True))
    assert names == {"Alphashire Police"}
    assert set(Agency.objects.for_authority(theirs.pk).values_list("name", flat=True)) == {"Betashire Police"}


@pytest.mark.django_db
def test_the_named_exit_needs_a_reason(two_authorities):
    with pytest.raises(UnscopedQuery):
        Agency.objects.unscoped(reason="")
    assert Agency.objects.unscoped(reason="platform report").filter(name__endswith="Police").count() >= 2


@pytest.mark.django_db
def test_creating_a_row_must_name_its_authority(two_authorities):
    mine, _ = two_authorities
    with pytest.raises(UnscopedQuery, match="without an authority"):
        Agency.objects.create(name="Nowhere", type="police")
    with pytest.raises(UnscopedQuery):
        Agency.objects.bulk_create([Agency(name="Nowhere", type="police")])
    created = Agency.objects.create(authority=mine, name="Alphashire Housing", type="housing")
    assert Agency.objects.for_authority(mine).filter(pk=created.pk).exists()


@pytest.mark.django_db
def test_an_authority_cannot_take_a_slug_the_product_uses():
    from django.core.exceptions import ValidationError

    authority = Authority(name="Admin Borough", slug="admin")
    with pytest.raises(ValidationError, match="slug"):
        authority.full_clean()


@pytest.mark.django_db
def test_factories_create_through_the_unscoped_path():
    agency = AgencyFactory()
    assert Agency.objects.for_authority(agency.authority).get() == agency
