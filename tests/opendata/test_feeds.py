"""Atom feeds per authority, region, list and search, checked as Atom (RFC 4287)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from portal.creditlists.models import ListEntry
from portal.disclosures.choices import RecordState, WithdrawalReason
from portal.registry.models import Region
from portal.search import indexing
from tests.factories import (
    make_authority,
    make_company,
    make_credit_list,
    make_list_entry,
    make_penalty,
    make_permit,
    make_person,
    make_region,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _rfc3339(text: str) -> datetime.datetime:
    value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert value.tzinfo is not None, text
    return value


def parse_atom(response) -> tuple[ET.Element, list[ET.Element]]:
    """Parse a feed and check what RFC 4287 requires of a feed and its entries."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    _rfc3339(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    feed_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    ids = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        _rfc3339(entry.findtext(f"{ATOM}updated"))
        assert entry.findtext(f"{ATOM}id").startswith(("http://", "https://", "tag:"))
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        assert feed_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return feed, entries


@pytest.fixture
def published(db):
    zhejiang = make_region(code="330000", name="浙江省", level=Region.Level.PROVINCE)
    hangzhou = make_region(code="330100", name="杭州市", parent=zhejiang)
    shenzhen = make_region(code="440300", name="深圳市")
    hz = make_authority(region=hangzhou)
    sz = make_authority(region=shenzhen)
    company = make_company(name="杭州华信网络科技有限公司")
    person = make_person(name="张三丰")
    penalty = make_penalty(authority=hz, entity=person, facts="销售过期食品")
    permit = make_permit(authority=hz, entity=company)
    withdrawn = make_penalty(authority=hz, entity=company, content="罚款20000元")
    type(withdrawn).objects.filter(pk=withdrawn.pk).update(
        state=RecordState.WITHDRAWN,
        withdrawal_reason=WithdrawalReason.OBJECTION_UPHELD,
        withdrawn_at=timezone.now(),
    )
    elsewhere = make_penalty(authority=sz)
    draft = make_penalty(authority=hz, state=RecordState.DRAFT, published_at=None)
    credit_list = make_credit_list()
    entry = make_list_entry(entity=person, credit_list=credit_list)
    removed = make_list_entry(
        entity=company,
        credit_list=credit_list,
        listed_on=datetime.date.today() - datetime.timedelta(days=100),
        removed_on=datetime.date.today(),
        removal_reason=ListEntry.RemovalReason.REPAIRED,
    )
    return locals()


def _links(entries) -> set[str]:
    return {
        entry.find(f"{ATOM}link[@rel='alternate']").get("href") for entry in entries
    }


def test_authority_feed(client, published):
    feed, entries = parse_atom(
        client.get(f"/open-data/feeds/authorities/{published['hz'].pk}/")
    )
    links = _links(entries)
    for record in ("penalty", "permit", "withdrawn"):
        assert any(
            href.endswith(published[record].get_absolute_url()) for href in links
        )
    assert not any(
        href.endswith(published["draft"].get_absolute_url()) for href in links
    )
    assert not any(
        href.endswith(published["elsewhere"].get_absolute_url()) for href in links
    )
    text = ET.tostring(feed, encoding="unicode")
    # A withdrawal is a notice: the fact and the reason, never the content.
    assert "罚款20000元" not in text
    assert "张三丰" not in text and "张**" in text


def test_region_feed_includes_the_regions_under_it(client, published):
    _feed, entries = parse_atom(client.get("/open-data/feeds/regions/330000/"))
    links = _links(entries)
    assert any(href.endswith(published["penalty"].get_absolute_url()) for href in links)
    assert not any(
        href.endswith(published["elsewhere"].get_absolute_url()) for href in links
    )
    assert client.get("/open-data/feeds/regions/999999/").status_code == 404


def test_list_feed_has_new_and_removed_entries(client, published):
    slug = published["credit_list"].slug
    feed, entries = parse_atom(client.get(f"/en/open-data/feeds/lists/{slug}/"))
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert "Listed: 张**" in titles
    assert any(title.startswith("Removed from the list") for title in titles)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_search_feed(client, published):
    indexing.rebuild()
    _feed, entries = parse_atom(
        client.get("/open-data/feeds/search/", {"q": "过期食品"})
    )
    assert any(
        href.endswith(published["penalty"].get_absolute_url())
        for href in _links(entries)
    )
    assert client.get("/open-data/feeds/search/", {"q": "x"}).status_code == 404


def test_feeds_are_linked_from_their_pages(client, published):
    authority = client.get(published["hz"].get_absolute_url()).content.decode()
    assert f"/open-data/feeds/authorities/{published['hz'].pk}/" in authority
    listed = client.get(published["credit_list"].get_absolute_url()).content.decode()
    assert f"/open-data/feeds/lists/{published['credit_list'].slug}/" in listed


def test_a_search_feed_with_a_control_character_is_a_bad_request(client):
    for q in ("a\x00b", "a\x01b"):
        response = client.get("/en/open-data/feeds/search/", {"q": q})
        assert response.status_code == 400
        assert "control character" in response.content.decode()


def test_a_stored_control_character_does_not_break_a_feed(client):
    # Records come from files too; XML 1.0 cannot carry U+0001 or U+000B.
    penalty = make_penalty(content="违法\x01内容", decision_number="杭罚\x0b1号")
    _feed, entries = parse_atom(
        client.get(f"/open-data/feeds/authorities/{penalty.authority_id}/")
    )
    [entry] = entries
    assert "杭罚\ufffd1号" in entry.findtext(f"{ATOM}title")
    assert "违法\ufffd内容" in entry.findtext(f"{ATOM}summary")


def test_a_withdrawal_notice_gives_the_day_in_beijing_time(client):
    # Withdrawn at 07:30 in Beijing, which is still 9 March in UTC.
    penalty = make_penalty(content="罚款3000元")
    type(penalty).objects.filter(pk=penalty.pk).update(
        state=RecordState.WITHDRAWN,
        withdrawal_reason=WithdrawalReason.OBJECTION_UPHELD,
        withdrawn_at=timezone.make_aware(datetime.datetime(2025, 3, 10, 7, 30)),
    )
    _feed, entries = parse_atom(
        client.get(f"/en/open-data/feeds/authorities/{penalty.authority_id}/")
    )
    [entry] = entries
    assert entry.findtext(f"{ATOM}title") == f"Withdrawn: {penalty.decision_number}"
    assert entry.findtext(f"{ATOM}summary") == (
        "Withdrawn on 2025-03-10 (Objection upheld). Remove any copy of it."
    )


def test_an_expired_penalty_leaves_the_feed(client):
    # Until the daily housekeeping withdraws it (and the notice appears), an
    # expired penalty is simply out of public view.
    expired = make_penalty(decided_on=datetime.date(2020, 5, 6))
    _feed, entries = parse_atom(
        client.get(f"/open-data/feeds/authorities/{expired.authority_id}/")
    )
    assert entries == []
