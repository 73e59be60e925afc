"""Every officials' inspection page renders in Chinese at the root and in English
under /en/, and the officials' navigation leads to it."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.inspections.world import inspection_world
from tests.publishing.conftest import sign_in
from tests.publishing.factories import make_official
from tests.publishing.test_inspections_flow import BASE, page_text, zh

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return inspection_world()


def pages(world):
    """(address, a heading it shows) of every page, without the /en prefix."""
    result = world.corrected
    return [
        (BASE, "Random inspections (双随机、一公开)"),
        (BASE + "new/", "New inspection plan"),
        (f"{BASE}{world.draft_plan.pk}/", "Sample sizes"),
        (f"{BASE}{world.draft_plan.pk}/commit/", "Commit the plan?"),
        (f"{BASE}{world.committed.pk}/", "Enter the public value and draw"),
        (f"{BASE}{world.plan.pk}/", "Drawn entities and their teams"),
        (
            f"{BASE}{world.plan.pk}/entities/{result.drawn_id}/items/{result.item_id}/",
            "Public history",
        ),
        (BASE + "inspectors/", "Inspectors directory (执法检查人员名录库)"),
        (f"{BASE}inspectors/{world.inspectors[0].pk}/", "Declared conflicts (回避)"),
    ]


def test_every_page_reads_in_both_languages(client, world):
    client = sign_in(client, make_official(authority=world.lead))
    for path, heading in pages(world):
        chinese = client.get(path)
        assert chinese.status_code == 200, path
        assert zh(heading) in page_text(chinese), path
        assert '<html lang="zh-Hans"' in page_text(chinese)
        english = client.get("/en" + path)
        assert english.status_code == 200, path
        assert heading in page_text(english), path
        assert '<html lang="en"' in page_text(english)
        # The Chinese page is translated, not English left over.
        assert zh(heading) != heading


def test_the_draw_confirmation_reads_in_both_languages(client, world):
    client = sign_in(client, make_official(authority=world.lead))
    url = f"{BASE}{world.committed.pk}/draw/"
    chinese = client.post(url, {"public_value": "471"})
    assert zh("Draw with this public value?") in page_text(chinese)
    english = client.post("/en" + url, {"public_value": "471"})
    assert "Draw with this public value?" in page_text(english)


def test_the_result_categories_follow_the_language(client, world):
    client = sign_in(client, make_official(authority=world.lead))
    result = world.corrected
    path = f"{BASE}{world.plan.pk}/entities/{result.drawn_id}/items/{result.item_id}/"
    assert "发现问题待后续处理" in page_text(client.get(path))
    assert "Problem found, follow-up pending" in page_text(client.get("/en" + path))


def test_the_officials_navigation_links_to_random_inspections(client, world):
    client = sign_in(client, make_official(authority=world.lead))
    page = page_text(client.get("/officials/"))
    assert f'href="{BASE}"' in page
    with translation.override("zh-hans"):
        assert translation.gettext("Random inspections") in page
    assert reverse("inspections-officials:plans") == BASE
